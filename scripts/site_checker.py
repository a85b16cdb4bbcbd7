"""Post-build steps for the checker page: the checker bundle (rules + wheel) and its manifest."""
from __future__ import annotations

import json
from pathlib import Path

import build_bundle  # scripts/build_bundle.py (the checker's own bundle builder)
from site_assets import PYODIDE_RUNTIME


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
