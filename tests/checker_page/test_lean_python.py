"""What ships to browsers: the lean precompiled Python zip (scripts/lean_python.mjs) under the real
Pyodide runtime copied into site/, the hashed rules, the brotli twins — the answers must be the
engine's, byte for byte the files the site serves."""
from __future__ import annotations

import json
import subprocess
import tomllib
import zipfile
from urllib.parse import quote

from checker import browser
from tests.conftest import ROOT

RUNNER = ROOT / "tests" / "pyodide" / "run_shipped_checker.mjs"


def _scenario_cases() -> list[tuple[str, str, str]]:
    cases = []
    for path in sorted((ROOT / "tests" / "scenarios").glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            fragment = "&".join(f"{k}={quote(str(v))}" for k, v in case["answers"].items())
            for lang in ("ar", "fr"):
                cases.append((fragment, lang, str(case["on"])))
    cases.append(("forme=x&&=&%ZZ&annees_pratique=999", "fr", "2026-11-29"))  # refused answers
    cases.append(("forme=individuel", "ar", "not-a-date"))
    return cases


def test_shipped_python_gives_the_engines_answers(built_site, tmp_path):
    cases = _scenario_cases()
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    proc = subprocess.run(["node", str(RUNNER), str(built_site), str(tmp_path / "cases.json")], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    shipped = json.loads(proc.stdout.strip().splitlines()[-1])
    rules_json = next((built_site / "assets" / "checker").glob("rules.*.json")).read_text(encoding="utf-8")
    expected = [json.loads(browser.run(rules_json, *case)) for case in cases]
    assert len(shipped) == len(expected) > 40
    for case, got, want in zip(cases, shipped, expected):
        assert got == want, case


def test_lean_zip_holds_only_precompiled_modules_and_the_checker(built_site):
    """Only .pyc (no source compiled at each start), plus the checker's own interface words."""
    path = next((built_site / "assets" / "checker").glob("python.*.zip"))
    names = zipfile.ZipFile(path).namelist()
    code = [n for n in names if not (n.startswith("checker/") and n.endswith(".toml"))]
    assert code and all(n.endswith(".pyc") for n in code), [n for n in code if not n.endswith(".pyc")]
    assert not [n for n in names if n.startswith("checker/rules/")]  # the rules come as rules.<hash>.json
    assert "checker/browser.pyc" in names and "checker/cli.pyc" not in names
    assert "argparse.pyc" not in names and "email/__init__.pyc" not in names  # only what is imported
    assert len(names) < 250


def test_brotli_twins_are_the_same_bytes(built_site):
    """A host serving file.br instead of file (nginx brotli_static) serves exactly what was tested."""
    twins = sorted((built_site / "assets").rglob("*.br"))
    assert {p.parent.name for p in twins} >= {"checker"} and any("pyodide" in str(p) for p in twins)
    for br in twins:
        original = br.with_name(br.name[:-3])
        out = subprocess.run(["brotli", "-d", "-c", str(br)], capture_output=True, check=True).stdout
        assert out == original.read_bytes(), br.name
