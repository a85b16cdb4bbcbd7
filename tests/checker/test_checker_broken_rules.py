"""One broken rules file per validation error: small patches of the valid minimal rules (broken_rules.toml)."""
import tomllib
from pathlib import Path

import pytest

import checker

HERE = Path(__file__).resolve().parent / "broken_rules"
VALID = (HERE / "valid_minimal" / "rules.toml").read_text(encoding="utf-8")
PATCHES = {c["name"]: c for c in tomllib.loads((HERE.parent / "broken_rules.toml").read_text(encoding="utf-8"))["case"]}
# A broken-rules folder (rules.toml + expected.txt) still counts, until it is turned into a patch.
FOLDERS = sorted(p.name for p in HERE.iterdir() if (p / "expected.txt").exists())
CASES = sorted(PATCHES) + FOLDERS


def broken(case: str, tmp_path: Path) -> tuple[Path, str]:
    """The case's rules folder and the message expected."""
    if case in FOLDERS:
        return HERE / case, (HERE / case / "expected.txt").read_text(encoding="utf-8").strip()
    text = VALID
    for p in PATCHES[case]["patch"]:
        assert text.count(p["old"]) == 1, f"{case}: patch no longer applies: {p['old']!r}"
        text = text.replace(p["old"], p["new"])
    (tmp_path / "rules.toml").write_text(text, encoding="utf-8")
    return tmp_path, PATCHES[case]["expected"]


def test_minimal_fixture_is_valid():
    rules = checker.load_rules(HERE / "valid_minimal")
    assert [r.id for r in rules.rules] == ["r1"]


def test_there_is_a_fixture_per_error_kind():
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES)
def test_broken_rules_are_refused_with_a_precise_message(case, tmp_path):
    folder, expected = broken(case, tmp_path)
    with pytest.raises(checker.RulesError) as err:
        checker.load_rules(folder)
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


# Every value of the minimal valid rules replaced by a value of each wrong TOML type: the loader
# must answer with a RulesError (file, entry, key) or accept it, never crash with another error.
WRONG_TYPES = (5, True, "x", ["x"], [5], {"a": 1}, [])


def _leaves(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(node, list) and node and all(isinstance(x, dict) for x in node):
        for i, v in enumerate(node):
            yield from _leaves(v, path + (i,))
    yield path


def _replaced(data, path, value):
    import copy
    out = copy.deepcopy(data)
    node = out
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return out


def test_a_value_of_any_wrong_type_is_a_rules_error_never_a_crash():
    import tomllib
    from checker.schema import build
    data = tomllib.loads((HERE / "valid_minimal" / "rules.toml").read_text(encoding="utf-8"))
    paths = [p for p in _leaves(data) if p]
    assert len(paths) > 60  # the walk reaches inside conditions, texts and sources
    for path in paths:
        for value in WRONG_TYPES:
            try:
                build([("rules.toml", _replaced(data, path, value))])
            except checker.RulesError as e:
                assert str(e).startswith("rules.toml: "), (path, value, e)


def test_conditions_nested_too_deep_are_one_line_not_a_recursion_error(tmp_path):
    """200+ nested `not`: the loader names the rule and key instead of overflowing Python's stack."""
    for depth in (13, 250, 5000):
        text = VALID.replace("when = { all", "when = " + "{ not = " * depth + "{ all", 1)
        text = text.replace("gte = 3 }] }", "gte = 3 }] }" + " }" * depth, 1)
        (tmp_path / "rules.toml").write_text(text, encoding="utf-8")
        with pytest.raises(checker.RulesError) as err:
            checker.load_rules(tmp_path)
        message = str(err.value)
        assert message.startswith("rules.toml: ") and "\n" not in message
        assert "nested" in message


def test_a_non_finite_amount_is_refused():
    import math
    from checker.schema import build
    data = tomllib.loads(VALID)
    data["amount"] = [{"id": "a", "regime": "x", "label": {"ar": "مبلغ", "fr": "Montant"},
                       "verified_on": "2026-11-29", "value": [{"from": "2022-01-01", "value": math.nan,
                                                               "source": {"ref": "src"}}]}]
    data["outcome"] = [{"id": "x", "scheme": "amo", "label": {"ar": "نظام", "fr": "Régime"},
                        "description": {"ar": "وصف", "fr": "Description"}}]
    for bad in (math.nan, math.inf):
        data["amount"][0]["value"][0]["value"] = bad
        with pytest.raises(checker.RulesError, match="rules.toml: amount 'a': key 'value\\[0\\].value': "
                                                     "expected a non-negative number"):
            build([("rules.toml", data)])


def _not_plain_files():
    """Names ending in .toml that are not plain files: a folder, a link to itself, a link to nothing."""
    return {
        "folder": lambda d: (d / "x.toml").mkdir(),
        "symlink_loop": lambda d: (d / "x.toml").symlink_to("x.toml"),
        "dangling_link": lambda d: (d / "x.toml").symlink_to("nowhere.toml"),
    }


@pytest.mark.parametrize("kind", sorted(_not_plain_files()))
def test_a_toml_name_that_is_not_a_plain_file_is_one_line(kind, tmp_path):
    (tmp_path / "rules.toml").write_text(VALID, encoding="utf-8")
    _not_plain_files()[kind](tmp_path)
    with pytest.raises(checker.RulesError, match=r"^x\.toml: not a plain file"):
        checker.load_rules(tmp_path)
