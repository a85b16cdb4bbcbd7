"""The checker never traps a person offline or on a dropping signal (real Chromium, the built site, its
service worker): every checker address shows its own page, or within a few seconds the plain page that
says there is no connection, keeps the code in view and says whom to call — never the first question
at another question's address, never a blank page, never question 1 for a code that does not exist.
An older code (a question changed since: docs-dev/codes.md) shows its own "answer again" page offline.

The server is shut down (and the browser set offline) after the visits each scenario names, so that
"offline" is real: nothing can answer but the phone's own caches."""
from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import PHONE, page_url_path
from tests.support.static_server import serve
from tests.support.waiting import wait_until

SHOWN_MS = 5_000  # "within a few seconds": the page, or the plain page, is there by then
LANGS = ("ar", "fr")
SAYS_WHOM = {"ar": ("3939", "CNSS", "لا يوجد اتصال"), "fr": ("3939", "CNSS", "Pas de connexion")}
OWN_PAGE_JS = """code => { const q = document.querySelector('.ck-question[data-code], [data-reopened]');
  const o = document.querySelector('[data-offline-page]');
  return { question: q ? (q.dataset.code === undefined ? q.dataset.reopened : q.dataset.code) : null, plain: o ? o.dataset.offlinePage : null,
           hidden: document.querySelector('article.md-content__inner').hidden,
           text: document.querySelector('article.md-content__inner').innerText }; }"""


def offline_data(site: Path) -> dict:
    return json.loads(next((site / "verifier").glob("offline.*.json")).read_text(encoding="utf-8"))


def phone(browser):
    return browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)


@contextmanager
def phone_on(browser, site: Path, first: str):
    """A phone that opens `first` on the built site and waits until the service worker controls it:
    yields (page, base address, server, context); everything is closed after."""
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_port}"
    ctx = phone(browser)
    try:
        page = ctx.new_page()
        page.goto(base + first)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=180_000)
        yield page, base, server, ctx
    finally:
        ctx.close()
        server.shutdown()


def cut(server, ctx) -> None:
    """The signal is gone: nothing answers but the phone's caches."""
    server.shutdown()
    server.server_close()
    ctx.set_offline(True)


def open_address(page, base: str, lang: str, code: str) -> dict:
    page.goto(base + page_url_path(lang, f"verifier/{code}/"), timeout=SHOWN_MS)
    page.wait_for_selector(".ck-question[data-code], [data-reopened], [data-offline-page]", state="attached",
                           timeout=SHOWN_MS)
    return page.evaluate(OWN_PAGE_JS)


def assert_own_question(shown: dict, code: str) -> None:
    assert shown["question"] == ("" if code == "0" else code), f"{code}/ shows question {shown['question']!r}"
    assert not shown["hidden"]


def assert_plain(shown: dict, lang: str, code: str, case: str) -> None:
    assert shown["question"] is None, f"{code}/ shows a question ({shown['question']}) instead of saying why not"
    assert shown["plain"] == case and not shown["hidden"], (code, shown["plain"])
    assert code in shown["text"], "the code stays in view"
    for words in SAYS_WHOM[lang] if case != "unknown" else ("3939", "CNSS"):
        assert words in shown["text"], (code, words)


def test_offline_after_the_home_page_only(browser, built_site):
    """One visit to the home page, then offline: the checker's start, every question page of both
    languages, an outcome link received in a message, and codes that match no answer."""
    data = offline_data(built_site)
    with phone_on(browser, built_site, "/") as (page, base, server, ctx):
        cut(server, ctx)
        for lang in LANGS:
            page.goto(base + page_url_path(lang, "verifier/"), timeout=SHOWN_MS)
            assert page.locator("[data-start]").count() == 1
            for code in data[lang]["pages"]:
                assert_own_question(open_address(page, base, lang, code), code)
            received = max(data["outcomes"], key=len)  # a result link opened from WhatsApp
            for code in (received, data["outcomes"][0]):
                assert_plain(open_address(page, base, lang, code), lang, code, "outcome")
            assert page.evaluate("document.documentElement.dataset.rendered") is None, "no engine here"
            for code in ("9", "99999999", data["outcomes"][0] + "1"):
                assert_plain(open_address(page, base, lang, code), lang, code, "unknown")


def test_signal_cut_mid_walk_with_the_engine_half_downloaded(browser, built_site):
    """The person asks to keep the checker on the phone; the signal drops before the engine is whole.
    The walk goes on: each tap shows its question, the last one the plain page with the code (not a
    'preparing' line that never ends), and Back works."""
    data = offline_data(built_site)
    with phone_on(browser, built_site, page_url_path("ar", "verifier/")) as (page, base, server, ctx):
        page.reload()  # now under the service worker, as a second look at the page is
        page.locator("[data-keep] button").click()
        wait_until(page, """async () => { for (const n of await caches.keys())
            if (n.startsWith('artisan-') && (await (await caches.open(n)).keys()).length) return true;
            return false; }""", timeout=60_000, polling=100)  # a first file of the engine is stored
        cut(server, ctx)
        assert page.evaluate("document.documentElement.dataset.checkerOffline") != "yes", \
            "the engine was whole before the cut: the scenario did not happen"
        code = "0"
        page.locator("a[data-start]").click()
        for _ in range(20):
            page.wait_for_selector(".ck-question[data-code], [data-offline-page]", state="attached",
                                   timeout=SHOWN_MS)
            shown = page.evaluate(OWN_PAGE_JS)
            if shown["plain"]:
                break
            assert_own_question(shown, code)
            option = page.locator("a.ck-option").first
            code = option.get_attribute("href").strip("./")
            option.click()
            page.wait_for_url(f"**/verifier/{code}/", timeout=SHOWN_MS)
        assert code in data["outcomes"]
        assert_plain(shown, "ar", code, "outcome")
        page.wait_for_timeout(1_000)
        assert page.locator("p.ck-live").count() == 0, "no 'preparing' line for an engine that is not there"
        page.go_back()
        page.wait_for_selector(".ck-question[data-code]", state="attached", timeout=SHOWN_MS)
        assert page.evaluate(OWN_PAGE_JS)["question"] == page.evaluate("location.pathname").split("/")[-2]


def test_question_pages_from_the_service_worker_are_the_built_pages(browser, built_site):
    """Offline, the service worker puts every question page together from the offline data: the very
    bytes of the built file (the build checks it too), in both languages."""
    data = offline_data(built_site)
    with phone_on(browser, built_site, "/") as (page, base, server, ctx):
        cut(server, ctx)
        served = page.evaluate("""urls => Promise.all(urls.map(u => fetch(u).then(r => r.text())))""",
                               [base + page_url_path(lang, f"verifier/{code}/")
                                for lang in LANGS for code in data[lang]["pages"]])
        built = [(built_site / root / "verifier" / code / "index.html").read_text(encoding="utf-8")
                 for lang, root in (("ar", ""), ("fr", "fr/")) for code in data[lang]["pages"]]
        assert len(served) == len(built) == 2 * len(data["ar"]["pages"])
        assert [i for i, (s, b) in enumerate(zip(served, built)) if s != b] == []
