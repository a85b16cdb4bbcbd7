"""The checker's pages with the engine live in the browser (checker-live.js + the worker, real
Pyodide in real Chromium): offline, a path whose pages were never fetched still reaches the right
outcome, drawn by the cached engine as the build rendered it; online, an outcome page is
re-checked for the phone's date and replaced, with a notice, only when the route changed."""
from __future__ import annotations

import datetime
import html
import re

import pytest

import checker
from checker import web_pages
from sitebuild.postbuild import checker_pages
from tests.checker_page.test_checker_pages import (built_on, checker_site_url, page_file, rules,  # noqa: F401
                                                   states)
from tests.conftest import PHONE, page_url_path
from tests.support.static_server import serve

ROUTE = ("rna-status", "rna-category", "amo-status", "amo-regime")
ATTRS = (*ROUTE, "code", "answers")
ENGINE_MS = 300_000  # a cold Pyodide start in a worker on a busy 2-core machine
BEFORE_RULES = datetime.date(2021, 6, 1)  # before rules in force from 2022 (checker/rules/amo.toml)
SECTION = re.compile(r'<section class="ck-outcome" id="resultat"[^>]*>')
# The static article as the browser reads it (same serialisation as the live one); the QR code is
# the build's only addition (segno is not in Pyodide), so it is left out of the comparison.
ARTICLE_JS = """html => { const d = new DOMParser().parseFromString(html, 'text/html');
  const a = d.querySelector('article.md-content__inner');
  for (const qr of a.querySelectorAll('.ck-print-qr')) { qr.previousSibling.remove(); qr.remove(); }
  return a.innerHTML.trim(); }"""
LIVE_JS = "() => document.querySelector('article.md-content__inner').innerHTML.trim()"
UNDER_NOTICE_JS = """() => { const a = document.querySelector('article.md-content__inner').cloneNode(true);
  a.querySelector('.ck-live').remove(); return a.innerHTML.trim(); }"""


def static_attrs(site, lang: str, code: str) -> dict[str, str]:
    text = page_file(site, lang, (code or "0") + "/").read_text(encoding="utf-8")
    section = SECTION.search(text).group(0)
    return {k: html.unescape(re.search(rf'data-{k}="([^"]*)"', section).group(1)) for k in ATTRS}


def page_attrs(page, keys=ATTRS) -> dict[str, str]:
    r = page.locator("#resultat")
    return {k: r.get_attribute(f"data-{k}") or "" for k in keys}


def same_as_static(page, site, lang: str, code: str) -> None:
    """The article the engine wrote in the page is the static page's article (the QR code aside)."""
    static = page_file(site, lang, (code or "0") + "/").read_text(encoding="utf-8")
    assert page.evaluate(LIVE_JS) == page.evaluate(ARTICLE_JS, static), code


def route(report: dict) -> dict[str, str]:
    return {"rna-status": report["rna"]["status"], "rna-category": report["rna"]["category"] or "",
            "amo-status": report["amo"]["status"], "amo-regime": report["amo"]["regime"] or ""}


def csp_violations(page) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    return seen


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_offline_a_path_never_fetched_reaches_the_right_outcome(browser, built_site, states, lang):  # noqa: F811
    outcome = max((s for s in states if s.fact is None), key=lambda s: (len(s.code), s.code))
    question = outcome.code_before(len(outcome.answers) - 1)  # its last question: never fetched either
    server = serve(built_site)  # our own server, shut down after the first visit: truly offline
    base = f"http://127.0.0.1:{server.server_port}"
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        violations = csp_violations(page)
        page.goto(base + page_url_path(lang, "verifier/"))  # one visit to the start page, nothing else
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=180_000)
        page.locator("[data-keep] button").click()  # "keep the whole checker on this phone"
        page.wait_for_selector("html[data-checker-offline=yes]", state="attached", timeout=ENGINE_MS)
        server.shutdown()
        server.server_close()
        ctx.set_offline(True)
        # A question never fetched: the service worker's own copy (test_offline.py); one tap to an
        # outcome never fetched: the plain page first, then the cached engine draws the outcome there.
        page.goto(base + page_url_path(lang, f"verifier/{question}/"))
        assert page.locator(f'.ck-question[data-code="{question}"]').count() == 1
        same_as_static(page, built_site, lang, question)
        page.locator("a.ck-option").nth(int(outcome.code[-1]) - 1).click()  # one tap, as a person does
        page.wait_for_url(f"**/verifier/{outcome.code}/")
        assert page.locator('[data-offline-page="outcome"]').count() == 1, "the plain page first, never a blank"
        page.wait_for_selector(f"html[data-rendered=engine][data-rendered-code='{outcome.code}']",
                               state="attached", timeout=ENGINE_MS)
        assert page.locator(".ck-live").count() == 0, "the 'preparing' line stays after the page is shown"
        assert page_attrs(page) == static_attrs(built_site, lang, outcome.code)
        same_as_static(page, built_site, lang, outcome.code)
        assert page.locator("[data-summary]").is_visible()
        page.go_back()  # Back, still offline: the question again
        page.wait_for_selector(f'.ck-question[data-code="{question}"]', state="attached", timeout=30_000)
        assert [v for v in violations if "inline script" not in v] == []
    finally:
        ctx.close()
        server.shutdown()


@pytest.fixture(scope="module")
def live_context(browser):
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    yield ctx
    ctx.close()


def changed_before_rules(rules, states) -> tuple[web_pages.State, web_pages.State]:  # noqa: F811
    """An outcome, and the page its answers lead to on BEFORE_RULES when that page is another
    (another route, or one more question: the rules may ask otherwise on another day)."""
    for st in states:
        if st.fact is not None:
            continue
        then = web_pages.state_for(dict(st.answers), BEFORE_RULES, rules=rules)
        if then.fact is not None or route(then.report.to_dict()) != route(st.report.to_dict()):
            return st, then
    raise AssertionError(f"no outcome changes on {BEFORE_RULES}: pick another date")


def test_an_outcome_is_rechecked_for_the_phones_date(live_context, built_site, site_server, rules, states):  # noqa: F811
    st, then = changed_before_rules(rules, states)
    page = live_context.new_page()
    page.clock.set_fixed_time(datetime.datetime(2021, 6, 1, 12, 0))
    violations = csp_violations(page)
    page.goto(site_server + page_url_path("fr", f"verifier/{st.path}"))
    assert page_attrs(page, ROUTE) == route(st.report.to_dict())  # the static page came first, readable at once
    page.wait_for_selector("html[data-rendered]", state="attached", timeout=ENGINE_MS)
    assert page.evaluate("document.documentElement.dataset.rendered") == "updated"
    if then.fact is None:
        assert page_attrs(page, ROUTE) == route(then.report.to_dict())
        assert page.locator("#resultat").get_attribute("data-on") == BEFORE_RULES.isoformat()
    else:  # on that day these answers lead to one more question
        assert page.locator(f'.ck-question[data-question="{then.fact}"]').count() == 1
    # What the page shows under the notice is what the engine (CPython here) renders for that day.
    media = checker_pages.media(built_site)  # the build's recordings and pictograms, as the worker has them
    expected = web_pages.page_for_state("fr", then, BEFORE_RULES, rules=rules, site_url=checker_site_url(),
                                        media=media).html
    shown = page.evaluate(UNDER_NOTICE_JS)
    assert shown == page.evaluate(ARTICLE_JS, f'<article class="md-content__inner">{expected}</article>')
    notice = page.locator("p.ck-live[role=status]")
    assert notice.is_visible()
    assert notice.inner_text() == web_pages.texts("fr")["live_updated"]
    assert [v for v in violations if "inline script" not in v] == []
    page.close()


def test_an_outcome_within_its_hold_downloads_no_engine(browser, site_server, states, built_on):  # noqa: F811
    """On a day on which the built pages hold (checker/holds.py), an outcome page stays as built and
    the engine (about 5 MB) is not downloaded: the answer is already the day's."""
    st = next(s for s in states if s.fact is None)
    ctx = browser.new_context(viewport=PHONE)
    urls: list[str] = []
    ctx.on("request", lambda req: urls.append(req.url))
    try:
        page = ctx.new_page()
        page.clock.set_fixed_time(datetime.datetime.combine(built_on, datetime.time(12, 0)))
        page.goto(site_server + page_url_path("ar", f"verifier/{st.path}"))
        before = page.evaluate(LIVE_JS)
        page.wait_for_timeout(3_000)
        live = page.locator("script[data-checker-live]")
        assert live.get_attribute("data-holds-from") <= built_on.isoformat(), "the build day is in its hold"
        assert page.evaluate("document.documentElement.dataset.rendered") is None
        assert page.evaluate(LIVE_JS) == before
        assert any("/checker-live." in u for u in urls), "the script itself is loaded (and decides)"
        # (the worker's own small file is in the service worker's precache, like every script)
        assert not [u for u in urls if "/assets/pyodide/" in u or "/assets/checker/" in u]
    finally:
        ctx.close()


def test_save_data_means_no_engine_on_the_checker_pages(browser, site_server, states):  # noqa: F811
    """A browser set to save data reads the built pages and never downloads the engine."""
    ctx = browser.new_context(viewport=PHONE)
    urls: list[str] = []
    ctx.on("request", lambda req: urls.append(req.url))
    try:
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
        outcome = next(s for s in states if s.fact is None)
        for path in ("verifier/", "verifier/0/", f"verifier/{outcome.path}"):
            page.goto(site_server + page_url_path("fr", path), wait_until="load")
            assert page.evaluate("navigator.connection.saveData") is True
            page.wait_for_timeout(1500)
        assert any("/checker-live." in u for u in urls), "the script itself is loaded (and decides)"
        # (the worker's own small file is in the service worker's precache, like every script)
        assert not [u for u in urls if "/assets/pyodide/" in u or "/assets/checker/" in u]
        assert page.evaluate("document.documentElement.dataset.rendered") is None
    finally:
        ctx.close()
