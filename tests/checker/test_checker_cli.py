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
                  "Informations vérifiées le 29 novembre 2026", "https://www.rna.gov.ma/faq/"):
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
    (["--on", "2026-W48-1"], "--on"),  # an ISO week date: Python's fromisoformat takes it
    (["--on", "20261129"], "--on"),
    (["--on", "2026-11-29T10:00"], "--on"),
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



def run_raw(*args, cwd=ROOT, **env):
    """The CLI under the given environment; its output as bytes, as the terminal receives them."""
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LANG", "LC_ALL", "PYTHONUTF8")}
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, cwd=cwd,
                          timeout=60, env={**base, "PYTHONPATH": str(ROOT), **env})


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_text_on_a_terminal_that_cannot_show_arabic(encoding):
    p = run_raw("--on", "2026-11-29", *FULL, PYTHONIOENCODING=encoding)
    assert p.returncode == 0, p.stderr
    out, err = p.stdout.decode(encoding), p.stderr.decode(encoding)  # strict: only bytes that encoding has
    assert "Traceback" not in err
    assert "cannot show Arabic" in err and len(err.strip().splitlines()) == 1
    # French rather than a page of '?', the accents plain letters where the encoding lacks them
    assert "Artisan par l" in out and "29 novembre 2026" in out and "135" in out
    if encoding == "ascii":
        assert "Informations verifiees le 29 novembre 2026" in out
    else:
        assert "Informations vérifiées le 29 novembre 2026" in out


def test_json_on_an_ascii_terminal_is_the_same_report():
    utf8 = run_raw("--json", "--on", "2026-11-29", *FULL, PYTHONIOENCODING="utf-8")
    ascii_ = run_raw("--json", "--on", "2026-11-29", *FULL, PYTHONIOENCODING="ascii")
    assert ascii_.returncode == 0 and ascii_.stderr == b""
    assert json.loads(ascii_.stdout.decode("ascii")) == json.loads(utf8.stdout.decode("utf-8"))


def test_error_on_an_ascii_terminal_is_one_readable_line():
    p = run_raw("--on", "2026-W48-1", PYTHONIOENCODING="ascii")
    assert p.returncode == 2 and p.stdout == b""
    err = p.stderr.decode("ascii")
    assert err.count("\n") == 1 and "2026-W48-1" in err and "AAAA-MM-JJ" in err


def test_c_locale_still_shows_arabic():
    # Python turns the C locale into UTF-8 (PEP 538/540): Arabic must come through intact.
    p = run_raw("--on", "2026-11-29", *FULL, LANG="C", LC_ALL="C")
    assert p.returncode == 0, p.stderr
    assert "29 نونبر 2026" in p.stdout.decode("utf-8") and p.stderr == b""


def test_output_into_a_closed_pipe_ends_silently_with_status_2():
    """The reader has left before the first byte (`| head -c 0`): the read end is closed first."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        p = subprocess.run([sys.executable, "-m", "checker", "--on", "2026-11-29", *FULL], cwd=ROOT,
                           env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=write_end,
                           stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(write_end)
    assert p.returncode == 2 and p.stderr == b""


@pytest.mark.parametrize("args", [["--on", "2026-11-29", *FULL], ["--json", *FULL], ["-h"]])
def test_output_into_a_full_disk_ends_silently_with_status_2(args):
    with open("/dev/full", "wb") as full:
        p = subprocess.run([sys.executable, "-m", "checker", *args], cwd=ROOT, stdout=full,
                           stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert p.returncode == 2 and p.stderr == b""


@pytest.mark.parametrize("args", [["--on", "2026-11-29", *FULL], ["--lang", "fr", *FULL], ["--bogus"]])
def test_closed_output_ends_silently_with_status_2(args):
    """stdout (and for a fault, stderr) closed, as `>&-` leaves them: nothing to say, status 2."""
    code = "import os, runpy, sys; os.close(1); sys.argv = ['checker', *sys.argv[1:]]; " \
           "runpy.run_module('checker', run_name='__main__')"
    p = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert p.returncode == 2 and b"Traceback" not in p.stderr
    closed_both = subprocess.run(["sh", "-c", f'"{sys.executable}" -m checker "$@" >&- 2>&-; echo $?', "sh", *args],
                                 cwd=ROOT, capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                                 timeout=60)
    assert closed_both.stdout == b"2\n" and closed_both.stderr == b""


@pytest.mark.parametrize("args, lang, shown_as", [
    (["forme=\x1b[2J\u202eindividuel"], "fr", "\\x1b[2J\\u202eindividuel"),
    (["\x1b]0;title\x07=oui"], "ar", "\\x1b]0;title\\x07"),
    (["--on", "2026\u200f-11-29"], "fr", "2026\\u200f-11-29"),
    (["--lang", "fr\u2066"], "ar", "fr\\u2066"),
    (["--bogus\u202e"], "fr", "--bogus\\u202e"),
])
def test_control_and_bidi_characters_are_shown_escaped(args, lang, shown_as):
    p = run("--lang", lang, *args) if "--lang" not in args else run(*args)
    assert p.returncode == 2 and p.stdout == ""
    line = p.stderr
    assert line.count("\n") == 1 and shown_as in line, line
    assert not any(ch in line for ch in "\x1b\x07\u202e\u200f\u2066")


@pytest.mark.parametrize("args, lang, fragment", [
    (["--lang", "fr", "--bogus"], "fr", "option inconnue « --bogus » — usage : python -m checker"),
    (["--bogus"], "ar", "خيار غير معروف «--bogus»"),
    (["--lang"], "ar", "يحتاج قيمة"),
    (["--lang", "fr", "--on"], "fr", "l'option « --on » attend une valeur"),
    (["--lang", "fr", "--lang", "ar"], "fr", "« --lang » donnée deux fois"),
    (["--lang", "fr", "--json=yes"], "fr", "option inconnue « --json=yes »"),
    (["--lang", "en"], "ar", "لغة غير معروفة «en»"),
])
def test_usage_faults_are_one_line_in_the_readers_language(args, lang, fragment):
    p = run(*args)
    assert p.returncode == 2 and p.stdout == "" and p.stderr.count("\n") == 1, p.stderr
    assert fragment in p.stderr


def test_help_is_the_usage_line():
    p = run("--lang", "fr", "--help")
    assert p.returncode == 0 and p.stdout.startswith("usage : python -m checker") and p.stderr == ""


BROKEN = Path(__file__).resolve().parent / "broken_rules"


@pytest.mark.parametrize("case", ["fact_is_a_list", "windows_1256", "bom", "rna_reads_amo"])
def test_broken_rules_give_one_line_naming_the_file(case, tmp_path):
    """The packaged rules replaced by a broken fixture: the CLI says what is wrong, in one line."""
    import shutil
    shutil.copytree(ROOT / "checker", tmp_path / "checker", ignore=shutil.ignore_patterns("rules", "__pycache__"))
    shutil.copytree(BROKEN / case, tmp_path / "checker" / "rules", ignore=shutil.ignore_patterns("expected.txt"))
    p = run_raw("forme=individuel", cwd=tmp_path, PYTHONPATH=str(tmp_path), PYTHONIOENCODING="utf-8")
    err = p.stderr.decode("utf-8")
    assert p.returncode == 2 and "Traceback" not in err and err.count("\n") == 1, err
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").strip()
    assert err.startswith("checker: error: في ملفات القواعد خطأ") and "rules.toml: " in err and expected in err


def _cli_with_rules(tmp_path, make_fault, *args):
    """The CLI from a copy of the package whose rules are the minimal valid set plus one fault."""
    import shutil
    shutil.copytree(ROOT / "checker", tmp_path / "checker", ignore=shutil.ignore_patterns("rules", "__pycache__"))
    shutil.copytree(BROKEN / "valid_minimal", tmp_path / "checker" / "rules")
    make_fault(tmp_path / "checker" / "rules")
    return run_raw(*args, cwd=tmp_path, PYTHONPATH=str(tmp_path), PYTHONIOENCODING="utf-8")


def _deep(rules):
    text = (rules / "rules.toml").read_text(encoding="utf-8")
    text = text.replace("when = { all", "when = " + "{ not = " * 300 + "{ all", 1)
    (rules / "rules.toml").write_text(text.replace("gte = 3 }] }", "gte = 3 }] }" + " }" * 300, 1), encoding="utf-8")


def _bidi_in_label(rules):
    text = (rules / "rules.toml").read_text(encoding="utf-8")
    (rules / "rules.toml").write_text(text.replace('fr = "Document"', 'fr = "Doc\\u202e\\u001b[2J"', 1),
                                      encoding="utf-8")


@pytest.mark.parametrize("make_fault, expected", [
    (_deep, "rules.toml: rule 'r1': key 'when': conditions nested more than 12 deep"),
    (lambda rules: (rules / "x.toml").mkdir(), "x.toml: not a plain file"),
    (lambda rules: (rules / "x.toml").symlink_to("x.toml"), "x.toml: not a plain file"),
    (lambda rules: (rules / "x.toml").symlink_to("gone.toml"), "x.toml: not a plain file"),
    (_bidi_in_label, "rules.toml: document 'doc': key 'label.fr': invisible character '\\u202e'"),
], ids=["deep_nesting", "folder", "symlink_loop", "dangling_link", "bidi_in_a_text"])
def test_loader_faults_through_the_cli_are_one_line_in_the_readers_language(make_fault, expected, tmp_path):
    p = _cli_with_rules(tmp_path, make_fault, "--lang", "fr", "diplome=oui")
    err = p.stderr.decode("utf-8")
    assert p.returncode == 2 and p.stdout == b"" and err.count("\n") == 1, err
    assert err.startswith("checker: error: les fichiers de règles ont une erreur") and expected in err, err
    assert "\u202e" not in err and "\x1b" not in err
