"""The same scenario and engine tests, inside real Pyodide (npm pyodide under Node, offline).

Builds the checker wheel into a temp dir, reuses (or fetches once with pip) pytest's pure
Python wheels for Python 3.14 in build/pyodide-wheels/, and runs
tests/pyodide/run_pytest_in_pyodide.mjs. Missing node_modules is a failure, not a skip,
unless CHECKER_SKIP_PYODIDE=1.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker_testlib import IN_PYODIDE

ROOT = Path(__file__).resolve().parent.parent.parent
CACHE = ROOT / "build" / "pyodide-wheels"
RUNNER = ROOT / "tests" / "pyodide" / "run_pytest_in_pyodide.mjs"
NEEDED = ("pytest", "pluggy", "iniconfig", "packaging", "pygments")

pytestmark = [
    pytest.mark.skipif(IN_PYODIDE, reason="this is the launcher; it does not run inside Pyodide"),
    pytest.mark.skipif(os.environ.get("CHECKER_SKIP_PYODIDE") == "1", reason="CHECKER_SKIP_PYODIDE=1"),
]


def _pytest_wheels() -> list[Path]:
    have = {p.name.split("-")[0].lower(): p for p in CACHE.glob("*.whl")} if CACHE.exists() else {}
    if not all(n in have for n in NEEDED):
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:",
             "--python-version", "3.14", "--implementation", "py", "--abi", "none",
             "--platform", "any", "-d", str(CACHE), "pytest>=8,<10"],
            check=True, timeout=300)
        have = {p.name.split("-")[0].lower(): p for p in CACHE.glob("*.whl")}
    return [have[n] for n in NEEDED]


def test_scenarios_and_engine_pass_inside_pyodide(tmp_path):
    node = shutil.which("node")
    assert node, "node is not installed"
    assert (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").exists(), (
        "node_modules/pyodide is missing: run `npm ci` (or set CHECKER_SKIP_PYODIDE=1)")
    from sitebuild.postbuild import bundle as build_bundle

    wheels = tmp_path / "wheels"
    wheels.mkdir()
    build_bundle.build_wheel(wheels)
    for w in _pytest_wheels():
        shutil.copy(w, wheels / w.name)
    tests = tmp_path / "tests"
    for sub in ("checker", "scenarios"):
        shutil.copytree(ROOT / "tests" / sub, tests / sub,
                        # CPython-only: this launcher, the CLI (subprocesses), the lean zip (builds the site)
                        ignore=shutil.ignore_patterns("__pycache__", "test_checker_in_pyodide.py", "test_checker_cli.py",
                                                      "test_lean_python.py"))
    p = subprocess.run([node, str(RUNNER), str(wheels), str(tests), "-q", "-p", "no:warnings"],
                       capture_output=True, text=True, cwd=ROOT, timeout=600)
    output = p.stdout + p.stderr
    assert p.returncode == 0, output
    summary = [line for line in output.splitlines() if re.search(r"\d+ passed", line)]
    assert summary, "no pytest summary (collected nothing?):\n" + output
    m = re.search(r"(\d+) passed", summary[-1])
    assert int(m.group(1)) > 50, output
    assert not re.search(r"\d+ (failed|error)", summary[-1]), output
    print(summary[-1])
