"""A second copy of the repository, as `git clone` of the working tree would give, for builds that
must not touch the session's site/ (reproducibility, failing builds)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

# The environment as the run began, read once when the tests are collected. Builds run in a
# background thread (tests/support/builds.py) while other tests run: reading os.environ when a build
# starts would hand it whatever a test had just set with monkeypatch (RELEASE=1, SITE_URL,
# CHAMBER_FILE…), and the "same commit, same bytes" build would differ by timing alone.
SESSION_ENV: dict[str, str] = dict(os.environ)


def tracked_files() -> list[str]:
    """Committed and new (not ignored) files of the working tree: what a commit of it would hold."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                         capture_output=True, check=True).stdout
    return sorted(f for f in out.decode("utf-8").split("\0") if f and (ROOT / f).is_file())


def clone(dest: Path) -> Path:
    """Copy the working tree's files into `dest`; node_modules (installed by npm ci from the lock)
    is linked, not copied."""
    for rel in tracked_files():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    if (ROOT / "node_modules").is_dir():
        os.symlink(ROOT / "node_modules", dest / "node_modules")
    # The compression caches (build/): brotli and gzip give the same bytes for the same input, and
    # compressing Pyodide again would take minutes.
    (ROOT / "build").mkdir(exist_ok=True)
    os.symlink(ROOT / "build", dest / "build")
    return dest


def build_env(**env: str) -> dict[str, str]:
    """The environment of a test build: as `make build` sets it (SOURCE_DATE_EPOCH: the last commit's
    time, so that a build's dates do not depend on the day it runs)."""
    epoch = SESSION_ENV.get("SOURCE_DATE_EPOCH") or subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return {**SESSION_ENV, "NO_MKDOCS_2_WARNING": "1", **({"SOURCE_DATE_EPOCH": epoch} if epoch else {}), **env}


def build(repo: Path, unset: tuple[str, ...] = (), **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in `repo`, its own packages first on the path (not the installed ones);
    `unset` names variables of this environment the build must not see (SITE_URL…)."""
    full = {k: v for k, v in build_env(PYTHONPATH=str(repo), **env).items() if k not in unset}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=repo, env=full,
                          capture_output=True, text=True)
