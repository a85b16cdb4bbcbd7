"""`make bench`: measure what users feel and print a table; save everything to bench/results.json.

Figures are measured, never asserted here (budgets on built files are tests; timings are not).
Each section is a function returning a dict; a failing section is reported and the others still run.
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def build_time() -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=ROOT, env=env, check=True)
    return {"mkdocs_build_s": round(time.perf_counter() - t0, 2)}


def first_visit_bytes() -> dict:
    """Bytes a first visit transfers (gzip, as served by a real host), per page and language."""
    from playwright.sync_api import sync_playwright

    from tests.support.static_server import serve

    server = serve(ROOT / "site")
    base = f"http://127.0.0.1:{server.server_port}"
    out: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for lang in ("ar", "fr"):
            for name, path in (("home", ""), ("registre", "registre/"), ("amo", "amo/"), ("verifier", "verifier/")):
                ctx = browser.new_context(viewport={"width": 360, "height": 740})
                page = ctx.new_page()
                responses = []
                page.on("requestfinished", lambda req: responses.append(req))
                page.goto(base + ("/" if lang == "ar" else f"/{lang}/") + path, wait_until="load")
                page.wait_for_timeout(300)
                by_type: dict[str, int] = {}
                for req in responses:
                    sizes = req.sizes()
                    kind = req.resource_type
                    by_type[kind] = by_type.get(kind, 0) + sizes["responseBodySize"] + sizes["responseHeadersSize"]
                out[f"{name}_{lang}"] = {"total_bytes": sum(by_type.values()), "by_type": by_type,
                                         "requests": len(responses)}
                ctx.close()
        browser.close()
    server.shutdown()
    return out


# Lighthouse "Slow 4G" (150 ms RTT, 1.6 Mbps down, 750 kbps up) and a 4x slower CPU: a cheap phone.
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
CPU_SLOWDOWN = 4
CHECKER_ANSWERS = [("inscrit_rna", "non"), ("forme", "individuel"), ("activite_listee", "oui"),
                   ("annees_pratique", "5"), ("diplome", "non"), ("couverture_actuelle", "aucune"),
                   ("regime_fiscal", "cpu")]


WORKER_CPU_SHARE = 0.25  # the audit's phone: the worker thread at 25 % of one core


def checker_page() -> dict:
    """The checker on a throttled phone (Slow 4G, page CPU x4, the worker at 25 % of one core), first
    visit, side by side in the same run:
    - pages (verifier/, one question per page, checker-live.js loading the engine behind): opening
      verifier/ -> start button, start tap -> first question, each tap -> the next question, last
      tap -> the summary on screen, bytes of the start page; then until the outcome page has
      loaded the engine (the start page's download was cut by the first tap) and re-checked it;
    - the one-page quick form (verifier/rapide/): first question, Python ready, "works offline",
      each answer -> its result; then Python ready again from the caches.
    Wall-clock from navigation or tap; bytes as transferred."""
    import uuid

    from playwright.sync_api import sync_playwright

    from scripts.bench_worker_cpu import WorkerCpuCap
    from tests.support.static_server import serve

    server = serve(ROOT / "site")
    base = f"http://127.0.0.1:{server.server_port}"
    ready, offline = "#verifier[data-checker=ready]", "#verifier[data-offline=yes]"
    result_js = """() => { const r = document.getElementById('resultat');
        return r.dataset.answers === location.hash.replace(/^#/, ''); }"""
    answers = dict(CHECKER_ANSWERS)

    def throttle(ctx, page) -> None:
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})

    def since(t0: float) -> float:
        return round(time.perf_counter() - t0, 2)

    def pages(ctx, url: str) -> dict:
        page = ctx.new_page()
        throttle(ctx, page)
        # Bytes of the start page (the question and outcome pages come through the service worker,
        # which the page's events do not see: their sizes are in section checker_pages).
        sizes: list[int] = []
        page.on("requestfinished", lambda req: sizes.append(
            req.sizes()["responseBodySize"] + req.sizes()["responseHeadersSize"]) if req.frame == page.main_frame else None)
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector("a[data-start]", state="visible", timeout=120_000)
        out: dict = {"start_page_s": since(t0)}
        page.wait_for_load_state("load")
        out["start_page_bytes"] = sum(sizes)
        sizes.clear()
        t0 = time.perf_counter()
        page.locator("a[data-start]").click()
        page.wait_for_selector("[data-question]", state="visible", timeout=120_000)
        out["first_question_s"] = since(t0)
        taps = []
        while page.locator("[data-question]").count():
            page.wait_for_load_state("load")
            fact = page.locator("[data-question]").get_attribute("data-question")
            options = page.locator(f'a[data-fact="{fact}"]')
            values = [options.nth(i).get_attribute("data-value") for i in range(options.count())]
            wanted = answers.get(fact, values[0])
            if wanted not in values:  # a year: the range it falls in
                wanted = max((v for v in values if int(v) <= int(wanted)), key=int)
            t1 = time.perf_counter()
            page.locator(f'a[data-fact="{fact}"][data-value="{wanted}"]').click()
            page.wait_for_selector(f"[data-summary], [data-question]:not([data-question='{fact}'])",
                                   state="visible", timeout=120_000)
            taps.append(round(1000 * (time.perf_counter() - t1)))
        out["tap_to_next_question_ms"] = taps[:-1]
        out["last_tap_to_summary_ms"] = taps[-1]
        out["amo_regime"] = page.locator("#resultat").get_attribute("data-amo-regime")
        t0 = time.perf_counter()
        page.wait_for_selector("html[data-rendered]", state="attached", timeout=900_000)
        out["outcome_rechecked_by_engine_s"] = since(t0)
        out["rechecked"] = page.evaluate("document.documentElement.dataset.rendered")
        page.close()
        return out

    def quick(ctx, url: str, answer: bool) -> dict:
        page = ctx.new_page()
        throttle(ctx, page)
        sizes: list[int] = []
        page.on("requestfinished", lambda req: sizes.append(req.sizes()["responseBodySize"]))
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector("#q-inscrit_rna", state="visible", timeout=120_000)
        out = {"first_question_s": since(t0)}
        page.wait_for_selector(ready, state="attached", timeout=900_000)
        out["python_ready_s"] = since(t0)
        page.wait_for_selector(offline, state="attached", timeout=300_000)
        out["works_offline_s"] = since(t0)
        if answer:
            taps = []
            for fact, value in CHECKER_ANSWERS:
                t1 = time.perf_counter()
                if page.locator(f"#q-{fact}").get_attribute("data-kind") == "int":
                    page.locator(f"#q-{fact} input").fill(value)
                else:
                    page.locator(f'#q-{fact} input[value="{value}"]').check()
                page.wait_for_function(result_js)
                taps.append(round(1000 * (time.perf_counter() - t1)))
            out["tap_to_result_ms"] = taps
            out["last_tap_to_result_ms"] = taps[-1]
            out["amo_regime"] = page.locator("#resultat").get_attribute("data-amo-regime")
        fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
        out["first_contentful_paint_s"] = round(fcp / 1000, 2) if fcp else None
        page.wait_for_timeout(500)
        out["transferred_bytes"] = sum(s for s in sizes if s > 0)
        page.close()
        return out

    tag = f"--artisan-bench={uuid.uuid4().hex}"  # finds our Chromium among others on the machine
    results: dict = {"network": "150 ms RTT, 1.6 Mbps down, 750 kbps up", "page_cpu_slowdown": CPU_SLOWDOWN,
                     "load_before": os.getloadavg()[0]}
    try:
        with sync_playwright() as p, WorkerCpuCap(tag, WORKER_CPU_SHARE) as cap:
            results["worker_cpu"] = cap.describe()
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS + [tag])
            for lang in ("ar", "fr"):
                root = base + ("/" if lang == "ar" else f"/{lang}/") + "verifier/"
                # Each a first visit (its own empty profile); the quick form then again from the caches.
                ctx = browser.new_context(viewport={"width": 360, "height": 740})
                by_pages = pages(ctx, root)
                ctx.close()
                ctx = browser.new_context(viewport={"width": 360, "height": 740})
                first = quick(ctx, root + "rapide/", answer=True)
                again = quick(ctx, root + "rapide/", answer=False)
                ctx.close()
                results[lang] = {"pages_first_visit": by_pages, "quick_form_first_visit": first,
                                 "quick_form_from_cache": again}
            results["worker_threads_capped"] = len(cap.capped)
            results["load_after"] = os.getloadavg()[0]
            browser.close()
    finally:
        server.shutdown()
    return results


LIGHTHOUSE = ROOT / "bench" / "node_modules" / "lighthouse" / "cli" / "index.js"
LIGHTHOUSE_PAGES = {"home": "", "registre": "registre/", "amo": "amo/", "verifier": "verifier/"}


def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.is_file():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT / "bench", check=True)


def lighthouse() -> dict:
    """Lighthouse 12 (mobile emulation, simulated Slow 4G: 150 ms RTT, 1.6 Mbps, 4x CPU) on the key
    pages, served gzip-compressed as a real host does."""
    from tests.support.static_server import serve

    ensure_lighthouse()
    server = serve(ROOT / "site")
    base = f"http://127.0.0.1:{server.server_port}"
    out: dict = {}
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    for lang in ("ar", "fr"):
        for name, path in LIGHTHOUSE_PAGES.items():
            url = base + ("/" if lang == "ar" else f"/{lang}/") + path
            proc = subprocess.run(
                ["node", str(LIGHTHOUSE), url, "--form-factor=mobile", "--throttling-method=simulate",
                 "--only-categories=performance,accessibility", "--output=json", "--output-path=stdout",
                 "--quiet", f"--chrome-flags={flags}"],
                capture_output=True, text=True, env=env, timeout=240)
            if proc.returncode != 0:
                out[f"{name}_{lang}"] = {"error": proc.stderr[-500:]}
                continue
            lhr = json.loads(proc.stdout)
            audits = lhr["audits"]
            out[f"{name}_{lang}"] = {
                "performance": round(lhr["categories"]["performance"]["score"] * 100),
                "accessibility": round(lhr["categories"]["accessibility"]["score"] * 100),
                "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
                "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
                "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
                "transfer_bytes": round(audits["total-byte-weight"]["numericValue"]),
                "accessibility_failed": sorted(
                    ref["id"] for ref in lhr["categories"]["accessibility"]["auditRefs"]
                    if ref["weight"] and audits[ref["id"]]["score"] == 0),
            }
            print(f"  {name}_{lang}: {out[f'{name}_{lang}']}", flush=True)
    server.shutdown()
    return out
def pdfs() -> dict:
    """Time to build every printed PDF (guides, checklists, posters) and each one's size."""
    import tempfile

    from sitebuild import pdfs as build_guides
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t0 = time.perf_counter()
        per_file = build_guides.build_all(out)
        total = time.perf_counter() - t0
        sizes = {name: round((out / name).stat().st_size / 1024, 1) for name in per_file}
    return {"all_pdfs_s": round(total, 2), "workers": os.cpu_count(), "seconds_per_pdf": per_file, "kb": sizes}


def checker_pages() -> dict:
    """The checker's static pages: how many, how long the build takes to write them (on a copy of
    the two start pages), and each page's HTML gzip size as served from site/ (the theme's CSS and
    scripts are already cached from the start page)."""
    import gzip
    import shutil
    import statistics
    import tempfile

    from checker import web_pages
    from sitebuild.postbuild import checker_pages as step

    site = ROOT / "site"
    with tempfile.TemporaryDirectory() as tmp:
        for rel in ("verifier/index.html", "fr/verifier/index.html"):
            (Path(tmp) / rel).parent.mkdir(parents=True)
            shutil.copy(site / rel, Path(tmp) / rel)
        run = step.build_checker_pages(tmp)
    states = web_pages.walk()
    out = {"pages": run["pages"], "question_pages": 2 * (run["states"] - run["outcomes"]),
           "outcome_pages": 2 * run["outcomes"], "write_all_s": round(run["seconds"], 2)}
    for kind, wanted in (("question", False), ("outcome", True)):
        sizes = [len(gzip.compress((site / root / "verifier" / st.path / "index.html").read_bytes(), 6))
                 for root in ("", "fr") for st in states if (st.fact is None) == wanted]
        out[f"{kind}_gzip_bytes"] = {"min": min(sizes), "median": int(statistics.median(sizes)), "max": max(sizes)}
    return out


def checker_speed() -> dict:
    """Engine time per evaluation (CPython and Pyodide), rules bundle and wheel sizes."""
    from scripts import bench_checker
    return bench_checker.bench()


def checker_files() -> dict:
    """What the checker downloads on a first visit, per file: as shipped, gzip -6 (a host compressing
    on the fly) and brotli -q 11 (the .br twin a host serves precompressed)."""
    import gzip

    site = ROOT / "site" / "assets"
    out: dict = {}
    for path in sorted([*(site / "pyodide").glob("*/*"), *(site / "checker").glob("*")]):
        if path.suffix == ".br":
            continue
        data = path.read_bytes()
        br = path.with_name(path.name + ".br")
        out[path.relative_to(site).as_posix()] = {"raw": len(data), "gzip": len(gzip.compress(data, 6, mtime=0)),
                                                  "brotli": br.stat().st_size if br.exists() else None}
    out["total"] = {k: sum(v[k] or 0 for v in list(out.values())) for k in ("raw", "gzip", "brotli")}
    return out


def checker_data() -> dict:
    """What a first visit to the checker costs a phone, start page to outcome (first answer each
    time), per language: bytes from the browser's own transfer sizes, the service worker's precache
    included, the engine's files apart (0 unless asked for): scripts/bench_data.py."""
    from playwright.sync_api import sync_playwright

    from scripts.bench_data import first_walk
    from tests.support.static_server import serve

    server = serve(ROOT / "site")
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            out = {lang: first_walk(browser, base + ("/" if lang == "ar" else "/fr/") + "verifier/")
                   for lang in ("ar", "fr")}
            browser.close()
    finally:
        server.shutdown()
    return out


SECTIONS = {
    "build": build_time,
    "first_visit": first_visit_bytes,
    "checker": checker_speed,
    "checker_files": checker_files,
    "checker_pages": checker_pages,
    "pdfs": pdfs,
    "lighthouse": lighthouse,
    "checker_page": checker_page,
    "checker_data": checker_data,
}


def print_summary(results: dict) -> None:
    """One table of the figures people ask about first: per page and language."""
    lh, fv = results.get("lighthouse", {}), results.get("first_visit", {})
    rows = sorted(set(lh) | set(fv))
    if not rows:
        return
    print(f"\n{'page':<14}{'perf':>6}{'a11y':>6}{'FCP ms':>8}{'LCP ms':>8}{'TBT ms':>8}{'LH bytes':>11}{'1st visit':>11}")
    for row in rows:
        a, b = lh.get(row, {}), fv.get(row, {})
        cells = [a.get("performance", "-"), a.get("accessibility", "-"), a.get("fcp_ms", "-"), a.get("lcp_ms", "-"),
                 a.get("tbt_ms", "-"), a.get("transfer_bytes", "-"), b.get("total_bytes", "-")]
        print(f"{row:<14}" + "".join(f"{c:>{w}}" for c, w in zip(cells, (6, 6, 8, 8, 8, 11, 11))))
    if "build" in results:
        print(f"build: {results['build']}")


def main(argv: list[str] | None = None) -> int:
    """`python -m scripts.bench [section ...]`: every section, or only those named (the others'
    figures are kept from bench/results.json)."""
    names = (sys.argv[1:] if argv is None else argv) or list(SECTIONS)
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        print(f"bench: unknown section {', '.join(unknown)} (known: {', '.join(SECTIONS)})", file=sys.stderr)
        return 2
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if names != list(SECTIONS) and RESULTS.exists() else {}
    results.update({"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, "
                               f"Python {platform.python_version()}"})
    failed = []
    for name in names:
        fn = SECTIONS[name]
        print(f"== {name}", flush=True)
        try:
            results[name] = fn()
        except Exception as exc:  # one broken measurement must not hide the others
            failed.append(name)
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(results[name], indent=2, ensure_ascii=False))
    print_summary(results)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"saved {RESULTS.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
