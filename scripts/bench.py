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
CHECKER_ANSWERS = [("inscrit_rna", "non"), ("forme", "cooperative"), ("activite_listee", "oui"),
                   ("couverture_actuelle", "aucune"), ("regime_fiscal", "auto_entrepreneur")]


def checker_page() -> dict:
    """verifier/ on a throttled phone: first question visible, checker ready (cold, and warm from the
    service worker's cache), and last answer -> result. Wall-clock seconds from navigation start."""
    from playwright.sync_api import sync_playwright

    from tests.support.static_server import serve

    server = serve(ROOT / "site")
    base = f"http://127.0.0.1:{server.server_port}"
    ready, result_js = "#verifier[data-checker=ready]", """() => { const r = document.getElementById('resultat');
        return r.dataset.answers === location.hash.replace(/^#/, ''); }"""

    def throttle(ctx, page) -> None:
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})

    def measure(ctx, url: str, answer: bool) -> dict:
        page = ctx.new_page()
        throttle(ctx, page)
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector("#q-inscrit_rna", state="visible", timeout=120_000)
        out = {"first_question_s": round(time.perf_counter() - t0, 2)}
        page.wait_for_selector(ready, state="attached", timeout=600_000)
        out["checker_ready_s"] = round(time.perf_counter() - t0, 2)
        if answer:
            for fact, value in CHECKER_ANSWERS[:-1]:
                page.locator(f'#q-{fact} input[value="{value}"]').check()
                page.wait_for_function(result_js)
            fact, value = CHECKER_ANSWERS[-1]
            t1 = time.perf_counter()
            page.locator(f'#q-{fact} input[value="{value}"]').check()
            page.wait_for_function(result_js)
            out["last_answer_to_result_ms"] = round(1000 * (time.perf_counter() - t1))
            out["amo_regime"] = page.locator("#resultat").get_attribute("data-amo-regime")
        fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
        out["first_contentful_paint_s"] = round(fcp / 1000, 2) if fcp else None
        page.close()
        return out

    results: dict = {"network": "150 ms RTT, 1.6 Mbps down, 750 kbps up", "cpu_slowdown": CPU_SLOWDOWN}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for lang in ("ar", "fr"):
                url = base + ("/" if lang == "ar" else f"/{lang}/") + "verifier/"
                # Cold: empty cache, no service worker (its precache download would run unthrottled).
                ctx = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
                cold = measure(ctx, url, answer=True)
                ctx.close()
                # Warm: a first visit installs the service worker and fills its cache; then measure again.
                ctx = browser.new_context(viewport={"width": 360, "height": 740})
                first = ctx.new_page()
                first.goto(url)
                first.wait_for_selector(ready, state="attached", timeout=300_000)
                first.wait_for_function("navigator.serviceWorker.controller !== null", timeout=300_000)
                first.close()
                warm = measure(ctx, url, answer=False)
                ctx.close()
                results[lang] = {"cold": cold, "warm_service_worker": warm}
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


def checker_speed() -> dict:
    """Engine time per evaluation (CPython and Pyodide), rules bundle and wheel sizes."""
    from scripts import bench_checker
    return bench_checker.bench()


SECTIONS = {
    "build": build_time,
    "first_visit": first_visit_bytes,
    "checker": checker_speed,
    "pdfs": pdfs,
    "lighthouse": lighthouse,
    "checker_page": checker_page,
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


def main() -> int:
    results = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"}
    failed = []
    for name, fn in SECTIONS.items():
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
