"""The service worker's precache on a first visit, in real Chromium on Debian's nginx with
deploy/nginx/: it downloads nothing the page already downloaded. Every request of the browser
(page and service worker) is seen by a loopback proxy (scripts/bench_link.py, here unshaped):
a file may be downloaded once; the precache takes files with a hash in their name from the HTTP
cache, and revalidates the others (a conditional request: a 304 without a body)."""
from __future__ import annotations

from collections import Counter

from scripts.bench_link import ShapedLink
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, page_url_path
from tests.support.nginx import nginx_serving

PRECACHED_JS = """async () => { const out = [];
  for (const name of await caches.keys()) if (name.startsWith('workbox-precache'))
    for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname);
  return out; }"""


def test_the_precache_downloads_nothing_twice(built_site):
    from playwright.sync_api import sync_playwright

    with nginx_serving(built_site) as base, ShapedLink(rtt_s=0, down_bits=1e10, up_bits=1e10) as link, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + link.chromium_args())
        try:
            page = browser.new_page(viewport=PHONE)
            page.goto(base + page_url_path("fr", "registre/"), wait_until="load")
            page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=120_000)
            precached = page.evaluate(PRECACHED_JS)
        finally:
            browser.close()
    log = [(method, path.removesuffix("index.html"), conditional) for method, path, conditional in link.log]
    assert log, "the browser did not go through the proxy"
    before_sw = log[:next(i for i, (_, path, _) in enumerate(log) if path == "/sw.js")]
    page_fetched = {path for method, path, conditional in before_sw if not conditional}
    assert "/fr/registre/" in page_fetched and any(p.endswith(".min.css") for p in page_fetched)
    assert len(precached) > 30 and "/fr/amo/index.html" in precached
    downloads = Counter(path for method, path, conditional in log if method == "GET" and not conditional)
    assert {path: n for path, n in downloads.items() if n > 1} == {}
    # The page itself is in the precache: revalidated, not downloaded again.
    assert ("GET", "/fr/registre/", True) in log
