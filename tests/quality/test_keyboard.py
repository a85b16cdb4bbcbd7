"""Keyboard only, as a person who cannot use a touch screen or a mouse: from the top of the checker
page to a result, with the focus always visible, in a logical order, and the result announced."""
from __future__ import annotations

import pytest

from tests.conftest import PHONE, screenshot
from tests.checker_page.conftest import (engine_view, expected_attrs, result_attrs, rules,  # noqa: F401 (fixture)
                               verifier_url, wait_ready, wait_result)

ANSWERS = {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui", "diplome": "non",
           "annees_pratique": "4", "couverture_actuelle": "aucune", "regime_fiscal": "aucun"}

FOCUS_INFO = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const visible = (node) => {
    if (!node) return false;
    const s = getComputedStyle(node);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
  };
  // Material's option toggles are hidden inputs whose ring is drawn on the label that follows.
  const partner = el.nextElementSibling && el.nextElementSibling.tagName === 'LABEL' ? el.nextElementSibling : null;
  const r = el.getBoundingClientRect(), shown = partner || el;
  const onScreen = shown.checkVisibility({visibilityProperty: true}) &&
    r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight;
  const form = document.getElementById('verifier-form');
  const all = Array.from(document.querySelectorAll('*'));
  return {tag: el.tagName, type: el.type || '', name: el.name || '', value: el.value || '',
          checked: !!el.checked, inForm: !!(form && form.contains(el)),
          focusVisible: el.matches(':focus-visible') && onScreen &&
            (visible(el) || visible(el.closest('label')) || visible(partner)),
          position: all.indexOf(el)};
}"""


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_keyboard_alone_reaches_a_result(browser, site_server, rules, lang):
    ctx = browser.new_context(viewport=PHONE)
    page = ctx.new_page()
    page.goto(verifier_url(site_server, lang))
    wait_ready(page)
    assert page.get_attribute("#resultat", "aria-live") == "polite", "the result must be announced"

    positions: list[int] = []
    answered: set[str] = set()
    pending_js = """(answers) => Object.keys(answers).filter(f => {
        const q = document.getElementById('q-' + f); return q && !q.hidden && q.offsetParent !== null; })"""
    for _ in range(200):
        page.keyboard.press("Tab")
        wait_result(page)  # the checker may show a new question after the last answer
        info = page.evaluate(FOCUS_INFO)
        assert info is not None, "focus was lost to the page body"
        assert info["focusVisible"], f"focus not visible on {info}"
        if not info["inForm"]:
            still = [f for f in page.evaluate(pending_js, ANSWERS) if f not in answered]
            if answered and not still:  # left the form with every shown question answered
                break
            continue
        positions.append(info["position"])
        name = info["name"]
        if info["type"] == "radio" and name in ANSWERS and name not in answered:
            page.keyboard.press("Space")  # checks the focused option; arrows then move the choice
            for _ in range(8):
                if page.evaluate(f"document.querySelector('input[name={name}]:checked')?.value") == ANSWERS[name]:
                    break
                page.keyboard.press("ArrowDown")
            wait_result(page)
            answered.add(name)
        elif info["type"] == "number" and name in ANSWERS and name not in answered:
            page.keyboard.type(ANSWERS[name])
            answered.add(name)
    assert answered == set(ANSWERS), f"not every question could be reached by keyboard: {set(ANSWERS) - answered}"
    first_pass = positions[:positions.index(max(positions)) + 1]
    assert first_pass == sorted(first_pass), "the focus order must follow the reading order"

    report, _ = engine_view(rules, ANSWERS, lang)
    page.wait_for_function(
        "(e) => document.getElementById('resultat').dataset.amoStatus === e", arg=report["amo"]["status"],
        timeout=30_000)
    assert result_attrs(page) == expected_attrs(report)
    assert report["rna"]["category"] == "artisan_experience"  # the answers above reach a real outcome
    screenshot(page, f"keyboard-result-{lang}")
    ctx.close()
