"""Post-build step: `file.br` and `file.gz` beside every text file of the site (WebAssembly and zips
included), so that a host serves them as they are (nginx's brotli_static and gzip_static, see
deploy/nginx/) instead of compressing each response, and phones get the smallest bytes.

Both are made at the best level and are byte-for-byte reproducible: gzip without name or time,
brotli by Debian's `brotli`. Each content is compressed once (build/precompressed/, keyed by its
sha256): brotli -q 11 takes about 40 s of CPU for Pyodide's 9.6 MB WebAssembly, and most files
(the theme's, Pyodide's) do not change from one build to the next.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "build" / "precompressed"
SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".webmanifest", ".map",
            ".wasm", ".zip", ".whl"}
MIN_SIZE = 256  # below this, headers cost more than compression saves
WORTH = 0.9  # keep a compressed twin only if it saves at least 10 %


def candidates(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(site).parts)
                  and p.stat().st_size >= MIN_SIZE)


def _compressed(path: Path, data: bytes, kind: str) -> bytes:
    """`data` (the content of `path`) compressed by `kind` (br | gz), through the cache."""
    kept = CACHE / f"{hashlib.sha256(data).hexdigest()}.{kind}"
    if kept.exists():
        return kept.read_bytes()
    if kind == "br":
        out = subprocess.run(["brotli", "-q", "11", "-c", str(path)], check=True, capture_output=True).stdout
    else:
        out = gzip.compress(data, compresslevel=9, mtime=0)
    CACHE.mkdir(parents=True, exist_ok=True)
    part = kept.with_name(f"{kept.name}.{os.getpid()}.{threading.get_ident()}.part")
    part.write_bytes(out)
    part.replace(kept)
    return out


def compress_one(path: Path) -> None:
    data = path.read_bytes()
    for kind in ("br", "gz"):
        twin = path.with_name(f"{path.name}.{kind}")
        if kind == "br" and twin.exists():
            continue  # another step made it already (the checker's own files)
        out = _compressed(path, data, kind)
        if len(out) <= len(data) * WORTH:
            twin.write_bytes(out)


def precompress(site_dir: str | Path) -> None:
    """MkDocs post-build step, after every file of the site is written (the service worker too)."""
    if shutil.which("brotli") is None:
        raise SystemExit("brotli is missing: apt-get install brotli (the Makefile does it)")
    files = candidates(Path(site_dir))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(compress_one, files))
