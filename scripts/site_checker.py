"""Post-build steps for the checker page: the checker bundle (rules + wheel) and its manifest."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from site_assets import PYODIDE_RUNTIME

ROOT = Path(__file__).resolve().parent.parent


def build_checker_bundle(site_dir: str | Path) -> None:
    """Build rules.json + the checker wheel into site/assets/checker/, then write manifest.json.

    The manifest tells the page's worker the wheel's file name (it carries the version) and the
    size of each file it downloads, so the page can show how far the download has gone.
    """
    out = Path(site_dir) / "assets" / "checker"
    for old in out.glob("*.whl"):
        old.unlink()  # a stale wheel would be precached and could be picked up
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_bundle.py"), "--out", str(out)],
                   cwd=ROOT, env=env, check=True)
    wheels = sorted(out.glob("checker-*.whl"))
    if len(wheels) != 1 or not (out / "rules.json").is_file():
        raise SystemExit(f"checker bundle incomplete in {out}: {[p.name for p in out.iterdir()]}")
    runtime = Path(site_dir) / "assets" / "pyodide"
    sizes = {name: (runtime / name).stat().st_size for name in PYODIDE_RUNTIME}
    sizes.update({p.name: p.stat().st_size for p in (wheels[0], out / "rules.json")})
    manifest = {"wheel": wheels[0].name, "rules": "rules.json", "sizes": sizes}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
