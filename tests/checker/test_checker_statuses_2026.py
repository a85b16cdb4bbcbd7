"""The late-2026 answers in words, through the real CLI, in both languages: per_person (with the
re-run as an individual), to_regularise, to_confirm and rna.also."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import checker
from checker.text import explain, render
from checker_testlib import IN_PYODIDE, ON

ROOT = Path(__file__).resolve().parent.parent.parent
ARABIC = re.compile(r"[\u0600-\u06FF]")
COOP = ["inscrit_rna=non", "forme=cooperative", "activite_listee=oui", "couverture_actuelle=aucune"]
WEAVER = ["inscrit_rna=non", "forme=individuel", "activite_listee=oui", "annees_pratique=20", "diplome=non",
          "reconnaissance_maitre=non", "couverture_actuelle=aucune", "regime_fiscal=aucun"]
UNPAID = ["inscrit_rna=oui", "couverture_actuelle=aucune", "regime_fiscal=aucun", "cotisation_amo=ne_paye_pas"]
SPOUSE = ["inscrit_rna=oui", "couverture_actuelle=ayant_droit", "regime_fiscal=cpu"]


def cli(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "checker", "--on", ON.isoformat(), *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=60)


def words(rules, raw, lang):
    answers = checker.parse_answers(rules, dict(a.split("=", 1) for a in raw))
    return explain(rules, checker.evaluate(rules, answers, on=ON), answers, lang)


@pytest.mark.skipif(IN_PYODIDE, reason="no subprocess inside Pyodide")
def test_cooperative_json_has_no_regime_no_amount():
    p = cli("--json", *COOP)
    assert p.returncode == 0, p.stderr
    amo = json.loads(p.stdout)["amo"]
    assert (amo["status"], amo["regime"], amo["cotisation_mensuelle_mad"]) == ("per_person", None, None)


@pytest.mark.skipif(IN_PYODIDE, reason="no subprocess inside Pyodide")
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_cooperative_text_offers_to_run_again_as_an_individual(lang):
    p = cli("--lang", lang, *COOP)
    assert p.returncode == 0, p.stderr
    assert "forme=individuel" in p.stdout and "activite_listee=oui" in p.stdout
    assert "forme=cooperative" not in p.stdout.split("==")[-1]
    assert "135" not in p.stdout
    if lang == "fr":
        assert "L'AMO est personnelle" in p.stdout and "Refaites le test à titre individuel" in p.stdout
        assert "couvre aussi les membres de votre famille" not in p.stdout
    else:
        assert "التأمين الإجباري عن المرض شخصي" in p.stdout


def test_rerun_keeps_the_rna_answers_and_drops_the_structure_only_ones(rules):
    ex = words(rules, ["inscrit_rna=non", "forme=entreprise", "activite_listee=oui",
                       "encadrement_artisan_inscrit=oui"], "fr")
    assert ex["amo"]["rerun"]["answers"] == {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui"}
    assert ex["amo"]["rerun"]["fragment"] == "inscrit_rna=non&forme=individuel&activite_listee=oui"
    assert words(rules, WEAVER, "fr")["amo"]["rerun"] is None


@pytest.mark.skipif(IN_PYODIDE, reason="no subprocess inside Pyodide")
@pytest.mark.parametrize("lang, expected", [
    ("fr", ("Autre catégorie possible: Maître artisan", "possible si vous obtenez l'attestation de reconnaissance",
            "Artisan par l'expérience")),
    ("ar", ("صنف آخر ممكن", "ممكن إذا حصلت على شهادة الاعتراف", "صانع تقليدي بالخبرة")),
])
def test_weaver_is_told_both_categories(lang, expected):
    p = cli("--lang", lang, *WEAVER)
    assert p.returncode == 0, p.stderr
    for text in expected:
        assert text in p.stdout
    assert "Copie de l'attestation d'exercice" in p.stdout or lang == "ar"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_unpaid_artisan_is_told_to_regularise_where_and_what_it_costs(rules, lang):
    ex = words(rules, UNPAID, lang)
    out = render(ex)
    assert ex["amo"]["status"] == "to_regularise" and "3939" in out
    notes = " ".join(n["text"] for n in ex["amo"]["notes"])
    steps = " ".join(s["text"] + s["where"]["before"] + s["where"]["address"] + s["where"]["after"]
                     for s in ex["amo"]["steps"])
    if lang == "fr":
        assert "Payez vos cotisations" in ex["amo"]["status_text"]
        assert "bureau de proximité agréé" in steps and "déjà immatriculé" in notes
        assert "ni ceux de la famille" in notes and "12 mois" in notes and "3 mois" in notes
    else:
        assert ARABIC.search(out) and "شبّاك معتمد" in steps and "12 شهرا" in notes


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_spouse_covered_artisan_is_not_told_she_is_covered_for_good(rules, lang):
    ex = words(rules, SPOUSE, lang)
    assert ex["amo"]["status"] == "to_confirm" and ex["amo"]["outcome"] is None
    assert "3939" in ex["amo"]["status_text"]
    if lang == "fr":
        assert "déjà une assurance" not in ex["amo"]["status_text"]
        assert "en votre nom" in ex["amo"]["notes"][0]["text"]


def test_no_wrong_or_unpublished_figure_is_said_anywhere(rules):
    # K1: no "about one month"; K9: 163 DH is a calculation, never published; K15: unsourced numbers.
    everything = checker.rules_to_json(rules)
    for bad in ("163", "0802030100", "0520447100", "un mois après", "شهر تقريبا", "Achamil (AMO intégral)"):
        assert bad not in everything, bad
    for note in rules.notes:
        assert "un mois" not in note.text.fr, note.id


def test_every_new_status_has_words_in_both_languages(rules):
    for status in ("per_person", "to_regularise", "to_confirm"):
        for lang in ("ar", "fr"):
            assert rules.text(f"status_amo_{status}", lang)
    assert rules.text("also_maitre_artisan", "ar") and rules.text("heading_also", "fr")


def test_a_cooperative_member_is_asked_about_her_own_registration_not_her_cooperatives(rules):
    # M3: members of a registered cooperative answered "yes, registered" and were sent to regularise a
    # CNSS file that does not exist. The question says: you, in your own name.
    fact = rules.fact("inscrit_rna")
    assert "en votre nom" in fact.question.fr and "باسمك" in fact.question.ar
    assert "pas votre coopérative" in fact.help.fr and "ليس تعاونيتك" in fact.help.ar
