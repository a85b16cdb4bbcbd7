"""One parser for answers: the same cases (cases.toml) against the Python parser, the CLI and the
checker page in Chromium, which reads its digits and limits from a table the build derives from
checker.answers (so the page and the CLI cannot disagree)."""
from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import quote, unquote_plus

import pytest

import checker
from checker.answers import parse_fragment, to_fragment
from tests.conftest import page_url_path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def load_cases() -> list[dict]:
    cases = tomllib.loads((HERE / "cases.toml").read_text(encoding="utf-8"))["case"]
    for c in cases:
        if "pad_to" in c:
            c["fragment"] += "&z=" + "z" * (c["pad_to"] - len(c["fragment"]) - 3)
            assert len(c["fragment"]) == c["pad_to"]
    return cases


CASES = load_cases()
IDS = [c["name"] for c in CASES]


@pytest.fixture(scope="module")
def rules():
    return checker.load_rules()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_python_parser(rules, case):
    answers, rejected = parse_fragment(rules, case["fragment"])
    assert to_fragment(rules, answers) == case["answers"]
    assert bool(rejected) == case["rejected"]


CLI_CASES = [c for c in CASES if c.get("cli", True)]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "--on", "2026-11-29", "--json", *args],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)


@pytest.mark.process
@pytest.mark.parametrize("case", CLI_CASES, ids=[c["name"] for c in CLI_CASES])
def test_cli(case):
    """The CLI takes the same answers as fact=value arguments: refused (status 2, one line) exactly when the
    page refuses them; otherwise the same report as the clean answers give."""
    args = [unquote_plus(p) for p in case["fragment"].split("&") if p]
    got = cli(*args)
    if case["rejected"]:
        assert got.returncode == 2 and len(got.stderr.strip().splitlines()) == 1, got.stderr
    else:
        assert got.returncode == 0, got.stderr
        clean = cli(*[unquote_plus(p) for p in case["answers"].split("&") if p])
        assert json.loads(got.stdout) == json.loads(clean.stdout)


def test_the_cases_cover_every_script_of_digits():
    from checker.answers import DIGITS
    scripts = {ord(c) & 0xFFF0 for c in DIGITS}
    assert scripts == {0x0030, 0x0660, 0x06F0}
    assert sum(1 for c in CASES if "%D9%A" in c["fragment"]) >= 2 and any("%DB%B" in c["fragment"] for c in CASES)


READER = ROOT / "overrides" / "assets" / "javascripts" / "fragment-reader.js"


def test_the_js_reader_is_the_python_parser(browser, rules):
    """The one JS reader every page script uses (fragment-reader.js), in real Chromium, driven by the table
    the build writes (input_table(rules)): on every shared case, the same answers, the same rejected
    entries (fact and reason, in order) and the same clean fragment as parse_fragment."""
    from checker.answers import input_table
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><title>reader</title>")
        page.add_script_tag(content=READER.read_text(encoding="utf-8"))
        table = input_table(rules)
        got = page.evaluate("""([table, fragments]) => {
            const read = checkerFragment.reader(table, table.facts);
            return fragments.map((f) => { const r = read(f);
              return { ...r, clean: checkerFragment.toFragment(table.facts, r.answers) }; });
        }""", [table, [c["fragment"] for c in CASES]])
    finally:
        page.close()
    differ = []
    for case, js in zip(CASES, got):
        answers, rejected = parse_fragment(rules, case["fragment"])
        want = {"answers": answers, "rejected": rejected, "clean": to_fragment(rules, answers)}
        if js != want or js["clean"] != case["answers"]:
            differ.append((case["name"], js, want))
    assert not differ


def test_the_js_reader_reads_what_the_cases_do_not_name(browser, rules):
    """Beyond the table: every one of Python's spaces, and characters that look like spaces but are not."""
    from checker.answers import input_table
    table = input_table(rules)
    probes = [f"annees_pratique={quote(c)}7{quote(c)}" for c in table["spaces"]]
    probes += [f"forme=individuel{quote(c)}" for c in ("\u200b", "\ufeff", "\u180e", "\x00", "\u2060")]
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><title>reader</title>")
        page.add_script_tag(content=READER.read_text(encoding="utf-8"))
        got = page.evaluate("""([table, fragments]) => {
            const read = checkerFragment.reader(table, table.facts);
            return fragments.map((f) => read(f)); }""", [table, probes])
    finally:
        page.close()
    want = [dict(zip(("answers", "rejected"), parse_fragment(rules, f))) for f in probes]
    assert got == want
    assert all(g["answers"] == {"annees_pratique": 7} for g in got[:len(table["spaces"])])


@pytest.mark.parametrize("address", ["verifier/", "verifier/rapide/"])
def test_an_old_link_opens_the_page_its_answers_lead_to(page, site_server, built_site, rules, address):
    """Old links (verifier/#…, and the quick mode's verifier/rapide/#…) go on to the page Python says
    their answers lead to, read by the one reader with the build's table (tree.json); a link whose
    answers are all unreadable opens the first question, one without any answer stays."""
    import datetime

    from checker import web_pages
    from tests.checker_page.test_checker_pages import outcome_attrs, page_code_of_first_outcome
    outcome = built_site / "verifier" / page_code_of_first_outcome(built_site) / "index.html"
    on = datetime.date.fromisoformat(outcome_attrs(outcome.read_text(encoding="utf-8"))["on"])  # the build's day
    cases = CASES if address == "verifier/" else CASES[:4] + CASES[-3:]
    differ = []
    for case in cases:
        answers, _ = parse_fragment(rules, case["fragment"])
        want = site_server + page_url_path("fr", "verifier/" + web_pages.path_for(answers, on, rules=rules))
        if "=" not in case["fragment"]:  # no answer at all (an anchor): the page stays as it is
            want = site_server + page_url_path("fr", address) + "#" + case["fragment"]
        page.goto("about:blank")
        page.goto(site_server + page_url_path("fr", address) + "#" + case["fragment"])
        try:
            page.wait_for_url(want, timeout=15_000)
        except Exception:  # noqa: BLE001 (reported below with the address reached)
            differ.append((case["name"], page.url, want))
    assert not differ


def test_the_quick_mode_address_says_where_the_questions_are_without_javascript(browser, site_server):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(site_server + page_url_path("ar", "verifier/rapide/") + "#forme=individuel")
    link = page.locator("article a.md-button--primary")
    assert link.get_attribute("href") == "../"
    page.click("article a.md-button--primary")
    assert page.url == site_server + page_url_path("ar", "verifier/")
    assert page.locator("[data-start]").count() == 1
    ctx.close()
