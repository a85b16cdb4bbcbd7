"""The engine starts as soon as an outcome page that will use it begins to load: checker-live.js is
in the head of the question and outcome pages, so the worker is created while the stylesheets are
still on their way (the theme's inline scripts stop the parser until they arrive, and a tag after
the article used to wait for them). A question page never starts it (a tap must stay light)."""
from __future__ import annotations

import re

from tests.checker_page.test_checker_pages import built_on, rules, states  # noqa: F401
from tests.checker_page.test_engine_snapshot import ENGINE_MS
from tests.conftest import PHONE, page_url_path
from tests.support.waiting import wait_until

WORKER_MARK = "performance.getEntriesByName('checker-worker').length"


def test_an_outcome_page_starts_the_engine_before_its_stylesheets_arrive(browser, site_server, states):  # noqa: F811
    outcome = next(s for s in states if s.fact is None)
    # No service worker: its fetches would pass the routes by (and the page is a first visit's).
    ctx = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        page = ctx.new_page()
        page.goto(site_server + page_url_path("ar", ""))
        page.evaluate("localStorage.setItem('artisan-checker-keep', 'yes')")  # the engine is wanted
        held = []
        page.route(re.compile(r".*\.css$"), lambda route: held.append(route))  # answered once the worker exists
        page.goto(site_server + page_url_path("ar", f"verifier/{outcome.path}"), wait_until="commit")
        wait_until(page, WORKER_MARK, timeout=60_000)
        assert held, "the stylesheets were not held back: the test proves nothing"
        assert page.evaluate("document.readyState") == "loading"  # the parser still waits for them
        for route in held:
            route.continue_()
        page.unroute(re.compile(r".*\.css$"))
        page.wait_for_selector("html[data-rendered]", state="attached", timeout=ENGINE_MS)
        assert page.evaluate("document.documentElement.dataset.rendered") == "same"
    finally:
        ctx.close()


def test_a_question_page_never_starts_the_engine(browser, site_server, states):  # noqa: F811
    question = next(s for s in states if s.fact is not None and s.path != "0/")
    ctx = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        page = ctx.new_page()
        page.goto(site_server + page_url_path("ar", ""))
        page.evaluate("localStorage.setItem('artisan-checker-keep', 'yes')")
        page.goto(site_server + page_url_path("ar", f"verifier/{question.path}"), wait_until="load")
        # An async script delays `load`: checker-live.js has run and decided by now.
        assert page.evaluate("Boolean(document.querySelector('head script[data-checker-live]'))")
        assert page.evaluate(WORKER_MARK) == 0
    finally:
        ctx.close()
