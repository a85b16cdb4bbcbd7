"""The data a first visit to the checker costs a phone, start page to outcome, from the browser's own
transfer sizes: every response that came over the network to the page, its service worker or its
workers (body as encoded on the wire, plus headers); what a service worker answered from its caches
costs nothing and is not counted. The walk taps the first answer of each question, as a person
would tap some answer, and waits until the service worker has finished installing (its precache
belongs to the first visit too).

Used by `make bench` (scripts/bench.py, section `checker_data`) and by tests/checker_page/test_data_use.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field

INSTALLED_JS = """async () => { const reg = await navigator.serviceWorker.getRegistration();
  return Boolean(reg && reg.active && !reg.installing && !reg.waiting && navigator.serviceWorker.controller); }"""


@dataclass
class Transfers:
    """Bytes received over the network, by who asked (the page with its workers, the service worker) and by URL."""

    by_url: dict[str, int] = field(default_factory=dict)
    by_origin: dict[str, int] = field(default_factory=dict)

    def add(self, request) -> None:
        response = request.response()
        if response is None or response.from_service_worker:
            return  # answered by the service worker from its caches: nothing on the wire
        sizes = request.sizes()
        size = max(0, sizes["responseBodySize"]) + max(0, sizes["responseHeadersSize"])
        who = "service_worker" if request.service_worker else "page"  # the page's workers count as the page
        self.by_url[request.url] = self.by_url.get(request.url, 0) + size
        self.by_origin[who] = self.by_origin.get(who, 0) + size

    @property
    def total(self) -> int:
        return sum(self.by_url.values())


def first_walk(browser, start_url: str, *, viewport: dict | None = None) -> dict:
    """A first visit (empty profile) from `start_url` (…/verifier/) to an outcome; returns
    {"bytes": total, "by": {page|service_worker: bytes}, "taps": n, "code": outcome code,
    "engine_bytes": bytes of the engine's files (assets/pyodide/, assets/checker/)}."""
    ctx = browser.new_context(viewport=viewport or {"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    seen = Transfers()
    ctx.on("requestfinished", lambda req: seen.add(_Req(req)))
    try:
        page = ctx.new_page()
        page.goto(start_url)
        taps = 0
        page.locator("a[data-start]").click()
        while True:
            page.wait_for_selector(".ck-question, #resultat, [data-offline-page]", state="attached", timeout=60_000)
            if page.locator("#resultat, [data-offline-page]").count():
                break
            page.locator("a.ck-option").first.click()
            page.wait_for_load_state()
            taps += 1
        code = page.evaluate("location.pathname.split('/').filter(Boolean).pop()")
        page.wait_for_function(INSTALLED_JS, timeout=300_000, polling=500)
        page.wait_for_timeout(1_500)  # the last responses reach their events
        engine = sum(b for u, b in seen.by_url.items() if "/assets/pyodide/" in u or "/assets/checker/" in u)
        return {"bytes": seen.total, "by": dict(seen.by_origin), "taps": taps, "code": code, "engine_bytes": engine}
    finally:
        ctx.close()


class _Req:
    """A finished request as Transfers reads it (read while Playwright still holds it)."""

    def __init__(self, req):
        self._req = req
        self.url = req.url
        self.service_worker = req.service_worker

    def response(self):
        return self._req.response()

    def sizes(self):
        return self._req.sizes()
