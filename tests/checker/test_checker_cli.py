"""The CLI through a real subprocess (not available inside Pyodide)."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checker_testlib import IN_PYODIDE

pytestmark = pytest.mark.skipif(IN_PYODIDE, reason="no subprocess inside Pyodide")
ROOT = Path(__file__).resolve().parent.parent.parent
ARABIC = re.compile(r"[\u0600-\u06FF]")
FULL = ["inscrit_rna=non", "forme=individuel", "activite_listee=oui", "annees_pratique=5",
        "diplome=non", "couverture_actuelle=aucune", "regime_fiscal=aucun"]


def run(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=60)


def test_arabic_text_is_the_default():
    p = run("--on", "2026-11-29", *FULL)
    assert p.returncode == 0, p.stderr
    assert ARABIC.search(p.stdout)
    assert "[ ]" in p.stdout and "135" in p.stdout and "29 نونبر 2026" in p.stdout
    assert "www.rna.gov.ma" in p.stdout and "3939" in p.stdout


def test_french_text():
    p = run("--lang", "fr", "--on", "2026-11-29", *FULL)
    assert p.returncode == 0, p.stderr
    assert not ARABIC.search(p.stdout)
    for words in ("Artisan par l'expérience", "[ ] Copie de la carte nationale", "À confirmer auprès de la CNSS",
                  "Règles vérifiées le 29 novembre 2026", "https://www.rna.gov.ma/faq/"):
        assert words in p.stdout


def test_french_text_lists_missing_questions():
    p = run("--lang", "fr", "--on", "2026-11-29", "forme=individuel")
    assert p.returncode == 0
    assert "annees_pratique=…" in p.stdout and "Questions encore sans réponse" in p.stdout


def test_json_output_is_the_report():
    p = run("--json", "--on", "2026-11-29", *FULL)
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["on"] == "2026-11-29" and d["verified_on"] == "2026-11-29"
    assert d["rna"]["status"] == "eligible" and d["rna"]["category"] == "artisan_experience"
    assert d["amo"]["regime"] == "artisan_non_fiscalise" and d["amo"]["cotisation_mensuelle_mad"] == 135
    for key in ("missing", "documents", "steps", "sources", "decided_by", "failed", "notes"):
        assert isinstance(d["rna"][key], list) and isinstance(d["amo"][key], list)


def test_default_date_is_today():
    import datetime
    p = run("--json")
    assert json.loads(p.stdout)["on"] == datetime.date.today().isoformat()


BAD = [
    (["age=30"], "age"),
    (["diplome=peut-etre"], "diplome"),
    (["annees_pratique=81"], "annees_pratique"),
    (["annees_pratique=-1"], "annees_pratique"),
    (["annees_pratique=2.5"], "annees_pratique"),
    (["annees_pratique=abc"], "annees_pratique"),
    (["--on", "2026-02-30"], "--on"),
    (["--on", "tomorrow"], "--on"),
    (["forme"], "forme"),
    (["=oui"], "question=valeur"),
    (["forme=individuel", "forme=cooperative"], "forme"),
    (["--lang", "en"], "--lang"),
    (["--lang"], "--lang"),
    (["--bogus"], "--bogus"),
]


# Each bad input once, alternating languages: a subprocess costs ~0.3 s.
@pytest.mark.parametrize("args,fragment,lang", [(a, f, "ar" if i % 2 else "fr") for i, (a, f) in enumerate(BAD)])
def test_bad_input_gives_one_line_and_exit_2(args, fragment, lang):
    lang_args = [] if "--lang" in args else ["--lang", lang]
    p = run(*lang_args, *args)
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert p.stdout == ""
    assert "Traceback" not in p.stderr
    lines = p.stderr.strip("\n").split("\n")
    assert len(lines) == 1, p.stderr
    assert fragment in lines[0]


def test_bad_value_message_names_allowed_values_in_french():
    p = run("--lang", "fr", "regime_fiscal=impots")
    assert "aucun, cpu, comptabilite, auto_entrepreneur, ne_sait_pas" in p.stderr
