"""Files copied into the built site from pinned packages (never committed)."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"
# What the browser needs to start Python; the rest of the npm package (maps, typings, console) is not shipped.
PYODIDE_RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


def copy_pyodide_runtime(site_dir: str | Path) -> None:
    """Copy the self-hosted Pyodide runtime from node_modules (`npm ci`) into site/assets/pyodide/."""
    if not PYODIDE_PACKAGE.is_dir():
        raise SystemExit("node_modules/pyodide is missing: run `npm ci` (the Makefile does it)")
    out = Path(site_dir) / "assets" / "pyodide"
    out.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_RUNTIME:
        src, dst = PYODIDE_PACKAGE / name, out / name
        if not dst.exists() or dst.stat().st_mtime < src.stat().st_mtime or dst.stat().st_size != src.stat().st_size:
            shutil.copy2(src, dst)
