"""`make bench`, the phone: the built site on Debian's nginx with the repository's configuration,
read by Chromium through ONE shaped link (scripts/bench_link.py: 150 ms, 1.6 Mbit/s shared by the
page, its Web Worker and its service worker), the page's CPU 4× slower (CDP), the checker's worker
held to 25 % of one core (scripts/bench_worker_cpu.py).

Every time is read inside the page, on the page's own clock, never Playwright's:
- a page: first-contentful-paint and largest-contentful-paint from its navigation start;
- a tap: the click event's time (`performance.timeOrigin + event.timeStamp`, kept in
  sessionStorage across the navigation) to the next page's first contentful paint;
- the engine: the marks checker-live.js sets ("checker-worker", "checker-engine-ready").
Bytes are the browser's own (Resource Timing `transferSize` of the document and its resources), and
the link's (every byte the proxy delivered, service worker and worker included). Each figure is
the median of several runs, with the range and the machine's load (os.getloadavg) beside it.
"""
from __future__ import annotations

import os
import statistics
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

from checker.model import LANGS, LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
CPU_SLOWDOWN = 4
WORKER_CPU_SHARE = 0.25
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
BUDGET_S = float(os.environ.get("BENCH_MINUTES", "20")) * 60  # the shaped sections stop starting runs after this
VIEWPORT = {"width": 360, "height": 740}
CONTENT_PAGES = {"home": "", "registre": "registre/", "amo": "amo/"}
CHECKER_ANSWERS = {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui", "annees_pratique": "5",
                   "diplome": "non", "couverture_actuelle": "aucune", "regime_fiscal": "cpu"}
ENGINE_MS = 600_000

# Before any page script: the time of each tap, on the page's clock, kept for the next page.
TAP_JS = """addEventListener('click', (e) => { try { sessionStorage.setItem('bench-tap',
  String(performance.timeOrigin + e.timeStamp)); } catch (x) {} }, true);"""
# The page's own figures, once it has painted: paint times from its navigation start, the tap that
# led here (if any) to its first contentful paint, and what it transferred.
METRICS_JS = """() => new Promise((done) => {
  const out = {};
  const finish = () => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    out.fcp_ms = fcp ? Math.round(fcp.startTime) : null;
    const tap = Number(sessionStorage.getItem('bench-tap') || 0);
    sessionStorage.removeItem('bench-tap');
    out.tap_to_paint_ms = tap && fcp ? Math.round(performance.timeOrigin + fcp.startTime - tap) : null;
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    out.bytes = entries.reduce((sum, e) => sum + (e.transferSize || 0), 0);
    out.requests = entries.filter((e) => e.transferSize > 0).length;
    done(out);
  };
  let lcp = null;
  try {
    new PerformanceObserver((list) => { const last = list.getEntries().pop(); if (last) lcp = last; })
      .observe({ type: 'largest-contentful-paint', buffered: true });
  } catch (x) {}
  const wait = () => {
    if (!performance.getEntriesByName('first-contentful-paint').length && performance.now() < 20000) {
      setTimeout(wait, 100); return;
    }
    // LCP is final at the first input; the page is left alone here, so take it after a short settle.
    setTimeout(() => { out.lcp_ms = lcp ? Math.round(lcp.startTime) : null; finish(); }, 500);
  };
  wait();
})"""
ENGINE_JS = """() => { const mark = (n) => { const m = performance.getEntriesByName(n)[0]; return m ? Math.round(m.startTime) : null; };
  const nav = performance.getEntriesByType('navigation')[0];
  const live = performance.getEntriesByType('resource').find((e) => e.name.includes('/checker-live.'));
  const stages = {};
  for (const name of ['script', 'imported', 'snapshot_read', 'python', 'ready']) stages[name] = mark('checker-worker-' + name);
  return { worker_created_ms: mark('checker-worker'), engine_ready_ms: mark('checker-engine-ready'), worker_stages_ms: stages,
           html_arrived_ms: nav ? Math.round(nav.responseEnd) : null,
           script_arrived_ms: live ? Math.round(live.responseEnd) : null,
           boot: document.documentElement.dataset.engine || null,
           rechecked: document.documentElement.dataset.rendered || null }; }"""


def spread(values: list) -> dict:
    """Median and range of a run's figures (None where a run had none)."""
    got = [v for v in values if v is not None]
    if not got:
        return {"median": None, "runs": values}
    return {"median": round(statistics.median(got), 2), "min": min(got), "max": max(got), "runs": values}


def load() -> float:
    return round(os.getloadavg()[0], 2)


class Phone:
    """Debian's nginx on the built site, the shaped link, one Chromium whose workers are capped."""

    def __init__(self, stack: ExitStack) -> None:
        from playwright.sync_api import sync_playwright

        from scripts.bench import CHROMIUM_ARGS
        from scripts.bench_link import ShapedLink
        from scripts.bench_worker_cpu import WorkerCpuCap
        from tests.support.nginx import nginx_serving

        self.base = stack.enter_context(nginx_serving(ROOT / "site"))
        self.link = stack.enter_context(ShapedLink())
        tag = f"--artisan-bench={uuid.uuid4().hex}"  # finds our Chromium among others on the machine
        self.cap = stack.enter_context(WorkerCpuCap(tag, WORKER_CPU_SHARE))
        p = stack.enter_context(sync_playwright())
        self.browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                         args=CHROMIUM_ARGS + self.link.chromium_args() + [tag])
        stack.callback(self.browser.close)
        self.started = time.monotonic()

    def describe(self) -> dict:
        return {"link": self.link.describe(), "page_cpu_slowdown": CPU_SLOWDOWN, "worker_cpu": self.cap.describe(),
                "server": "Debian nginx with deploy/nginx/ (brotli twins, a year of cache for hashed names)"}

    def over_budget(self) -> bool:
        return time.monotonic() - self.started > BUDGET_S

    def context(self):
        ctx = self.browser.new_context(viewport=VIEWPORT, device_scale_factor=1, is_mobile=True, has_touch=True)
        ctx.add_init_script(TAP_JS)
        return ctx

    def page(self, ctx):
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        return page

    def url(self, lang: str, path: str) -> str:
        return self.base + ("/" + LANGUAGES[lang].root) + path


def content_pages(phone: Phone) -> dict:
    """Each content page opened first (an empty profile), then the next page (another content page,
    after the first's service worker started its precache on the same line)."""
    out: dict = {}
    for lang in LANGS:
        for name, path in CONTENT_PAGES.items():
            firsts, nexts = [], []
            for _ in range(RUNS):
                if phone.over_budget():
                    break
                ctx = phone.context()
                page = phone.page(ctx)
                page.goto(phone.url(lang, path), wait_until="load", timeout=120_000)
                firsts.append(page.evaluate(METRICS_JS))
                other = next(p for n, p in CONTENT_PAGES.items() if n != name)
                page.goto(phone.url(lang, other), wait_until="load", timeout=120_000)
                nexts.append(page.evaluate(METRICS_JS))
                ctx.close()
            out[f"{name}_{lang}"] = {
                "first_page": {k: spread([m[k] for m in firsts]) for k in ("fcp_ms", "lcp_ms", "bytes", "requests")},
                "next_page": {k: spread([m[k] for m in nexts]) for k in ("fcp_ms", "lcp_ms", "bytes", "requests")},
            }
    return out


def checker_walk(phone: Phone, lang: str) -> dict:
    """A first visit through the checker's pages: the start page, a tap on start, a tap per question,
    the outcome; then the engine's re-check of the outcome (its first download and start)."""
    ctx = phone.context()
    page = phone.page(ctx)
    link_start = phone.link.bytes_down
    page.goto(phone.url(lang, "verifier/"), wait_until="load", timeout=120_000)
    start = page.evaluate(METRICS_JS)
    pages = []
    page.locator("a[data-start]").click()
    while True:
        page.wait_for_selector("[data-question], [data-summary]", state="visible", timeout=120_000)
        page.wait_for_load_state("load")
        pages.append(page.evaluate(METRICS_JS))
        if not page.locator("[data-question]").count():
            break
        fact = page.locator("[data-question]").get_attribute("data-question")
        options = page.locator(f'a[data-fact="{fact}"]')
        values = [options.nth(i).get_attribute("data-value") for i in range(options.count())]
        wanted = CHECKER_ANSWERS.get(fact, values[0])
        if wanted not in values:  # a year: the range it falls in
            wanted = max((v for v in values if v.isdigit() and int(v) <= int(wanted)), key=int, default=values[0])
        page.locator(f'a[data-fact="{fact}"][data-value="{wanted}"]').click()
    walk_bytes = phone.link.bytes_down - link_start
    # The engine loads only for a phone that asked to keep the whole checker (or on a day the built
    # answers may not hold): asked here, after the walk, so that the taps above are a plain visit's.
    page.evaluate("localStorage.setItem('artisan-checker-keep', 'yes')")
    page.reload(wait_until="load", timeout=120_000)
    page.wait_for_selector("html[data-rendered]", state="attached", timeout=ENGINE_MS)
    engine = page.evaluate(ENGINE_JS)
    page.wait_for_selector("html[data-engine-snapshot], html[data-checker-offline]", state="attached", timeout=ENGINE_MS)
    page.wait_for_timeout(1000)
    return {"ctx": ctx, "start": start, "questions": pages[:-1], "outcome": pages[-1], "engine": engine,
            "walk_link_bytes": walk_bytes, "outcome_url": page.url}


def warm_start(phone: Phone, ctx, url: str, snapshot: bool) -> dict:
    """A later visit to the outcome page: the engine from the caches, with or without the kept snapshot."""
    page = phone.page(ctx)
    if not snapshot:  # dropped from a question page (which never starts the engine)
        page.goto(url.rsplit("/verifier/", 1)[0] + "/verifier/0/", wait_until="load", timeout=120_000)
        page.evaluate("caches.delete('artisan-snapshot')")
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_selector("html[data-rendered]", state="attached", timeout=ENGINE_MS)
    engine = page.evaluate(ENGINE_JS)
    if engine["boot"] != "snapshot":  # it keeps a new one: let it finish before the next visit
        page.wait_for_selector("html[data-engine-snapshot]", state="attached", timeout=ENGINE_MS)
    page.close()
    return engine


def checker(phone: Phone) -> dict:
    """The checker's pages on a first visit, per language, then the engine's warm start on later
    visits to the outcome page (from its snapshot, and from a normal start for comparison)."""
    out: dict = {}
    for lang in LANGS:
        walks, warm, cold = [], [], []
        for _ in range(RUNS):
            if phone.over_budget():
                break
            walk = checker_walk(phone, lang)
            ctx = walk.pop("ctx")
            warm.append(warm_start(phone, ctx, walk["outcome_url"], snapshot=True))
            cold.append(warm_start(phone, ctx, walk["outcome_url"], snapshot=False))
            ctx.close()
            walks.append(walk)
        taps = [[q["tap_to_paint_ms"] for q in w["questions"]] for w in walks]
        out[lang] = {
            "start_page": {k: spread([w["start"][k] for w in walks]) for k in ("fcp_ms", "lcp_ms", "bytes")},
            "start_tap_to_first_question_ms": spread([t[0] if t else None for t in taps]),
            "tap_to_next_question_ms": spread([v for t in taps for v in t[1:]]),
            "question_page_bytes": spread([q["bytes"] for w in walks for q in w["questions"][1:]]),
            "last_tap_to_outcome_ms": spread([w["outcome"]["tap_to_paint_ms"] for w in walks]),
            "outcome_page_bytes": spread([w["outcome"]["bytes"] for w in walks]),
            "walk_link_bytes": spread([w["walk_link_bytes"] for w in walks]),
            "first_engine": {
                "worker_created_ms": spread([w["engine"]["worker_created_ms"] for w in walks]),
                "engine_ready_ms": spread([w["engine"]["engine_ready_ms"] for w in walks]),
                "rechecked": [w["engine"]["rechecked"] for w in walks],
            },
            "warm_start_snapshot": {
                "html_arrived_ms": spread([e["html_arrived_ms"] for e in warm]),
                "script_arrived_ms": spread([e["script_arrived_ms"] for e in warm]),
                "worker_created_ms": spread([e["worker_created_ms"] for e in warm]),
                "engine_ready_ms": spread([e["engine_ready_ms"] for e in warm]),
                "worker_stages_ms": {k: spread([(e["worker_stages_ms"] or {}).get(k) for e in warm])
                                     for k in ("script", "imported", "snapshot_read", "python", "ready")},
                "boot": [e["boot"] for e in warm],
            },
            "warm_start_without_snapshot": {
                "worker_created_ms": spread([e["worker_created_ms"] for e in cold]),
                "engine_ready_ms": spread([e["engine_ready_ms"] for e in cold]),
                "boot": [e["boot"] for e in cold],
            },
        }
    return out


def phone() -> dict:
    """Both shaped measurements in one browser: content pages, then the checker."""
    results: dict = {"runs": RUNS, "load_before": load()}
    with ExitStack() as stack:
        ph = Phone(stack)
        results.update(ph.describe())
        results["content_pages"] = content_pages(ph)
        results["load_between"] = load()
        results["checker"] = checker(ph)
        results["worker_threads_capped"] = len(ph.cap.capped)
        results["worker_cpu"] = ph.cap.describe()  # again at the end: says so if the cap stopped midway
        results["link_requests"] = ph.link.requests
        results["link_bytes_down"] = ph.link.bytes_down
        results["over_budget"] = ph.over_budget()
    results["load_after"] = load()
    return results
