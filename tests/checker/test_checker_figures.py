"""Every figure a rule holds is written once, in the rule: a copy of the rules with a threshold, an
amount and durations changed shows the new figures in every text, and no trace of the old ones.
(The whole built site and its PDFs: tests/pages/test_figure_trace.py.)"""
import dataclasses
import re
import shutil
from pathlib import Path

import pytest

import checker
from checker.model import LANGS, Text
from checker.schema import RulesError

RULES = Path(checker.__file__).parent / "rules"
# (file, old, new): the experience thresholds 3 -> 4 years (and its complement), 10 -> 12, the
# contribution 135 -> 150 DH a month, the durations of 3 months -> 5 (AMO's waiting periods).
CHANGES = [
    ("rna.toml", '{ fact = "annees_pratique", gte = 3 }', '{ fact = "annees_pratique", gte = 4 }'),
    ("rna.toml", '{ fact = "annees_pratique", lte = 2 }', '{ fact = "annees_pratique", lte = 3 }'),
    ("rna.toml", '{ fact = "annees_pratique", gte = 10 }', '{ fact = "annees_pratique", gte = 12 }'),
    ("amo.toml", "value = 135\n", "value = 150\n"),
    ("amo.toml", 'value = 3\nunit = "month"', 'value = 5\nunit = "month"'),
    ("amo.toml", "from = 2021-12-23\nvalue = 150\n", "from = 2024-03-01\nvalue = 150\n"),  # when it was fixed
    ("amo.toml", "value = 500\n", "value = 600\n"),  # the pensioners' floor, a [[limit]]
]
OLD = re.compile(r"(?<![\d.])(3|10) (ans|سنوات)|(?<![\d.])(135|500)(?![\d])|(?<![\d.])3 (mois|أشهر)")


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
                  rules.outcomes, rules.amounts, rules.durations, rules.limits):
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
        path.write_text(text.replace(old, new), encoding="utf-8")  # every occurrence
    return checker.load_rules(folder)


def test_the_rules_say_their_figures_today():
    texts = "\n".join(_texts(checker.load_rules()))
    assert "3 ans" in texts and "3 سنوات" in texts and "10 ans" in texts and "135" in texts
    assert "3 mois" in texts and "3 أشهر" in texts
    assert "{" not in texts and "}" not in texts


def test_a_changed_threshold_and_amount_leave_no_trace_of_the_old_figures(changed):
    texts = _texts(changed)
    old = [t for t in texts if OLD.search(t)]
    assert not old, old[:5]
    joined = "\n".join(texts)
    # Arabic counts 3-10 with the plural, 11-99 with the singular (12 سنة, 150 درهما).
    for new in ("4 ans", "4 سنوات", "12 ans", "12 سنة", "150 DH", "150 درهما", "5 mois", "5 أشهر",
                "fixé en mars 2024", "المحدد في مارس 2024", "600 DH par mois", "600 درهم في الشهر"):
        assert new in joined, new
    assert "2021" not in changed.text("note_montant_135", "fr") + changed.text("note_montant_135", "ar")


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


def assert_one_line_for_note_text(tmp_path, text: str, message: str) -> None:
    """The minimal valid rules with their note's French text replaced by `text` are refused with one
    line naming the file, the entry and the key, and saying `message`."""
    minimal = Path(__file__).parent / "broken_rules" / "valid_minimal" / "rules.toml"
    (tmp_path / "rules.toml").write_text(minimal.read_text(encoding="utf-8").replace(
        'fr = "Remarque"', f'fr = "{text}"'), encoding="utf-8")
    with pytest.raises(RulesError) as err:
        checker.load_rules(tmp_path)
    assert str(err.value).startswith("rules.toml: note 'remarque': key 'text.fr': ") and message in str(err.value)


@pytest.mark.parametrize("text, message", [
    ("Au moins {rna_nope.annees_pratique} ans", "unknown figure {rna_nope.annees_pratique}"),
    ("Au moins {annees_pratique} ans", "unknown figure {annees_pratique}"),
    ("Au moins {3} ans", "a brace outside a {figure}"),
])
def test_a_wrong_figure_is_one_line_naming_file_entry_and_key(tmp_path, text, message):
    assert_one_line_for_note_text(tmp_path, text, message)


def test_a_figure_names_a_rule_and_its_fact(tmp_path):
    minimal = Path(__file__).parent / "broken_rules" / "valid_minimal" / "rules.toml"
    (tmp_path / "rules.toml").write_text(minimal.read_text(encoding="utf-8").replace(
        'fr = "Remarque"', 'fr = "Après {r1.annees_pratique} ans"'), encoding="utf-8")
    rules = checker.load_rules(tmp_path)
    assert [n.text.fr for n in rules.notes] == ["Après 3 ans"]


@pytest.mark.parametrize("text, message", [
    ("Après {r1.annees_pratique|furlong} x", "no counted noun 'furlong'"),
    ("Après {r1.annees_pratique|obl} x", "|obl needs a counted noun before it"),
    ("Après {r1.annees_pratique|year|month} x", "one counted noun at most"),
    ("Après {r1.annees_pratique|since} x", "|since follows an amount id"),
])
def test_a_wrong_counted_noun_is_one_line_naming_file_entry_and_key(tmp_path, text, message):
    assert_one_line_for_note_text(tmp_path, text, message)


DURATION = '''
[[duration]]
id = "attente"
value = VALUE
unit = "month"
label = { ar = "مدة الانتظار", fr = "Attente" }
source = { ref = "src" }
verified_on = 2026-11-29
'''


@pytest.mark.parametrize("value, ar, fr", [(1, "بعد شهر", "Après 1 mois"), (2, "بعد شهرين", "Après 2 mois"),
                                           (3, "بعد 3 أشهر", "Après 3 mois"), (11, "بعد 11 شهرا", "Après 11 mois")])
def test_a_duration_is_said_in_its_units_words_agreeing_with_its_figure(tmp_path, value, ar, fr):
    minimal = Path(__file__).parent / "broken_rules" / "valid_minimal" / "rules.toml"
    text = minimal.read_text(encoding="utf-8")
    note = re.search(r'text = \{ ar = "[^"]*", fr = "Remarque" \}', text).group(0)
    text = text.replace(note, 'text = { ar = "بعد {attente|obl}", fr = "Après {attente}" }') + \
        DURATION.replace("VALUE", str(value))
    (tmp_path / "rules.toml").write_text(text, encoding="utf-8")
    rules = checker.load_rules(tmp_path)
    assert (rules.notes[0].text.ar, rules.notes[0].text.fr) == (ar, fr)
    assert [(d.id, d.value, d.unit) for d in rules.durations] == [("attente", value, "month")]


def test_a_duration_said_in_another_unit_is_refused(tmp_path):
    minimal = Path(__file__).parent / "broken_rules" / "valid_minimal" / "rules.toml"
    text = minimal.read_text(encoding="utf-8").replace('fr = "Remarque"', 'fr = "Après {attente|year}"')
    (tmp_path / "rules.toml").write_text(text + DURATION.replace("VALUE", "3"), encoding="utf-8")
    with pytest.raises(RulesError) as err:
        checker.load_rules(tmp_path)
    assert "'attente' is counted in months, not years" in str(err.value)


@pytest.mark.parametrize("field, value, message", [("unit", '"week"', "unknown unit 'week'"),
                                                   ("value", "0", "expected a positive number")])
def test_a_wrong_duration_is_one_line(tmp_path, field, value, message):
    minimal = Path(__file__).parent / "broken_rules" / "valid_minimal" / "rules.toml"
    duration = DURATION.replace("VALUE", "3")
    duration = re.sub(rf"^{field} = .*$", f"{field} = {value}", duration, flags=re.M)
    (tmp_path / "rules.toml").write_text(minimal.read_text(encoding="utf-8") + duration, encoding="utf-8")
    with pytest.raises(RulesError) as err:
        checker.load_rules(tmp_path)
    assert str(err.value).startswith(f"rules.toml: duration 'attente': key '{field}': ") and message in str(err.value)


def test_the_years_ranges_agree_with_a_changed_threshold(tmp_path):
    """The checker pages' years answers are the rules' ranges, their nouns agreeing: at 2 years, Arabic
    says سنتين after "less than", not "2 سنوات"."""
    from checker import web_pages
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    rna = folder / "rna.toml"
    rna.write_text(rna.read_text(encoding="utf-8")
                   .replace('{ fact = "annees_pratique", gte = 3 }', '{ fact = "annees_pratique", gte = 2 }')
                   .replace('{ fact = "annees_pratique", lte = 2 }', '{ fact = "annees_pratique", lte = 1 }'),
                   encoding="utf-8")
    rules = checker.load_rules(folder)
    years = rules.get("annees_pratique")
    assert [label for _, label in web_pages.options(rules, years, "ar")] == \
        ["أقل من سنتين", "من 2 إلى 9 سنوات", "10 سنوات أو أكثر", "لا أعرف"]
    assert [label for _, label in web_pages.options(rules, years, "fr")] == \
        ["Moins de 2 ans", "De 2 à 9 ans", "10 ans ou plus", "Je ne sais pas"]
    assert rules.text("rna_moins_de_3_ans", "ar").startswith("بدون دبلوم وبأقل من سنتين من المزاولة")
    assert rules.text("rna_artisan_experience", "fr").startswith("Au moins 2 ans d'exercice")
