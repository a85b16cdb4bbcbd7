"""The same scenario and engine tests, inside real Pyodide (npm pyodide under Node, offline).

Builds the checker wheel into a temp dir, takes pytest's pure Python wheels from
build/pyodide-wheels/ (exactly requirements.lock's files, hashes checked: tests/support/pyodide_wheels.py,
fetched by `make test` or here on first use), and runs tests/pyodide/run_pytest_in_pyodide.mjs.
Missing node_modules is a failure, not a skip, unless CHECKER_SKIP_PYODIDE=1.
"""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from checker_testlib import IN_PYODIDE

ROOT = Path(__file__).resolve().parent.parent.parent
RUNNER = ROOT / "tests" / "pyodide" / "run_pytest_in_pyodide.mjs"

pytestmark = [
    pytest.mark.skipif(IN_PYODIDE, reason="this is the launcher; it does not run inside Pyodide"),
    pytest.mark.skipif(os.environ.get("CHECKER_SKIP_PYODIDE") == "1", reason="CHECKER_SKIP_PYODIDE=1"),
]


def test_scenarios_and_engine_pass_inside_pyodide(tmp_path):
    node = shutil.which("node")
    assert node, "node is not installed"
    assert (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").exists(), (
        "node_modules/pyodide is missing: run `npm ci` (or set CHECKER_SKIP_PYODIDE=1)")
    from sitebuild.postbuild import bundle
    from tests.support import pyodide_wheels

    wheels = tmp_path / "wheels"
    wheels.mkdir()
    bundle.build_wheel(wheels)
    for w in pyodide_wheels.fetch():
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


def test_only_the_locks_wheels_are_loaded(tmp_path):
    """The wheels loaded into Pyodide are requirements.lock's files: other bytes, another version
    or a missing package are refused before anything runs."""
    from tests.support import pyodide_wheels
    from tests.support.pyodide_wheels import Unpinned, verified

    good = pyodide_wheels.fetch()
    for w in good:
        shutil.copy(w, tmp_path / w.name)
    assert verified(tmp_path) == [tmp_path / w.name for w in good]
    pytest_wheel = tmp_path / good[0].name
    pytest_wheel.write_bytes(pytest_wheel.read_bytes() + b"\0")  # same name, other bytes
    with pytest.raises(Unpinned, match="sha256"):
        verified(tmp_path)
    other = pytest_wheel.rename(tmp_path / pytest_wheel.name.replace(pytest_wheel.name.split("-")[1], "0.0.1"))
    with pytest.raises(Unpinned, match="expected one pytest-"):  # another version
        verified(tmp_path)
    other.unlink()
    shutil.copy(good[0], pytest_wheel)
    lock = tmp_path / "requirements.lock"
    lock.write_text(re.sub(r"(?m)^pluggy==.*\n(?:\s+--hash.*\n)+", "", pyodide_wheels.LOCK.read_text(encoding="utf-8")),
                    encoding="utf-8")
    with pytest.raises(Unpinned, match="pluggy is not in"):
        verified(tmp_path, lock)
