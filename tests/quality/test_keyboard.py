"""Keyboard only, as a person who cannot use a touch screen or a mouse: from the checker's start page,
through one question per page, to a result, with the focus always visible and in reading order."""
from __future__ import annotations

import pytest

from checker.model import LANGS
from tests.checker_page.conftest import engine_view, expected_attrs, result_attrs, rules  # noqa: F401 (fixture)
from tests.conftest import PHONE, page_url_path, screenshot

ANSWERS = {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui", "diplome": "non",
           "annees_pratique": "4", "couverture_actuelle": "aucune", "regime_fiscal": "aucun"}

# The focused element: whether it is the one wanted, whether its focus ring shows, its place in the page.
FOCUS_INFO = """(wanted) => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
  const onScreen = r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight;
  return {wanted: el === wanted, focusVisible: el.matches(':focus-visible') && ring && onScreen,
          position: Array.from(document.querySelectorAll('*')).indexOf(el)};
}"""

# The option a person picks for an answer: a choice's own link, or the range holding the number.
OPTION = """([fact, value]) => {
  const links = Array.from(document.querySelectorAll(`a.ck-option[data-fact="${fact}"]`));
  const exact = links.find((a) => a.dataset.value === value);
  return exact || links.filter((a) => Number(a.dataset.value) <= Number(value)).pop() || null;
}"""


def tab_to(page, wanted_handle) -> None:
    """Tab until `wanted_handle` has the focus; every stop on the way shows its focus, in reading order."""
    positions = []
    for _ in range(120):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_INFO, wanted_handle)
        assert info is not None, "focus was lost to the page body"
        assert info["focusVisible"], f"focus not visible at position {info['position']}"
        positions.append(info["position"])
        if info["wanted"]:
            assert positions == sorted(positions), "the focus order must follow the reading order"
            return
    raise AssertionError("the wanted link cannot be reached with Tab")


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_alone_reaches_a_result(browser, site_server, rules, lang):
    ctx = browser.new_context(viewport=PHONE)
    page = ctx.new_page()
    page.goto(site_server + page_url_path(lang, "verifier/"))
    tab_to(page, page.query_selector("[data-start]"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for _ in range(len(ANSWERS) + 1):
        if page.locator("#resultat").count():
            break
        fact = page.locator("[data-question]").get_attribute("data-question")
        option = page.evaluate_handle(OPTION, [fact, ANSWERS[fact]])
        assert option.as_element() is not None, f"no option for {fact}={ANSWERS[fact]}"
        tab_to(page, option)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    report, _ = engine_view(rules, ANSWERS, lang)
    assert result_attrs(page) == expected_attrs(report)
    assert report["rna"]["category"] == "artisan_experience"  # the answers above reach a real outcome
    screenshot(page, f"keyboard-result-{lang}")
    ctx.close()
