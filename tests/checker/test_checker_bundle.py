"""scripts/build_bundle.py (sitebuild.postbuild.bundle): validated rules.json + a pure-Python wheel (no tests inside)."""
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import checker
from checker_testlib import IN_PYODIDE

pytestmark = [pytest.mark.process, pytest.mark.skipif(IN_PYODIDE, reason="build step runs on the host")]
ROOT = Path(__file__).resolve().parent.parent.parent


def test_build_bundle_writes_rules_json_and_a_wheel(tmp_path):
    p = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_bundle.py"), "--out", str(tmp_path)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "gzip" in p.stdout
    rules = checker.rules_from_json((tmp_path / "rules.json").read_text(encoding="utf-8"))
    assert rules == checker.load_rules()
    wheel = tmp_path / "checker-0.1.0-py3-none-any.whl"
    names = zipfile.ZipFile(wheel).namelist()
    assert "checker/__init__.py" in names and "checker/rules/rna.toml" in names
    assert "checker-0.1.0.dist-info/RECORD" in names and "checker-0.1.0.dist-info/WHEEL" in names
    assert not [n for n in names if n.startswith("tests/") or "__pycache__" in n]


def test_wheel_is_importable_with_packaged_rules(tmp_path):
    from sitebuild.postbuild import bundle
    wheel = bundle.build_wheel(tmp_path)
    code = ("import checker, datetime, json; r = checker.load_rules(); "
            "print(json.dumps(checker.evaluate(r, {}, on=datetime.date(2026, 11, 29)).to_dict()['rna']['status']))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       env={"PYTHONPATH": str(wheel)}, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == "need_more_info"


def test_broken_rules_stop_the_build(tmp_path, monkeypatch):
    from sitebuild import website
    from sitebuild.postbuild import bundle
    monkeypatch.setattr(website, "RULES_DIR", ROOT / "tests" / "checker" / "broken_rules" / "_as_root" / "checker" / "rules")
    website._rules_at.cache_clear()  # the build's rules are loaded once: load the broken ones
    try:
        with pytest.raises(checker.RulesError):
            bundle.build(tmp_path)
        assert not (tmp_path / "rules.json").exists()
    finally:
        website._rules_at.cache_clear()
