"""Later visits read the copy of a page the phone keeps (real Chromium, the built site, its service
worker). A first visit gets each content page with its stylesheet inline (critical_css.py); the service
worker precaches instead the copy that links the stylesheets (index.kept.html: the phone holds them by
then) and answers every later visit of the page with it, offline too. So the inline rules cost a phone
nothing on its later visits nor in what it keeps."""
from __future__ import annotations

from tests.conftest import PHONE, page_url_path
from tests.support.static_server import serve

SHOWN_MS = 5_000
# What the page is drawn with: the stylesheets it links, and the header as Material's stylesheet
# places it (without any stylesheet the header is static).
DRAWN_JS = """() => ({
  inline: document.querySelectorAll('style[data-critical]').length,
  linked: [...document.querySelectorAll('link[rel=stylesheet]')].filter((l) => !l.closest('noscript')
          && l.media !== 'print' && l.sheet).length,
  header: getComputedStyle(document.querySelector('.md-header')).position,
  title: document.querySelector('h1') && document.querySelector('h1').textContent.trim() })"""


def test_later_visits_get_the_kept_copy_online_and_offline(browser, built_site):
    server = serve(built_site)
    base = f"http://127.0.0.1:{server.server_port}"
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        first = page.goto(base + page_url_path("fr", "registre/"))
        assert not first.from_service_worker and page.evaluate(DRAWN_JS)["inline"] == 1
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=180_000)

        later = page.goto(base + page_url_path("ar", "amo/"), timeout=SHOWN_MS)
        assert later.from_service_worker and later.url == base + page_url_path("ar", "amo/")
        drawn = page.evaluate(DRAWN_JS)
        assert drawn["inline"] == 0 and drawn["linked"] >= 3 and drawn["header"] == "sticky", drawn

        server.shutdown()  # the signal is gone: nothing answers but the phone's caches
        server.server_close()
        ctx.set_offline(True)
        titles = {}
        for lang, path in (("ar", ""), ("fr", "registre/"), ("fr", "sources/"), ("ar", "verifier/")):
            response = page.goto(base + page_url_path(lang, path), timeout=SHOWN_MS)
            drawn = page.evaluate(DRAWN_JS)
            assert response.status == 200 and drawn["inline"] == 0 and drawn["header"] == "sticky", (path, drawn)
            titles[lang, path] = drawn["title"]
        assert len(set(titles.values())) == len(titles), titles  # each its own page
        page.goto(base + page_url_path("fr", "amo").rstrip("/"), timeout=SHOWN_MS)  # typed without its slash
        assert page.url == base + page_url_path("fr", "amo/")
        assert page.evaluate(DRAWN_JS)["header"] == "sticky"
        # A page this build has not (a newer build's, a mistyped address), at any depth: the offline
        # page, drawn, and its links lead to the pages kept (they once led to more offline pages).
        for lang, path, says in (("fr", "nulle-part/", "Pas de connexion"), ("fr", "a/b/c/", "Pas de connexion"),
                                 ("ar", "a/b/", "لا يوجد اتصال بالإنترنت")):
            page.goto(base + page_url_path(lang, path), timeout=SHOWN_MS)
            drawn = page.evaluate(DRAWN_JS)
            assert drawn["title"] == says and drawn["header"] == "sticky", (path, drawn)
            assert page.url == base + page_url_path(lang, path), "the address asked for stays shown"
        registre = page.locator('article a[href$="registre/"]').first
        assert registre.get_attribute("href") == "../registre/"
        registre.click()
        page.wait_for_url(base + page_url_path("ar", "registre/"), timeout=SHOWN_MS)
        drawn = page.evaluate(DRAWN_JS)  # the kept page itself, not one more offline page
        assert drawn["title"] and drawn["title"] != "لا يوجد اتصال بالإنترنت" and drawn["header"] == "sticky", drawn
    finally:
        ctx.close()
        server.shutdown()
