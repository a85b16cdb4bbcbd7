"""Reading back the build's precompressed twins (file.br, file.gz)."""
from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

TEXT_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".wasm", ".webmanifest", ".txt"}


def decoded(twin: Path) -> bytes:
    """The content of a .gz (Python's gzip) or .br (Debian's brotli) file."""
    if twin.suffix == ".gz":
        return gzip.decompress(twin.read_bytes())
    return subprocess.run(["brotli", "-d", "-c", str(twin)], check=True, capture_output=True).stdout
