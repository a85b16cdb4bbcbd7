"""Every figure a rule holds is written once, in the rule: a copy of the rules with a threshold and an
amount changed shows the new figures in every text, and no trace of the old ones."""
import dataclasses
import re
import shutil
from pathlib import Path

import pytest

import checker
from checker.model import LANGS, Text
from checker.schema import RulesError

RULES = Path(checker.__file__).parent / "rules"
# (file, old, new): the experience thresholds 3 -> 4 years (and its complement), 10 -> 12, and the
# contribution 135 -> 150 DH a month.
CHANGES = [
    ("rna.toml", '{ fact = "annees_pratique", gte = 3 }', '{ fact = "annees_pratique", gte = 4 }'),
    ("rna.toml", '{ fact = "annees_pratique", lte = 2 }', '{ fact = "annees_pratique", lte = 3 }'),
    ("rna.toml", '{ fact = "annees_pratique", gte = 10 }', '{ fact = "annees_pratique", gte = 12 }'),
    ("amo.toml", "value = 135\n", "value = 150\n"),
]
OLD = re.compile(r"(?<![\d.])(3|10) (ans|سنوات)|(?<![\d.])135(?![\d])")


def _texts(rules) -> list[str]:
    """Every text of every entry but the sources (quoted as published), in every language."""
    out = []

    def walk(node):
        if isinstance(node, Text):
            out.extend(node.get(lang) for lang in LANGS)
        elif dataclasses.is_dataclass(node):
            for f in dataclasses.fields(node):
                walk(getattr(node, f.name))
        elif isinstance(node, tuple):
            for x in node:
                walk(x)

    for group in (rules.facts, rules.schemes, rules.rules, rules.documents, rules.steps, rules.notes,
                  rules.outcomes, rules.amounts):
        walk(group)
    return out


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rules") / "rules"
    shutil.copytree(RULES, folder)
    for name, old, new in CHANGES:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return checker.load_rules(folder)


def test_the_rules_say_their_figures_today():
    texts = "\n".join(_texts(checker.load_rules()))
    assert "3 ans" in texts and "3 سنوات" in texts and "10 ans" in texts and "135" in texts
    assert "{" not in texts and "}" not in texts


def test_a_changed_threshold_and_amount_leave_no_trace_of_the_old_figures(changed):
    texts = _texts(changed)
    old = [t for t in texts if OLD.search(t)]
    assert not old, old[:5]
    joined = "\n".join(texts)
    for new in ("4 ans", "4 سنوات", "12 ans", "12 سنوات", "150 DH"):
        assert new in joined, new


def test_the_changed_figures_reach_the_cli_and_the_browser_bundle(changed):
    from checker import text as text_mod
    from checker.answers import parse_answers
    from checker.engine import evaluate
    import datetime
    answers = parse_answers(changed, {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui",
                                      "annees_pratique": "3", "diplome": "non", "couverture_actuelle": "aucune",
                                      "regime_fiscal": "aucun"})
    for lang in LANGS:
        out = text_mod.render(text_mod.explain(changed, evaluate(changed, answers, on=datetime.date(2026, 11, 29)),
                                               answers, lang))
        assert not OLD.search(out), OLD.search(out)
    again = checker.rules_from_json(checker.rules_to_json(changed))
    assert not [t for t in _texts(again) if OLD.search(t)]


@pytest.mark.parametrize("text, message", [
    ("Au moins {rna_nope.annees_pratique} ans", "unknown figure {rna_nope.annees_pratique}"),
    ("Au moins {annees_pratique} ans", "unknown figure {annees_pratique}"),
    ("Au moins {3} ans", "a brace outside a {figure}"),
])
def test_a_wrong_figure_is_one_line_naming_file_entry_and_key(tmp_path, text, message):
    minimal = Path(__file__).parent / "broken_rules" / "valid_minimal" / "rules.toml"
    (tmp_path / "rules.toml").write_text(minimal.read_text(encoding="utf-8").replace(
        'fr = "Remarque"', f'fr = "{text}"'), encoding="utf-8")
    with pytest.raises(RulesError) as err:
        checker.load_rules(tmp_path)
    assert str(err.value).startswith("rules.toml: note 'remarque': key 'text.fr': ") and message in str(err.value)


def test_a_figure_names_a_rule_and_its_fact(tmp_path):
    minimal = Path(__file__).parent / "broken_rules" / "valid_minimal" / "rules.toml"
    (tmp_path / "rules.toml").write_text(minimal.read_text(encoding="utf-8").replace(
        'fr = "Remarque"', 'fr = "Après {r1.annees_pratique} ans"'), encoding="utf-8")
    rules = checker.load_rules(tmp_path)
    assert [n.text.fr for n in rules.notes] == ["Après 3 ans"]
