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

from checker.model import LANGS, LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def build_time() -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=ROOT, env=env, check=True)
    return {"mkdocs_build_s": round(time.perf_counter() - t0, 2)}


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
    for lang in LANGS:
        for name, path in LIGHTHOUSE_PAGES.items():
            url = base + ("/" + LANGUAGES[lang].root) + path
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

    from sitebuild import pdfs
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t0 = time.perf_counter()
        per_file = pdfs.build_all(out)
        total = time.perf_counter() - t0
        sizes = {name: round((out / name).stat().st_size / 1024, 1) for name in per_file}
    return {"all_pdfs_s": round(total, 2), "workers": os.cpu_count(),
            "seconds_per_pdf": {name: b.seconds for name, b in per_file.items()},
            "pages": {name: b.pages for name, b in per_file.items()}, "kb": sizes}


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


def phone() -> dict:
    """The site on a cheap phone with one bar of 4G, all traffic through one shaped link
    (scripts/bench_phone.py): content pages, the checker's pages, the engine's starts."""
    from scripts import bench_phone
    return bench_phone.phone()


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
            out = {lang: first_walk(browser, base + ("/" + LANGUAGES[lang].root) + "verifier/")
                   for lang in LANGS}
            browser.close()
    finally:
        server.shutdown()
    return out


SECTIONS = {
    "build": build_time,
    "checker": checker_speed,
    "checker_files": checker_files,
    "checker_pages": checker_pages,
    "pdfs": pdfs,
    "lighthouse": lighthouse,
    "checker_data": checker_data,
    "phone": phone,
}


def print_summary(results: dict) -> None:
    """The figures people ask about first: Lighthouse per page, then the shaped phone (medians)."""
    lh = results.get("lighthouse", {})
    if lh:
        print(f"\n{'page':<14}{'perf':>6}{'a11y':>6}{'FCP ms':>8}{'LCP ms':>8}{'TBT ms':>8}{'LH bytes':>11}")
        for row in sorted(lh):
            a = lh[row]
            cells = [a.get(k, "-") for k in ("performance", "accessibility", "fcp_ms", "lcp_ms", "tbt_ms", "transfer_bytes")]
            print(f"{row:<14}" + "".join(f"{c:>{w}}" for c, w in zip(cells, (6, 6, 8, 8, 8, 11))))
    ph = results.get("phone", {})
    if "content_pages" in ph:
        med = lambda d: "-" if not d or d.get("median") is None else d["median"]  # noqa: E731
        print(f"\nshaped link ({ph.get('runs')} runs, medians; load {ph.get('load_before')} -> {ph.get('load_after')})")
        print(f"{'page':<14}{'FCP ms':>8}{'LCP ms':>8}{'bytes':>8}{'next FCP':>10}{'next bytes':>11}")
        for row, v in sorted(ph["content_pages"].items()):
            f, n = v["first_page"], v["next_page"]
            cells = [med(f["fcp_ms"]), med(f["lcp_ms"]), med(f["bytes"]), med(n["fcp_ms"]), med(n["bytes"])]
            print(f"{row:<14}" + "".join(f"{c:>{w}}" for c, w in zip(cells, (8, 8, 8, 10, 11))))
        for lang, c in sorted(ph.get("checker", {}).items()):
            print(f"checker {lang}: start FCP {med(c['start_page']['fcp_ms'])} ms, {med(c['start_page']['bytes'])} B; "
                  f"tap -> next question {med(c['tap_to_next_question_ms'])} ms; last tap -> outcome "
                  f"{med(c['last_tap_to_outcome_ms'])} ms; walk {med(c['walk_link_bytes'])} B on the link; "
                  f"engine ready: first {med(c['first_engine']['engine_ready_ms'])} ms, warm (snapshot) "
                  f"{med(c['warm_start_snapshot']['engine_ready_ms'])} ms, warm (no snapshot) "
                  f"{med(c['warm_start_without_snapshot']['engine_ready_ms'])} ms")
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
