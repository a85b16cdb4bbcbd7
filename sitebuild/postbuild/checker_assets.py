"""Post-build steps for the checker page: the checker bundle (rules + wheel) and its manifest."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from sitebuild.postbuild import bundle as build_bundle  # the checker's own bundle builder
from sitebuild.postbuild.pyodide_runtime import PYODIDE_RUNTIME

ROOT = Path(__file__).resolve().parents[2]
TERSER = ROOT / "node_modules" / "terser" / "bin" / "terser"
# Our own scripts and styles, minified in the built site (the sources stay readable, comments and all).
MODULES = ("assets/javascripts/verifier.js", "assets/javascripts/verifier-worker.mjs")
SCRIPTS = ("assets/javascripts/search-on-demand.js", "assets/javascripts/sw-register.js")
STYLES = ("assets/stylesheets/verifier.css", "assets/stylesheets/extra.css", "assets/stylesheets/print.css")


def build_checker_bundle(site_dir: str | Path) -> None:
    """Build rules.json + the checker wheel into site/assets/checker/, then write manifest.json.

    The manifest tells the page's worker the wheel's file name (it carries the version) and the
    size of each file it downloads, so the page can show how far the download has gone.
    """
    out = Path(site_dir) / "assets" / "checker"
    for old in out.glob("*.whl"):
        old.unlink()  # a stale wheel would be precached by the service worker
    built = build_bundle.build(out)  # validates the rules; a broken rule stops the build
    wheel, rules_json = built["wheel"], built["rules.json"]
    runtime = Path(site_dir) / "assets" / "pyodide"
    sizes = {name: (runtime / name).stat().st_size for name in PYODIDE_RUNTIME}
    sizes.update({p.name: p.stat().st_size for p in (wheel, rules_json)})
    manifest = {"wheel": wheel.name, "rules": rules_json.name, "sizes": sizes}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


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
        module = ["--module"] if rel in MODULES else []
        subprocess.run(["node", str(TERSER), str(path), *module, "--compress", "--mangle", "-o", str(path)],
                       check=True, capture_output=True, text=True)
    for rel in STYLES:
        style = Path(site_dir) / rel
        style.write_text(minify_css(style.read_text(encoding="utf-8")), encoding="utf-8")
