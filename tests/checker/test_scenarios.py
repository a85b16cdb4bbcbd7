"""Scenario tests: data in tests/scenarios/*.toml, one test per case, named as a sentence."""
import tomllib
from pathlib import Path

import pytest

import checker

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def _cases():
    out = []
    for path in sorted(SCENARIOS.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            out.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return out


CASES = _cases()


def _norm(v):
    return None if v in ("", "null") else v


def test_there_are_scenarios():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES)
def test_scenario(rules, case):
    answers = checker.parse_answers(rules, case["answers"])
    report = checker.evaluate(rules, answers, on=case["on"]).to_dict()
    expect = case["expect"]
    for key in ("ask", "ignored"):
        if key in expect:
            assert report[key] == expect[key], key
    for scheme in ("rna", "amo"):
        for key, want in expect.get(scheme, {}).items():
            got = report[scheme]
            if key == "first_step":
                assert got["steps"][:1] == [want]
            elif key.endswith("_include"):
                base = key[: -len("_include")]
                missing = [x for x in want if x not in got[base]]
                assert not missing, f"{scheme}.{base} lacks {missing}: {got[base]}"
            else:
                assert got[key] == _norm(want), f"{scheme}.{key}: {got[key]!r} != {want!r}"
