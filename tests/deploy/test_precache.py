"""The service worker's precache on a first visit, in real Chromium on Debian's nginx with
deploy/nginx/: it downloads again nothing the page already downloaded. Every request of the browser
(page and service worker) is seen by a loopback proxy (scripts/bench_link.py, here unshaped). Every
file a page names has a content hash in its name (asset_names): the precache takes those from the
HTTP cache. Of the page itself the precache takes the copy a phone keeps (index.kept.html, its
stylesheets linked, not inline: critical_css.py), never the page as the first visit got it."""
from __future__ import annotations

import re
from collections import Counter

from scripts.bench_link import ShapedLink
from tests.conftest import PHONE, page_url_path
from tests.support.nginx import nginx_serving

HASHED = re.compile(r"\.[0-9a-f]{8,}\.[^/]*$")  # what deploy/nginx/ keeps a year
PRECACHED_JS = """async () => { const out = [];
  for (const name of await caches.keys()) if (name.startsWith('workbox-precache'))
    for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname);
  return out; }"""


def _count(in_flight: Counter, request, step: int) -> None:
    """A request of the service worker (not its own scripts) begun (+1) or ended (-1)."""
    if request.service_worker is None or request.url.rsplit("/", 1)[-1] in ("sw.js", "sw-routes.js"):
        return
    in_flight["now"] += step
    in_flight["most"] = max(in_flight["most"], in_flight["now"])


def test_the_precache_downloads_several_at_once_and_no_hashed_file_twice(browser, built_site):
    with nginx_serving(built_site) as base, ShapedLink(rtt_s=0, down_bits=1e10, up_bits=1e10) as link:
        # The context's own proxy; "<-loopback>" sends even 127.0.0.1 through it.
        ctx = browser.new_context(viewport=PHONE, proxy={"server": link.proxy, "bypass": "<-loopback>"})
        try:
            in_flight = Counter()  # the service worker's requests begun and not yet ended: now, and the most
            ctx.on("request", lambda request: _count(in_flight, request, +1))
            ctx.on("requestfinished", lambda request: _count(in_flight, request, -1))
            ctx.on("requestfailed", lambda request: _count(in_flight, request, -1))
            page = ctx.new_page()
            page.goto(base + page_url_path("fr", "registre/"), wait_until="load")
            page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=120_000)
            precached = page.evaluate(PRECACHED_JS)
        finally:
            ctx.close()
    log = [(method, path.removesuffix("index.html"), conditional) for method, path, conditional in link.log]
    assert log, "the browser did not go through the proxy"
    before_sw = log[:next(i for i, (_, path, _) in enumerate(log) if path == "/sw.js")]
    page_fetched = {path for method, path, conditional in before_sw if not conditional}
    hashed = {path for path in page_fetched if HASHED.search(path)}
    assert "/fr/registre/" in page_fetched and len(hashed) >= 3, page_fetched
    assert len(precached) > 30 and "/fr/amo/index.kept.html" in precached and "/fr/registre/index.kept.html" in precached
    assert not [p for p in precached if p.endswith("/index.html")], "a page as a first visit gets it, inline CSS and all"
    assert hashed <= set(precached), "the page's files are in the precache"
    downloads = Counter(path for method, path, conditional in log if method == "GET" and not conditional)
    assert {path: n for path, n in downloads.items() if n > 1} == {}
    assert in_flight["most"] >= 3, f"the precache asked for {in_flight['most']} file(s) at a time"
