"""Answer codes keep their meaning for years (docs-dev/codes.md): the permanent numbers of the
options (checker/rules/codes.toml) and the registry of every published code
(sitebuild/data/published_codes.txt), checked on the real rules and on changed copies of them."""
from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest

import checker
from checker import codes, web_pages
from sitebuild import codes as registry_mod

ROOT = Path(__file__).resolve().parents[2]
RULES_DIR = ROOT / "checker" / "rules"
ON = datetime.date.today()  # the build's day: what a build published today must be registered
RULES = checker.load_rules()
REGISTRY = registry_mod.read_registry()


def changed_rules(tmp_path: Path, edit, **other: tuple[str, str]) -> checker.RuleSet:
    """A copy of the rules with `edit(facts_text, codes_text) -> (facts_text, codes_text)` applied,
    and in other files (name=(old, new)) one text replaced, as a maintainer would."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    facts, numbers = (folder / "facts.toml").read_text("utf-8"), (folder / "codes.toml").read_text("utf-8")
    facts, numbers = edit(facts, numbers)
    (folder / "facts.toml").write_text(facts, "utf-8")
    (folder / "codes.toml").write_text(numbers, "utf-8")
    for name, (old, new) in other.items():
        text = (folder / f"{name}.toml").read_text("utf-8")
        assert old in text
        (folder / f"{name}.toml").write_text(text.replace(old, new), "utf-8")
    return checker.load_rules(folder)


def add_option_before_dont_know(facts: str) -> str:
    """A new answer to the cover question, shown before «I don't know» (where a newcomer puts it)."""
    new = ('[[fact.value]]\nid = "nouvelle_couverture"\nlabel = { ar = "جواب جديد", fr = "Une nouvelle réponse" }\n'
           '[[fact.value]]\nid = "ne_sait_pas"\nlabel = { ar = "لا أعرف", fr = "Je ne sais pas" }\n\n[[fact]]\nid = "regime_fiscal"')
    out, n = re.subn(r'\[\[fact\.value\]\]\nid = "ne_sait_pas"\nlabel = [^\n]*\n\n\[\[fact\]\]\nid = "regime_fiscal"', new, facts)
    assert n == 1
    return out


def test_every_option_has_a_committed_number_and_every_published_code_is_registered():
    assert codes.missing(RULES) == {}
    states = registry_mod.walks(RULES, ON)  # today's and those of every later day a rule changes
    assert registry_mod.problems(RULES, REGISTRY, states, ON) == []
    assert set(registry_mod.published(states)) <= set(REGISTRY)


def test_every_registered_code_opens_the_answers_it_was_published_with():
    for code, answers in REGISTRY.items():
        st = web_pages.decode(code, ON, rules=RULES)
        assert st is not None and web_pages.fragment(st.answers) == answers, code


def test_a_code_is_its_options_numbers_whatever_order_they_are_shown_in(tmp_path):
    def shown_in_reverse(facts, numbers):
        blocks = [re.search(rf'\[\[fact\.value\]\]\nid = "{v}"\nlabel = [^\n]*\n', facts).group(0)
                  for v in ("individuel", "cooperative", "entreprise")]
        joined = "".join(blocks)
        assert joined in facts
        return facts.replace(joined, "".join(blocks[::-1])), numbers
    rules = changed_rules(tmp_path, shown_in_reverse)
    assert [v for v, _ in web_pages.options(rules, rules.fact("forme"), "fr")] == ["entreprise", "cooperative", "individuel",
                                                                                   "salarie_atelier", "membre_cooperative"]
    assert registry_mod.problems(rules, REGISTRY, web_pages.walk(ON, rules=rules), ON) == []


def test_a_new_option_changes_no_published_code(tmp_path):
    rules = changed_rules(tmp_path, lambda f, n: (add_option_before_dont_know(f), n))
    assert codes.missing(rules) == {"couverture_actuelle": ["nouvelle_couverture"]}
    assert dict(codes.table(rules, rules.fact("couverture_actuelle")))["nouvelle_couverture"] == 8  # after pensionne (7)
    found = registry_mod.problems(rules, REGISTRY, web_pages.walk(ON, rules=rules), ON)
    assert found and not [p for p in found if "would now" in p], found  # only "run make codes"
    for code, answers in REGISTRY.items():
        page = registry_mod.page_for_code("fr", code, answers, ON, rules=rules)
        assert web_pages.fragment(page.state.answers) == answers or "data-reopened" in page.html


def test_the_registry_test_fails_when_options_are_numbered_by_position(tmp_path):
    """What happened before codes for life: numbering by position gives "ne_sait_pas" a new number."""
    def by_position(facts, numbers):
        numbers = numbers.replace("ne_sait_pas = 6, pensionne = 7 }", "nouvelle_couverture = 6, ne_sait_pas = 7, pensionne = 8 }")
        return add_option_before_dont_know(facts), numbers
    with pytest.raises(checker.RulesError):  # a number given twice is refused by the loader…
        changed_rules(tmp_path / "a", lambda f, n: (f, n.replace("fonctionnaire = 3", "fonctionnaire = 2")))
    rules = changed_rules(tmp_path / "b", by_position)  # …and a number moved to another option by the test
    found = registry_mod.problems(rules, REGISTRY, web_pages.walk(ON, rules=rules), ON)
    assert any("would now stand for" in p and "ne_sait_pas" in p for p in found), found


def test_a_retired_option_keeps_its_number_and_its_codes_open_a_page_that_asks_again(tmp_path):
    def retire_fonctionnaire(facts, numbers):
        facts = re.sub(r'\[\[fact\.value\]\]\nid = "fonctionnaire"\nlabel = [^\n]*\n', "", facts)
        return facts, numbers
    # The rule that read the old answer loses it too.
    rules = changed_rules(tmp_path, retire_fonctionnaire,
                          amo=('"salarie", "fonctionnaire"]', '"salarie"]'))
    assert dict(codes.table(rules, rules.fact("couverture_actuelle")))["fonctionnaire"] == 3
    old = {c: a for c, a in REGISTRY.items() if "couverture_actuelle=fonctionnaire" in a}
    assert old
    for code, answers in old.items():
        assert web_pages.decode(code, ON, rules=rules) is None, code  # never someone else's result
        for lang in ("ar", "fr"):
            page = registry_mod.page_for_code(lang, code, answers, ON, rules=rules)
            assert f'data-reopened="{code}"' in page.html
            assert page.state.fact == "couverture_actuelle"  # the question to answer again
            assert rules.fact("couverture_actuelle").question.get(lang) in page.html
            href = re.search(r'href="\.\./([0-9]*)/" data-reopen', page.html).group(1)
            assert web_pages.decode(href, ON, rules=rules) == page.state
    # A retired option breaks no code: the registry check asks for nothing but the new codes' registration.
    found = registry_mod.problems(rules, REGISTRY, web_pages.walk(ON, rules=rules), ON)
    assert not [p for p in found if "would now" in p], found


def test_the_days_a_rule_changes_after_today_are_walked_for_the_registry(tmp_path):
    assert registry_mod.days(RULES, ON) == [ON]  # the real rules: no change after today
    ends = ON + datetime.timedelta(days=40)
    rules = changed_rules(tmp_path, lambda f, n: (f, n), amo=(
        "in_force = { from = 2017-06-23 }", f"in_force = {{ from = 2017-06-23, until = {ends.isoformat()} }}"))
    assert registry_mod.days(rules, ON) == [ON, ends + datetime.timedelta(days=1)]
    assert len(registry_mod.walks(rules, ON)) > len(web_pages.walk(ON, rules=rules))


def test_numbers_from_ten_are_written_with_a_leading_zero():
    assert codes.join([1, 12, 3]) == "10123"
    assert codes.split("10123") == [1, 12, 3]
    assert codes.split("0") == [] and codes.split("") == []
    for bad in ("05", "00", "0x1", "١", "1 2", "009"):
        assert codes.split(bad) is None, bad
    with pytest.raises(ValueError):
        codes.write(100)


def test_make_codes_adds_numbers_without_touching_the_existing_ones():
    text = (RULES_DIR / "codes.toml").read_text("utf-8")
    out = registry_mod._with_numbers(text, {"couverture_actuelle": {"nouvelle": 8}, "annees_pratique": {"2": 5}})
    assert 'pensionne = 7, nouvelle = 8 }' in out and '"10" = 3, ne_sait_pas = 4, "2" = 5 }' in out
    assert out.replace(", nouvelle = 8", "").replace(', "2" = 5', "") == text
