"""What the checker's worker keeps on a phone (real Pyodide in real Chromium, the built site):

- a captive portal's page answered "200" for the engine's wasm or the rules (or other wrong bytes
  for the rules) is refused and asked again, never stored: the checker starts and what is stored
  is, byte for byte, the build's file;
- the service worker's precache is fetched with each file's hash (Subresource Integrity): a portal's
  page answered for one of them fails the install, is never stored, and the next visit installs;
- once its files are all stored, a worker deletes the caches of older builds, and nothing when the
  phone holds a newer build's cache (a page left open from an old build must not break a new one).
"""
from __future__ import annotations

import hashlib
import io
import threading
from collections import Counter
from functools import partial
from pathlib import Path

from tests.conftest import PHONE
from tests.support.static_server import Handler, QuietServer
from tests.support.waiting import wait_until

OFFLINE_MS = 300_000  # a cold Pyodide start and every file stored, on a busy 2-core machine
PORTAL = b"<!doctype html><html><body><h1>Wi-Fi</h1><p>Log in to continue</p></body></html>"
STORED_JS = """async (url) => { for (const name of await caches.keys()) {
    const hit = await (await caches.open(name)).match(url);
    if (hit) { const d = await crypto.subtle.digest('SHA-256', await hit.arrayBuffer());
      return Array.from(new Uint8Array(d), b => b.toString(16).padStart(2, '0')).join(''); } }
  return null; }"""
KEEP_JS = "localStorage.setItem('artisan-checker-keep', 'yes')"
MAKE_CACHE_JS = "name => caches.open(name).then(c => c.put('/x-' + name, new Response('x'))).then(() => true)"


class PortalOnce(Handler):
    """A host behind a portal that answers the first requests for some files with its own page."""

    lies: dict[str, list[tuple[str, bytes]]] = {}  # name suffix -> answers to give first, in order
    seen: Counter = Counter()

    def send_head(self):
        path = self.path.split("?", 1)[0]
        for suffix, answers in self.lies.items():
            if path.endswith(suffix):
                self.seen[suffix] += 1
                if answers:
                    ctype, body = answers.pop(0)
                    self.send_response(200)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    return io.BytesIO(body)
        return super().send_head()


def portal_server(site: Path, lies: dict[str, list[tuple[str, bytes]]]):
    handler_class = type("P", (PortalOnce,), {"lies": lies, "seen": Counter()})
    server = QuietServer(("127.0.0.1", 0), partial(handler_class, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, handler_class


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_portal_page_for_the_engine_or_the_rules_is_refused_retried_never_stored(browser, built_site):
    wasm = next(built_site.glob("assets/pyodide/*/pyodide.asm.wasm"))
    rules = next(built_site.glob("assets/checker/rules.*.json"))
    server, seen = portal_server(built_site, {
        ".wasm": [("text/html; charset=utf-8", PORTAL)],
        rules.name: [("text/html; charset=utf-8", PORTAL), ("application/json", b'{"portal": true}')],
    })
    base = f"http://127.0.0.1:{server.server_port}"
    ctx = browser.new_context(viewport=PHONE)
    try:
        page = ctx.new_page()
        page.goto(base + "/404.html")
        older = "artisan-checker-0000000001-000000000000"  # a build older than any real one
        assert page.evaluate(MAKE_CACHE_JS, older)
        page.evaluate(KEEP_JS)  # the person asked to keep the whole checker (the start page's button)
        page.goto(base + "/fr/verifier/")  # so the start page fetches the engine (checker-live.js)
        page.wait_for_selector("html[data-checker-offline=yes]", state="attached", timeout=OFFLINE_MS)
        assert seen.seen[".wasm"] >= 2 and seen.seen[rules.name] >= 3, dict(seen.seen)
        rel = lambda p: base + "/" + p.relative_to(built_site).as_posix()  # noqa: E731
        assert page.evaluate(STORED_JS, rel(wasm)) == sha256(wasm), "the stored wasm is not the build's"
        assert page.evaluate(STORED_JS, rel(rules)) == sha256(rules), "the stored rules are not the build's"
        assert older not in page.evaluate("caches.keys()"), "an older build's cache is kept"
    finally:
        ctx.close()
        server.shutdown()


def test_a_worker_never_deletes_a_newer_builds_cache(browser, built_site):
    server, _ = portal_server(built_site, {})
    base = f"http://127.0.0.1:{server.server_port}"
    ctx = browser.new_context(viewport=PHONE)
    try:
        page = ctx.new_page()
        page.goto(base + "/404.html")
        newer = "artisan-checker-9999999999-ffffffffffff"  # what a later build's worker stored
        older = "artisan-checker-0000000001-000000000000"
        for name in (newer, older):
            assert page.evaluate(MAKE_CACHE_JS, name)
        page.evaluate(KEEP_JS)  # the person asked to keep the whole checker (the start page's button)
        page.goto(base + "/fr/verifier/")  # so the start page fetches the engine (checker-live.js)
        page.wait_for_selector("html[data-checker-offline=yes]", state="attached", timeout=OFFLINE_MS)
        kept = page.evaluate("caches.keys()")
        assert newer in kept, "a stale build's worker deleted a newer build's cache"
        assert older in kept, "only the newest build on the phone cleans up"
    finally:
        ctx.close()
        server.shutdown()


PRECACHED_JS = """async (path) => { for (const name of await caches.keys()) {
    for (const r of await (await caches.open(name)).keys()) {
      if (new URL(r.url).pathname === path) return await (await (await caches.open(name)).match(r)).text(); } }
  return null; }"""


def test_the_service_worker_never_precaches_a_portal_page(browser, built_site):
    """A portal answers one precached page with its own: the install fails on that file's hash
    (Subresource Integrity), nothing of it is stored, and the next visit installs the real file."""
    page_path = "/fr/lexique/index.kept.html"  # the page as the phone keeps it (critical_css.py)
    server, seen = portal_server(built_site, {page_path: [("text/html; charset=utf-8", PORTAL)]})
    base = f"http://127.0.0.1:{server.server_port}"
    ctx = browser.new_context(viewport=PHONE)
    try:
        page = ctx.new_page()
        page.goto(base + "/")
        for _ in range(480):  # the service worker registers after the page's load, then installs
            if seen.seen[page_path]:
                break
            page.wait_for_timeout(250)
        assert seen.seen[page_path] >= 1, "the portal was never asked: the scenario did not happen"
        wait_until(page, "() => navigator.serviceWorker.getRegistration().then(r => !r || !r.installing)",
                   timeout=120_000, polling=250)
        page.wait_for_timeout(1_000)
        assert page.evaluate(PRECACHED_JS, page_path) in (None, ""), "nothing may be stored from a failed install"
        assert page.evaluate("navigator.serviceWorker.controller") is None
        page.reload()  # the next visit: the portal is gone
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=120_000)
        stored = page.evaluate(PRECACHED_JS, page_path)
        assert stored == (built_site / page_path.lstrip("/")).read_text(encoding="utf-8")
    finally:
        ctx.close()
        server.shutdown()
