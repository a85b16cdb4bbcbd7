"""Build the browser bundle: validated rules.json + the checker as a pure-Python wheel.

    python scripts/build_bundle.py --out build/bundle

The wheel is written with zipfile (stdlib): no build backend, no network, reproducible
(fixed timestamps), and Pyodide's loadPackage(url) accepts it as-is.
"""
from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import sys
import zipfile
from pathlib import Path

import checker
from sitebuild import website

ROOT = Path(__file__).resolve().parents[2]

NAME, VERSION = "checker", checker.__version__
WHEEL = f"{NAME}-{VERSION}-py3-none-any.whl"
DIST_INFO = f"{NAME}-{VERSION}.dist-info"
EPOCH = (2020, 1, 1, 0, 0, 0)


def _record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def package_files() -> list[tuple[str, bytes]]:
    pkg = ROOT / "checker"
    files = []
    for p in sorted(pkg.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".toml"):
            files.append((p.relative_to(ROOT).as_posix(), p.read_bytes()))
    return files


def build_wheel(out: Path) -> Path:
    files = package_files()
    metadata = (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n"
                "Summary: RNA / AMO eligibility checker (stdlib only)\nRequires-Python: >=3.11\n").encode()
    wheel_meta = b"Wheel-Version: 1.0\nGenerator: build_bundle.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files += [(f"{DIST_INFO}/METADATA", metadata), (f"{DIST_INFO}/WHEEL", wheel_meta),
              (f"{DIST_INFO}/top_level.txt", b"checker\n")]
    record = "\n".join([_record_line(p, d) for p, d in files] + [f"{DIST_INFO}/RECORD,,"]) + "\n"
    files.append((f"{DIST_INFO}/RECORD", record.encode()))
    path = out / WHEEL
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return path


def build_rules_json(out: Path) -> Path:
    """The rules as the browser reads them: validated, written, loaded back."""
    out.mkdir(parents=True, exist_ok=True)
    rules = website.rules()  # the build's rules, validated: a broken rule stops the build
    rules_json = out / "rules.json"
    rules_json.write_text(checker.rules_to_json(rules), encoding="utf-8")
    checker.rules_from_json(rules_json.read_text(encoding="utf-8"))  # the bundle must load back
    return rules_json


def build(out: Path) -> dict[str, Path]:
    return {"rules.json": build_rules_json(out), "wheel": build_wheel(out)}


def sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 9, mtime=0))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, type=Path)
    args = ap.parse_args(argv)
    try:
        built = build(args.out)
    except checker.RulesError as e:
        print(f"build_bundle: {e}", file=sys.stderr)
        return 1
    for path in built.values():
        raw, gz = sizes(path)
        print(f"{path}: {raw} bytes, {gz} gzip")
    return 0

