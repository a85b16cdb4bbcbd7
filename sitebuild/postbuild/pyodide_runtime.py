"""Files copied into the built site from pinned packages (never committed)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"
# What the browser needs to start Python: the standard library and the lock file are replaced by the
# checker's own lean zip (scripts/lean_python.mjs), the rest of the npm package is not shipped.
PYODIDE_RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
# brotli -q 11 of the 9.6 MB wasm takes about 40 s of CPU: done once per Pyodide version, kept here.
BROTLI_CACHE = ROOT / "build" / "brotli"


def pyodide_version() -> str:
    return json.loads((PYODIDE_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]


def pyodide_dir(site_dir: str | Path) -> Path:
    """assets/pyodide/<version>/: the version in the path, so no host or browser cache can ever
    hand a page the runtime of another version under the same address."""
    return Path(site_dir) / "assets" / "pyodide" / pyodide_version()


def brotli(path: Path, *, cache: Path | None = None) -> Path:
    """Write `path`.br (Debian's `brotli`, best quality) beside `path`, for hosts that serve
    precompressed files; with `cache`, reuse a copy made earlier of the same file."""
    out = path.with_name(path.name + ".br")
    if cache is not None:  # only for names that identify their content (a version or a hash in the path)
        kept = cache / (path.name + ".br")
        if not kept.exists():
            cache.mkdir(parents=True, exist_ok=True)
            subprocess.run(["brotli", "-q", "11", "-f", "-o", str(kept) + ".part", str(path)], check=True)
            Path(str(kept) + ".part").replace(kept)
        shutil.copyfile(kept, out)
    else:
        subprocess.run(["brotli", "-q", "11", "-f", "-o", str(out), str(path)], check=True)
    return out


def copy_pyodide_runtime(site_dir: str | Path) -> None:
    """Copy the self-hosted Pyodide runtime from node_modules (`npm ci`) into
    site/assets/pyodide/<version>/, each file with its brotli twin."""
    if not PYODIDE_PACKAGE.is_dir():
        raise SystemExit("node_modules/pyodide is missing: run `npm ci` (the Makefile does it)")
    if shutil.which("brotli") is None:
        raise SystemExit("brotli is missing: apt-get install brotli (the Makefile does it)")
    out = pyodide_dir(site_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_RUNTIME:
        src, dst = PYODIDE_PACKAGE / name, out / name
        if not dst.exists() or dst.stat().st_mtime < src.stat().st_mtime or dst.stat().st_size != src.stat().st_size:
            shutil.copy2(src, dst)
        brotli(dst, cache=BROTLI_CACHE / pyodide_version())
