"""Post-build step: the service worker that makes the whole site work offline after one visit."""
from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_suffix(".mjs")


def generate_service_worker(site_dir: str | Path) -> None:
    """Run Workbox (service_worker.mjs) over the finished site; must be the last step,
    since the precache list is every file present at that moment."""
    if not (ROOT / "node_modules" / "workbox-build").is_dir():
        raise SystemExit("node_modules/workbox-build is missing: run `npm ci` (the Makefile does it)")
    subprocess.run(["node", str(SCRIPT), str(site_dir)], cwd=ROOT, check=True,
                   capture_output=True, text=True)
