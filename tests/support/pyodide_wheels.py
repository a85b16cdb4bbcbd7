"""pytest and its dependencies as wheels, for the run of the checker's tests inside Pyodide: exactly
the versions requirements.lock pins, each file checked against the lock's hashes (by pip when it
downloads, and here again before every run), kept in build/pyodide-wheels/.

    python -m tests.support.pyodide_wheels    # what `make test` runs first (fetch once, verify)

Pyodide's npm package ships its runtime, not its packages (those live on its CDN), so they come
from the index pip is configured with, pinned by the same lock as the rest of the tests.
"""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
LOCK = ROOT / "requirements.lock"
WHEELS = ROOT / "build" / "pyodide-wheels"
# pytest's whole dependency tree on Python 3.14 (Pyodide's): the others are for Windows or Python < 3.11.
NEEDED = ("pytest", "pluggy", "iniconfig", "packaging", "pygments")
ENTRY = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M)
# Pure-Python wheels only, as Pyodide's Python (3.14, wasm32) can load them.
PLATFORM = ["--only-binary=:all:", "--python-version", "3.14", "--implementation", "py", "--abi", "none",
            "--platform", "any"]


class Unpinned(RuntimeError):
    """A wheel that is not the lock's (another version, other bytes, or missing)."""


def pins(lock: Path = LOCK) -> dict[str, tuple[str, frozenset[str]]]:
    """Every package of the lock: its pinned version and the sha256 of each of its files."""
    text = lock.read_text(encoding="utf-8")
    return {m.group(1).lower(): (m.group(2), frozenset(re.findall(r"sha256:([0-9a-f]{64})", m.group(3))))
            for m in ENTRY.finditer(text)}


def _wheel_of(folder: Path, name: str, version: str) -> list[Path]:
    return sorted(folder.glob(f"{name}-{version}-*.whl"))


def verified(folder: Path = WHEELS, lock: Path = LOCK) -> list[Path]:
    """The wheels of NEEDED in `folder`, after checking each is the lock's version and bytes."""
    locked = pins(lock)
    found = []
    for name in NEEDED:
        if name not in locked:
            raise Unpinned(f"{name} is not in {lock.name}: add it to pyproject.toml's test extra and run `make lock`")
        version, hashes = locked[name]
        wheels = _wheel_of(folder, name, version)
        if len(wheels) != 1:
            raise Unpinned(f"{folder.name}: expected one {name}-{version} wheel, found {[w.name for w in wheels]}")
        digest = hashlib.sha256(wheels[0].read_bytes()).hexdigest()
        if digest not in hashes:
            raise Unpinned(f"{wheels[0].name}: sha256 {digest} is not one of {lock.name}'s for {name}=={version}")
        found.append(wheels[0])
    return found


def fetch(folder: Path = WHEELS, lock: Path = LOCK) -> list[Path]:
    """The verified wheels; downloads (pip, --require-hashes, the lock's lines only) what is missing
    or not the lock's, and removes any other wheel from the folder."""
    try:
        return verified(folder, lock)
    except Unpinned:
        pass
    locked = pins(lock)
    folder.mkdir(parents=True, exist_ok=True)
    for wheel in folder.glob("*.whl"):  # another version, or other bytes: never loaded, fetched again
        name = wheel.name.split("-")[0].lower()
        if name not in locked or not wheel.name.startswith(f"{wheel.name.split('-')[0]}-{locked[name][0]}-") \
                or hashlib.sha256(wheel.read_bytes()).hexdigest() not in locked[name][1]:
            wheel.unlink()
    requirements = folder / "requirements.txt"
    requirements.write_text("".join(
        f"{name}=={locked[name][0]} " + " ".join(f"--hash=sha256:{h}" for h in sorted(locked[name][1])) + "\n"
        for name in NEEDED if name in locked), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes",
                    *PLATFORM, "-d", str(folder), "-r", str(requirements)], check=True, timeout=300)
    return verified(folder, lock)


if __name__ == "__main__":
    try:
        print(f"{WHEELS.relative_to(ROOT)}: " + ", ".join(w.name for w in fetch()))
    except (Unpinned, subprocess.CalledProcessError) as e:
        print(f"pyodide wheels: {e}", file=sys.stderr)
        sys.exit(2)
