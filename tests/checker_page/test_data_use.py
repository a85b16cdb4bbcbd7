"""Data only when it helps (real Chromium, the built site and its service worker): a first visit to the
checker, start page to outcome, downloads no engine and costs under 1 MB, measured from the browser's
own transfer sizes (scripts/bench_data.py, which `make bench` reports too); the engine comes only when
the person asks to keep the whole checker on the phone, with its size on the button, and then the
checker works offline."""
from __future__ import annotations

import re

import pytest

from scripts.bench_data import first_walk
from sitebuild.postbuild.checker_offline import engine_bytes
from tests.conftest import PHONE, page_url_path
from tests.support.static_server import serve

FIRST_WALK_BUDGET = 1_000_000  # bytes: the limit for start → outcome on a first visit
ENGINE_MS = 300_000


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_first_walk_costs_under_1_MB_and_no_engine(browser, built_site, lang):
    server = serve(built_site)
    try:
        walk = first_walk(browser, f"http://127.0.0.1:{server.server_port}" + page_url_path(lang, "verifier/"))
    finally:
        server.shutdown()
    print(f"first walk {lang}: {walk}")
    assert walk["taps"] >= 2 and walk["code"].isdigit()
    assert walk["engine_bytes"] == 0, "the engine was downloaded without being asked for"
    assert walk["by"].get("service_worker", 0) > 0, "the service worker's precache was not counted"
    assert walk["bytes"] < FIRST_WALK_BUDGET, walk


def test_keep_the_whole_checker_on_the_phone(browser, built_site):
    """The button says its size, stores the engine on request, says when done; offline, an outcome
    never opened is then drawn on the phone."""
    server = serve(built_site)
    base = f"http://127.0.0.1:{server.server_port}"
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        page.goto(base + page_url_path("fr", "verifier/"))
        keep = page.locator("[data-keep]")
        assert keep.is_visible()
        size = re.search(r"\(([\d.]+) Mo\)", keep.locator("button").inner_text()).group(1)
        assert float(size) == round(engine_bytes(built_site) / 1e6, 1)
        assert 3 < float(size) < 10, "the engine is a few megabytes"
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=180_000)
        keep.locator("button").click()
        page.wait_for_selector("html[data-checker-offline=yes]", state="attached", timeout=ENGINE_MS)
        assert keep.locator("[role=status]").inner_text() == keep.get_attribute("data-kept")
        assert not keep.locator("button").is_visible()
        page.reload()  # the next visit says it is kept, and downloads nothing
        assert keep.locator("[role=status]").inner_text() == keep.get_attribute("data-kept")
        server.shutdown()
        server.server_close()
        ctx.set_offline(True)
        outcome = max((p.parent.name for p in (built_site / "fr" / "verifier").glob("*/index.html")
                       if 'id="resultat"' in p.read_text(encoding="utf-8")), key=len)
        page.goto(base + page_url_path("fr", f"verifier/{outcome}/"))
        page.wait_for_selector(f"html[data-rendered=engine][data-rendered-code='{outcome}']", state="attached",
                               timeout=ENGINE_MS)
        assert page.locator("#resultat").get_attribute("data-code") == outcome
    finally:
        ctx.close()
        server.shutdown()
