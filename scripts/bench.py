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
sys.path.insert(0, str(ROOT))
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
    sys.path.insert(0, str(ROOT / "scripts"))
    import tempfile

    import build_guides
    import mkdocs_hooks  # noqa: F401  registers the page markers, as in a site build
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t0 = time.perf_counter()
        per_file = build_guides.build_all(out)
        total = time.perf_counter() - t0
        sizes = {name: round((out / name).stat().st_size / 1024, 1) for name in per_file}
    return {"all_pdfs_s": round(total, 2), "workers": os.cpu_count(), "seconds_per_pdf": per_file, "kb": sizes}


def checker_speed() -> dict:
    """Engine time per evaluation (CPython and Pyodide), rules bundle and wheel sizes."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_checker
    return bench_checker.bench()


SECTIONS = {
    "build": build_time,
    "first_visit": first_visit_bytes,
    "checker": checker_speed,
    "pdfs": pdfs,
    "lighthouse": lighthouse,
}


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
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"saved {RESULTS.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
