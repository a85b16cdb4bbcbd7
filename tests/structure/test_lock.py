"""The Python environment is pinned: requirements.lock holds every package of the build and the
tests with its hashes, covers pyproject.toml's extras, and is what this environment runs."""
from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
LOCK = ROOT / "requirements.lock"


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes), from the lock's `name==version \\ --hash=…` entries."""
    out = {}
    text = LOCK.read_text(encoding="utf-8")
    for m in re.finditer(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)[^\n]*\n((?:\s+--hash=sha256:[0-9a-f]{64}[^\n]*\n)*)",
                         text, re.M):
        out[norm(m.group(1))] = (m.group(2), re.findall(r"sha256:[0-9a-f]{64}", m.group(3)))
    return out


def test_every_locked_package_is_pinned_with_hashes():
    entries = locked()
    requirement_lines = [line for line in LOCK.read_text(encoding="utf-8").splitlines()
                         if line and not line.startswith((" ", "#"))]
    assert len(requirement_lines) == len(entries) >= 40, "a line of the lock is not `name==version` with hashes"
    assert all(hashes for _, hashes in entries.values())


def test_the_lock_covers_every_requirement_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [r for extra in project["optional-dependencies"].values() for r in extra]
    names = {norm(re.match(r"[A-Za-z0-9._-]+", r).group(0)) for r in wanted}
    assert names <= set(locked()), sorted(names - set(locked()))


def test_this_environment_runs_the_locked_versions():
    wrong = []
    for name, (version, _) in locked().items():
        try:
            have = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            have = None
        if have != version:
            wrong.append(f"{name}: {have} installed, {version} locked")
    assert not wrong, "run `make test` (it installs requirements.lock):\n" + "\n".join(wrong)


def test_the_makefile_installs_the_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = re.findall(r"pip install[^\n]*", makefile)
    assert any("--require-hashes" in i and "-r requirements.lock" in i for i in installs)
    assert all("--require-hashes" in i or "pip-tools" in i for i in installs), installs
