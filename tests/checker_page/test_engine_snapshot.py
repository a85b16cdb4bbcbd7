"""The engine's warm start in real Chromium (checker-live.js + the worker, real Pyodide): the first
start keeps a memory snapshot on the phone, the next visit starts from it, and a snapshot that is
missing, stale (another Pyodide or checker build) or broken falls back to a normal start, which
keeps a fresh one. Each start is proved to work by the outcome page's re-check (`data-rendered`)."""
from __future__ import annotations

from sitebuild.postbuild.checker_assets import CACHE_PREFIX
from tests.checker_page.test_checker_pages import built_on, rules, states  # noqa: F401
from tests.conftest import PHONE, page_url_path

ENGINE_MS = 300_000  # a cold Pyodide start in a worker on a busy 2-core machine
SNAPSHOT_CACHE = f"{CACHE_PREFIX}snapshot"

# The one kept snapshot: its label and size, as the page (same origin as the worker) sees them.
KEPT_JS = """async (name) => { const cache = await caches.open(name); const keys = await cache.keys();
  const out = [];
  for (const key of keys) { const r = await cache.match(key);
    out.push({url: key.url, label: r.headers.get('X-Snapshot-Of'), size: (await r.arrayBuffer()).byteLength}); }
  return out; }"""
# Rewrites the kept snapshot: another label (stale), or its first bytes zeroed (broken).
SPOIL_JS = """async ([name, how]) => { const cache = await caches.open(name); const [key] = await cache.keys();
  const r = await cache.match(key); const bytes = new Uint8Array(await r.arrayBuffer());
  const headers = {'Content-Type': 'application/octet-stream', 'X-Snapshot-Of': r.headers.get('X-Snapshot-Of')};
  if (how === 'stale') headers['X-Snapshot-Of'] = headers['X-Snapshot-Of'].replace(/checker-[\\w-]+$/, 'checker-000000000000');
  else bytes.fill(0, 0, 64);
  await cache.put(key, new Response(bytes, {headers})); }"""


def visit(page, url: str) -> str:
    """Open the outcome page; wait until the engine started, re-checked it, and kept a snapshot
    when it made one; returns how it started."""
    page.goto(url)
    page.wait_for_selector("html[data-engine]", state="attached", timeout=ENGINE_MS)
    page.wait_for_selector("html[data-rendered]", state="attached", timeout=60_000)
    assert page.evaluate("document.documentElement.dataset.rendered") == "same"
    boot = page.evaluate("document.documentElement.dataset.engine")
    if boot != "snapshot":
        page.wait_for_selector("html[data-engine-snapshot]", state="attached", timeout=60_000)
        assert page.evaluate("document.documentElement.dataset.engineSnapshot") == "stored"
    return boot


def test_warm_start_from_a_snapshot_and_its_three_fallbacks(browser, site_server, states):  # noqa: F811
    outcome = next(s for s in states if s.fact is None)
    url = site_server + page_url_path("fr", f"verifier/{outcome.path}")
    ctx = browser.new_context(viewport=PHONE)
    try:
        page = ctx.new_page()
        # A phone that asked to keep the whole checker: its outcome pages are re-checked by the engine
        # even on days the built answers hold (checker-live.js). Set on a page without the checker.
        page.goto(site_server + page_url_path("fr", ""))
        page.evaluate("localStorage.setItem('artisan-checker-keep', 'yes')")
        # Missing (a first visit): a normal start, which keeps a snapshot labelled with this build.
        assert visit(page, url) == "normal"
        [kept] = page.evaluate(KEPT_JS, SNAPSHOT_CACHE)
        assert kept["size"] > 1_000_000 and "pyodide-" in kept["label"] and "checker-" in kept["label"]
        # Kept: the next visit starts from it, and the engine answers (the re-check above).
        assert visit(page, url) == "snapshot"
        # Stale (made by another checker build): ignored, a normal start, a fresh snapshot.
        page.evaluate(SPOIL_JS, [SNAPSHOT_CACHE, "stale"])
        assert visit(page, url) == "normal"
        assert page.evaluate(KEPT_JS, SNAPSHOT_CACHE)[0]["label"] == kept["label"]
        # Broken (its label right, its bytes not): the restore fails, a normal start takes over.
        page.evaluate(SPOIL_JS, [SNAPSHOT_CACHE, "broken"])
        assert visit(page, url) == "fallback"
        assert visit(page, url) == "snapshot"  # the fallback kept a good one
    finally:
        ctx.close()
