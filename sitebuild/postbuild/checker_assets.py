"""Post-build steps for the checker page: its files (rules + lean Python), minified scripts, and
content-hashed names so that a page, its worker and the files the worker loads always come from
one build.

The chain of names: each checker page names `checker-live.<hash>.js`, which names
`verifier-worker.<hash>.mjs`, which holds (written here) the exact names, sizes and cache names of
everything it loads: Pyodide's runtime under `assets/pyodide/<version>/` and the checker's own
`python.<hash>.zip` and `rules.<hash>.json`. A host or browser cache can keep any of them for ever:
a new build changes the names, never the content behind a name.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from sitebuild.postbuild import bundle, checker_pages
from sitebuild.postbuild.asset_names import content_hash, hashed_name
from sitebuild.postbuild.pyodide_runtime import BROTLI_CACHE, PYODIDE_RUNTIME, brotli, pyodide_dir, pyodide_version
from sitebuild.website import site_url

ROOT = Path(__file__).resolve().parents[2]
TERSER = ROOT / "node_modules" / "terser" / "bin" / "terser"
LEAN_PYTHON = Path(__file__).with_name("lean_python.mjs")
# The script that starts the checker's worker (on the checker's pages).
PAGE_SCRIPTS = ("assets/javascripts/checker-live.js",)
WORKER = "assets/javascripts/verifier-worker.mjs"
BUILD_PLACEHOLDER = '"__CHECKER_BUILD__"'  # in verifier-worker.mjs; replaced by the build's file table
# Our own scripts and styles, minified in the built site (the sources stay readable, comments and all).
MODULES = (*PAGE_SCRIPTS, WORKER)
SCRIPTS = ("assets/javascripts/material-on-demand.js", "assets/javascripts/sw-register.js",
           "assets/javascripts/voice.js",
           "assets/javascripts/checker-start.js", "assets/javascripts/checker-outcome.js",
           "assets/javascripts/fragment-reader.js")
STYLES = ("assets/stylesheets/extra.css", "assets/stylesheets/print.css",
          "assets/stylesheets/checker-pages.css")
CACHE_PREFIX = "artisan-"  # the worker deletes only its own old caches, never Workbox's


def build_checker_bundle(site_dir: str | Path) -> None:
    """site/assets/checker/: rules.<hash>.json and python.<hash>.zip (the lean precompiled standard
    library with the checker inside), each with its brotli twin."""
    out = Path(site_dir) / "assets" / "checker"
    shutil.rmtree(out, ignore_errors=True)  # a stale file would linger in every later build
    rules_json = hashed_name(bundle.build_rules_json(out))  # validates the rules
    with tempfile.TemporaryDirectory() as tmp:
        zip_path = Path(tmp) / "python.zip"
        proc = subprocess.run(["node", str(LEAN_PYTHON), str(ROOT), str(rules_json), str(zip_path)],
                              cwd=ROOT, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"lean_python.mjs failed:\n{proc.stdout}\n{proc.stderr}")
        python_zip = hashed_name(Path(shutil.copy(zip_path, out / "python.zip")))
    for path in (rules_json, python_zip):
        brotli(path, cache=BROTLI_CACHE / "checker")  # the hash in the name identifies the content


def minify_css(css: str) -> str:
    """Comments and spaces out. Enough for our own stylesheet, which holds no strings and no calc()."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    return re.sub(r"\s*([{};,>])\s*", r"\1", css).strip()


def minify_checker_assets(site_dir: str | Path) -> None:
    """Minify our scripts (terser, from npm) and styles in place: keeps every page within the
    first-visit budget (tests/quality/test_budgets.py)."""
    if not TERSER.is_file():
        raise SystemExit("node_modules/terser is missing: run `npm ci` (the Makefile does it)")
    for rel in MODULES + SCRIPTS:
        path = Path(site_dir) / rel
        if not path.exists():
            continue  # a page script of a page this site does not have
        module = ["--module"] if rel in MODULES else []
        subprocess.run(["node", str(TERSER), str(path), *module, "--compress", "--mangle", "-o", str(path)],
                       check=True, capture_output=True, text=True)
    for rel in STYLES:
        style = Path(site_dir) / rel
        style.write_text(minify_css(style.read_text(encoding="utf-8")), encoding="utf-8")


def _file_table(folder: Path, names: list[str]) -> dict[str, list]:
    """name -> [bytes as decoded, bytes on the wire with brotli, SHA-256 hex]: the worker's progress
    counts the first as they arrive and weighs each file by the second (what a phone actually
    downloads); it stores a file only if its size and hash are these (a captive portal's page
    answered "200" for the engine is never kept)."""
    table = {}
    for name in names:
        data = (folder / name).read_bytes()
        br = folder / (name + ".br")
        table[name] = [len(data), br.stat().st_size if br.exists() else len(data), hashlib.sha256(data).hexdigest()]
    return table


def build_stamp() -> str:
    """When this build's sources were made (SOURCE_DATE_EPOCH: the last commit's time, set by the
    Makefile), ten digits so that names sort by it: a worker deletes only the caches of older builds,
    never those of a newer one that a stale page's worker meets on the phone."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return f"{int(epoch) if epoch.isdigit() else int(time.time()):010d}"


def checker_build(site_dir: str | Path) -> dict:
    """What the worker needs to know about this build: every file it loads, their sizes, the caches."""
    site = Path(site_dir)
    checker_dir = site / "assets" / "checker"
    rules = next(checker_dir.glob("rules.*.json")).name
    python = next(checker_dir.glob("python.*.zip")).name
    own = _file_table(checker_dir, [python, rules])
    lock = json.loads((ROOT / "node_modules" / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
    version = pyodide_version()
    return {
        "id": content_hash(f"{python} {rules}".encode()),
        "pyodide": {"path": f"../pyodide/{version}/", "cache": f"{CACHE_PREFIX}pyodide-{version}",
                    "files": _file_table(pyodide_dir(site), list(PYODIDE_RUNTIME))},
        "checker": {"path": "../checker/",
                    "cache": f"{CACHE_PREFIX}checker-{build_stamp()}-{content_hash(f'{python} {rules}'.encode())}",
                    "files": own, "python": python, "rules": rules},
        # Pyodide wants a lock file; no package is ever loaded, so an empty one (no 119 KB download).
        "lock": {"info": lock["info"], "packages": {}},
        "cache_prefix": CACHE_PREFIX,
        # The checker pages' share links and addresses are absolute: the worker renders them alike.
        "site_url": site_url().rstrip("/") + "/",
        # The recordings and pictograms the static pages were drawn with: web_pages.Media.from_json(...)
        # lets the browser draw the same ▶ buttons and pictograms.
        "media": checker_pages.media(site).to_json(),
    }


def version_checker_assets(site_dir: str | Path) -> None:
    """Write the build's file table into the worker, then give the worker and the page script
    content-hashed names and point the pages at them (after minifying: the hash is of what ships)."""
    site = Path(site_dir)
    worker = site / WORKER
    text = worker.read_text(encoding="utf-8")
    if BUILD_PLACEHOLDER not in text:
        raise SystemExit(f"{WORKER}: no {BUILD_PLACEHOLDER} to replace")
    table = json.dumps(checker_build(site), separators=(",", ":"))
    worker.write_text(text.replace(BUILD_PLACEHOLDER, json.dumps(table)), encoding="utf-8")  # a JS string of JSON
    worker_name = hashed_name(worker).name
    for rel in PAGE_SCRIPTS:
        page_script = site / rel
        if not page_script.exists():
            continue
        text = page_script.read_text(encoding="utf-8")
        if "verifier-worker.mjs" not in text:
            raise SystemExit(f"{rel}: the worker's name was not found")
        page_script.write_text(text.replace("verifier-worker.mjs", worker_name), encoding="utf-8")
        script_name = hashed_name(page_script).name
        pages = 0
        for html in site.rglob("*.html"):
            text = html.read_text(encoding="utf-8")
            if rel in text:
                html.write_text(text.replace(rel, rel.rsplit("/", 1)[0] + "/" + script_name), encoding="utf-8")
                pages += 1
        if not pages:
            raise SystemExit(f"no page loads {rel}")
