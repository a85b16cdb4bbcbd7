"""One minimal broken rules directory per validation error (broken_rules/<case>/)."""
from pathlib import Path

import pytest

import checker

HERE = Path(__file__).resolve().parent / "broken_rules"
CASES = sorted(p.name for p in HERE.iterdir() if (p / "expected.txt").exists())


def test_minimal_fixture_is_valid():
    rules = checker.load_rules(HERE / "valid_minimal")
    assert [r.id for r in rules.rules] == ["r1"]


def test_there_is_a_fixture_per_error_kind():
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES)
def test_broken_rules_are_refused_with_a_precise_message(case):
    expected = (HERE / case / "expected.txt").read_text(encoding="utf-8").strip()
    with pytest.raises(checker.RulesError) as err:
        checker.load_rules(HERE / case)
    assert expected in str(err.value)
    if case == "toml_syntax_error":
        assert "line" in str(err.value)


def test_missing_directory_is_a_rules_error(tmp_path):
    with pytest.raises(checker.RulesError):
        checker.load_rules(tmp_path / "nope")


def test_broken_json_bundle_is_a_rules_error(rules):
    with pytest.raises(checker.RulesError):
        checker.rules_from_json("{not json")
    with pytest.raises(checker.RulesError):
        checker.rules_from_json('{"format": "other", "files": []}')
    bad = checker.rules_to_json(rules).replace('"eq":"oui"', '"eq":"ouiii"', 1)
    with pytest.raises(checker.RulesError, match="rules.json:"):
        checker.rules_from_json(bad)
