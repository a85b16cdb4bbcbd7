"""Measure the checker: engine time per evaluation (CPython, and Pyodide via Node when
available), rules.json and wheel sizes (raw and gzip). Prints JSON and returns it.

    python scripts/bench_checker.py [--runs N] [--no-pyodide]
"""
from __future__ import annotations

import argparse
import datetime
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

import checker
from sitebuild.postbuild import bundle

PROFILE = {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui", "annees_pratique": "5",
           "diplome": "non", "couverture_actuelle": "aucune", "regime_fiscal": "aucun"}


def bench(runs: int = 5000, pyodide: bool = True) -> dict:
    rules = checker.load_rules()
    answers = checker.parse_answers(rules, PROFILE)
    on = datetime.date(2026, 11, 29)
    for _ in range(100):
        checker.evaluate(rules, answers, on=on)
    t = time.perf_counter()
    for _ in range(runs):
        checker.evaluate(rules, answers, on=on)
    per = (time.perf_counter() - t) / runs
    result: dict = {"cpython_evaluate_us": round(per * 1e6, 1), "cpython_runs": runs,
                    "python": sys.version.split()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        built = bundle.build(Path(tmp))
        for key, path in (("rules_json", built["rules.json"]), ("wheel", built["wheel"])):
            raw, gz = bundle.sizes(path)
            result[f"{key}_bytes"], result[f"{key}_gzip_bytes"] = raw, gz
        node = shutil.which("node")
        if pyodide and node and (ROOT / "node_modules" / "pyodide").exists():
            p = subprocess.run([node, str(ROOT / "tests" / "pyodide" / "run_pytest_in_pyodide.mjs"), tmp],
                               capture_output=True, text=True, cwd=ROOT, timeout=300,
                               env={**__import__("os").environ, "BENCH": "1", "BENCH_RUNS": "2000"})
            if p.returncode == 0:
                result.update(json.loads(p.stdout.strip().splitlines()[-1]))
            else:
                result["pyodide_error"] = (p.stderr or p.stdout)[-500:]
        else:
            result["pyodide_evaluate_us"] = None
    return result


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5000)
    ap.add_argument("--no-pyodide", action="store_true")
    args = ap.parse_args(argv)
    result = bench(args.runs, not args.no_pyodide)
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
