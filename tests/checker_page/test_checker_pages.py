"""The checker as static pages (verifier/, verifier/<code>/): one question per page, an outcome page
per end state of the engine's walk. Every page is checked on the built files (cheap, exhaustive);
real Chromium walks personas from the start page by links only, with JavaScript off and on."""
from __future__ import annotations

import datetime
import gzip
import html
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

import checker
from checker import codes, web_pages
from checker.text import explain
from tests.conftest import ARTIFACTS, LANGS, PHONE, ROOT, page_url_path, screenshot
from tests.pdfs import pdf_reading as pdf

SECTION = re.compile(r'<section class="ck-outcome" id="resultat"[^>]*>')
ATTR = re.compile(r'data-([a-z-]+)="([^"]*)"')
SUMMARY = re.compile(r"<div class=\"ck-summary\" data-summary>(.*?)</div>", re.S)
WHATSAPP = re.compile(r'href="https://wa\.me/\?text=([^"]+)"')
PAGE_BUDGET = 15 * 1024  # gzip bytes of a question or outcome page beyond what the start page cached
# Answers by fact id; a question a persona has no answer for gets its first option (the rules may
# add questions): the page's result is then compared with the engine on the answers really tapped.
PERSONAS = {
    "maalem": {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui", "annees_pratique": 12,
               "couverture_actuelle": "aucune", "regime_fiscal": "aucun"},
    "beginner": {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui", "annees_pratique": 1,
                 "diplome": "non", "couverture_actuelle": "aucune", "regime_fiscal": "aucun"},
    "cooperative": {"inscrit_rna": "non", "forme": "cooperative", "activite_listee": "oui",
                    "couverture_actuelle": "salarie"},
    "enterprise": {"inscrit_rna": "non", "forme": "entreprise", "activite_listee": "oui",
                   "encadrement_artisan_inscrit": "non", "couverture_actuelle": "aucune", "regime_fiscal": "cpu"},
    "registered": {"inscrit_rna": "oui", "couverture_actuelle": "ne_sait_pas", "regime_fiscal": "ne_sait_pas"},
    "unsure": {"inscrit_rna": "ne_sait_pas", "forme": "individuel", "activite_listee": "oui",  # «لا أعرف» twice
               "annees_pratique": "ne_sait_pas", "diplome": "non", "couverture_actuelle": "aucune", "regime_fiscal": "aucun"},
}


@pytest.fixture(scope="module")
def rules():
    return checker.load_rules()


@pytest.fixture(scope="module")
def built_on(built_site) -> datetime.date:
    """The date the pages were built for (written on every outcome page)."""
    text = (built_site / "verifier" / page_code_of_first_outcome(built_site) / "index.html").read_text(encoding="utf-8")
    return datetime.date.fromisoformat(outcome_attrs(text)["on"])


def page_code_of_first_outcome(site: Path) -> str:
    for p in sorted((site / "verifier").iterdir(), key=lambda p: (-len(p.name), p.name)):
        if p.name.isdigit():
            return p.name
    raise AssertionError("no generated checker page in the site")


@pytest.fixture(scope="module")
def states(rules, built_on):
    return web_pages.walk(built_on, rules=rules)


def page_file(site: Path, lang: str, path: str) -> Path:
    return site / page_url_path(lang, "verifier/" + path).lstrip("/") / "index.html"


def outcome_attrs(text: str) -> dict[str, str]:
    m = SECTION.search(text)
    assert m, "no #resultat section"
    return {k: html.unescape(v) for k, v in ATTR.findall(m.group(0))}


def expected_attrs(report: dict) -> dict[str, str]:
    return {"rna-status": report["rna"]["status"], "rna-category": report["rna"]["category"] or "",
            "amo-status": report["amo"]["status"], "amo-regime": report["amo"]["regime"] or ""}


def only_result(attrs: dict[str, str]) -> dict[str, str]:
    return {k: attrs[k] for k in ("rna-status", "rna-category", "amo-status", "amo-regime")}


# Every page, on the built files ---------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_one_page_per_state_of_the_walk_and_no_other(built_site, states, lang):
    folder = page_file(built_site, lang, "").parent
    written = {p.name + "/" for p in folder.iterdir() if p.is_dir() and p.name.isdigit()}
    assert written == {s.path for s in states}
    assert len(states) > 50 and sum(s.fact is None for s in states) > 50  # a walk, not a stub


@pytest.mark.parametrize("lang", LANGS)
def test_every_outcome_page_carries_what_the_engine_says(built_site, rules, states, built_on, lang):
    """Exhaustive: for every end state, the page's data attributes are the engine's result for the
    same answers, and the answers written on the page lead back to the same page."""
    for st in states:
        if st.fact is not None:
            continue
        attrs = outcome_attrs(page_file(built_site, lang, st.path).read_text(encoding="utf-8"))
        answers = checker.parse_answers(rules, dict(parse_qsl(attrs["answers"])))
        report = checker.evaluate(rules, answers, on=built_on).to_dict()
        assert only_result(attrs) == expected_attrs(report), st.code
        assert report["ask"] and all(f in answers for f in report["ask"]), f"{st.code}: a question left unanswered"
        assert web_pages.path_for(answers, built_on, rules=rules) == st.path
        assert attrs["code"] == st.code and attrs["on"] == built_on.isoformat()


@pytest.mark.parametrize("lang", LANGS)
def test_every_question_page_links_each_option_to_its_next_page(built_site, rules, states, lang):
    paths = {s.path for s in states}
    for st in states:
        if st.fact is None:
            continue
        text = page_file(built_site, lang, st.path).read_text(encoding="utf-8")
        links = re.findall(r'<a class="ck-option" href="\.\./(\d+/)" data-fact="([a-z_]+)" data-value="([^"]*)"', text)
        fact = rules.fact(st.fact)
        assert [f for _, f, _ in links] == [fact.id] * len(links) and len(links) >= 2, st.code
        assert [v for _, _, v in links] == [str(v) for v, _ in web_pages.options(rules, fact, lang)]
        assert all(href in paths for href, _, _ in links), st.code
        n, total = map(int, re.search(r'class="ck-progress">\D*(\d+)\D+(\d+)', text).groups())
        assert n == len(st.answers) + 1 <= total <= len(rules.facts), st.code
        assert 'data-back' in text
        # No "next page" of the site to tap by mistake: Material keeps the footer's links, hidden.
        footer = re.search(r'<nav class="md-footer__inner[^>]*>', text)
        assert footer is None or footer.group(0).endswith(" hidden>"), st.code


def test_years_are_asked_as_the_rules_ranges(rules):
    fact = next(f for f in rules.facts if f.kind == "int")
    ranges = codes.year_ranges(rules, fact)
    assert ranges[0][0] == fact.min and ranges[-1][1] == fact.max
    assert all(a[1] + 1 == b[0] for a, b in zip(ranges, ranges[1:]))
    on = datetime.date.today()
    # Every value in a range gives the result of its lower bound (the range's data-value).
    base = {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui", "diplome": "non",
            "couverture_actuelle": "aucune", "regime_fiscal": "aucun"}
    for lo, hi in ranges:
        first = checker.evaluate(rules, {**base, fact.id: lo}, on=on).to_dict()
        for n in range(lo, hi + 1):
            assert checker.evaluate(rules, {**base, fact.id: n}, on=on).to_dict() == first, n


def test_the_cli_gives_the_same_result_on_a_sample(built_site, rules, states, built_on):
    """Through the real command line: one end state of each distinct result, in both languages."""
    seen: dict[tuple, object] = {}
    for st in states:
        if st.fact is None:
            seen.setdefault(tuple(expected_attrs(st.report.to_dict()).values()), st)
    assert len(seen) >= 8
    for st in seen.values():
        args = [f"{k}={v}" for k, v in st.answers]
        out = subprocess.run([sys.executable, "-m", "checker", "--json", "--on", built_on.isoformat(), *args],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
        for lang in LANGS:
            attrs = outcome_attrs(page_file(built_site, lang, st.path).read_text(encoding="utf-8"))
            assert only_result(attrs) == expected_attrs(json.loads(out)), (st.code, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_summary_and_whatsapp_text_hold_the_checklist(built_site, rules, states, lang):
    """For every outcome: every call button is in the summary and names whom it calls (the CNSS on
    every outcome: every outcome speaks of the AMO); the WhatsApp text carries every document, the
    call, the code and the page's absolute address."""
    phone = web_pages.CNSS_PHONE
    site_url = checker_site_url()
    cnss = web_pages.texts(lang)["call_cnss_at"].format(phone=phone)
    for st in states:
        if st.fact is None:
            text = page_file(built_site, lang, st.path).read_text(encoding="utf-8")
            summary = SUMMARY.search(text).group(1)
            ex = explain(rules, st.report, dict(st.answers), lang)
            assert text.count('href="tel:') == summary.count('href="tel:') >= 1, st.code
            assert f'href="tel:{phone}">{html.escape(cnss)}</a>' in summary, st.code
            message = unquote(WHATSAPP.search(text).group(1))
            assert len(message) <= web_pages.SHARE_MAX, (st.code, len(message))
            for d in ex["rna"]["documents"] + ex["amo"]["documents"]:
                assert web_pages.label(d) in message, (st.code, d["id"])
            assert st.code in message and cnss in message
            assert message.endswith(site_url + page_url_path(lang, "verifier/" + st.path).lstrip("/"))


def checker_site_url() -> str:
    from sitebuild.website import site_url
    return site_url().rstrip("/") + "/"


def test_every_checker_page_is_light(built_site, states):
    """Beyond what the start page already cached (the theme, its styles and scripts), a question or
    outcome page costs its HTML and its own small script: at most 15 KB gzip."""
    start = (built_site / "verifier" / "index.html").read_text(encoding="utf-8")
    cached = set(re.findall(r'(?:href|src)="\.\./(assets/[^"]+)"', start))
    sizes = {}
    for lang in LANGS:
        for st in states:
            page = page_file(built_site, lang, st.path)
            text = page.read_text(encoding="utf-8")
            extra = {a for a in re.findall(r'(?:href|src)="(?:\.\./)+(assets/[^"]+)"', text)} - cached
            sizes[(lang, st.path)] = len(gzip.compress(page.read_bytes(), 6)) + sum(
                len(gzip.compress((built_site / a).read_bytes(), 6)) for a in extra)
            assert len(extra) <= 1, (st.path, extra)
    worst = max(sizes, key=sizes.get)
    assert sizes[worst] <= PAGE_BUDGET, (worst, sizes[worst])
    assert min(sizes.values()) > 2000  # the theme's page is counted, not an empty file


# In the browser --------------------------------------------------------------------------------
def tap_through(page, rules, persona: dict) -> tuple[dict, int]:
    """From the start page to an outcome, tapping only links; returns the answers tapped and taps."""
    page.locator("a[data-start]").click()
    page.wait_for_load_state()
    tapped, taps = {}, 0
    while page.locator("[data-question]").count():
        fact = rules.fact(page.locator("[data-question]").get_attribute("data-question"))
        options = page.locator(f'a[data-fact="{fact.id}"]')
        values = [options.nth(i).get_attribute("data-value") for i in range(options.count())]
        wanted = persona.get(fact.id)
        if wanted is None:
            choice = values[0]
        elif fact.kind == "int" and str(wanted).isdigit():  # a number: the range it falls in
            choice = str(max(int(v) for v in values if v.isdigit() and int(v) <= int(wanted)))
        else:  # a choice, or a number question's answer beside a number («لا أعرف»)
            choice = wanted
        tapped[fact.id] = int(choice) if choice.isdigit() else choice
        with page.expect_navigation():
            page.locator(f'a[data-fact="{fact.id}"][data-value="{choice}"]').click()
        taps += 1
        assert taps <= len(rules.facts)
    return tapped, taps


@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
@pytest.mark.parametrize("lang", LANGS)
def test_personas_reach_their_outcome_by_links_only(browser, site_server, rules, built_on, lang, javascript):
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript)
    try:
        page = ctx.new_page()
        for name, persona in PERSONAS.items():
            page.goto(site_server + page_url_path(lang, "verifier/"))
            tapped, taps = tap_through(page, rules, persona)
            report = checker.evaluate(rules, tapped, on=built_on).to_dict()
            attrs = page.locator("#resultat")
            got = {k: attrs.get_attribute(f"data-{k}") for k in ("rna-status", "rna-category", "amo-status", "amo-regime")}
            assert got == expected_attrs(report), name
            assert page.locator("[data-summary]").is_visible()
            assert page.locator(".ck-answers li").count() == taps
            assert page.locator("details.ck-details[open]").count() == 0
            if not javascript:
                screenshot(page, f"checker-outcome-{name}-{lang}")
    finally:
        ctx.close()


def test_back_returns_to_the_previous_question_with_the_answers_kept(browser, site_server, rules):
    ctx = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site_server + "/fr/verifier/")
        page.locator("a[data-start]").click()
        seen = []
        for _ in range(3):
            seen.append((page.url, page.locator("[data-question]").get_attribute("data-question")))
            with page.expect_navigation():
                page.locator("a.ck-option").first.click()
        page.go_back()
        assert (page.url, page.locator("[data-question]").get_attribute("data-question")) == seen[-1]
        page.go_back()
        assert page.url == seen[-2][0]
        # The visible back link does the same, and the first question's goes to the start page.
        page.locator("a[data-back]").click()
        assert page.url == seen[0][0]
        page.locator("a[data-back]").click()
        assert page.locator("a[data-start]").count() == 1
        # An outcome's "change" link opens that question with the earlier answers kept.
        tapped, _ = tap_through(page, rules, PERSONAS["maalem"])
        code = page.locator("#resultat").get_attribute("data-code")
        page.locator(".ck-answers li").nth(2).locator("a[data-change]").click()
        assert page.locator("[data-question]").get_attribute("data-code") == code[:2]
        assert page.locator("[data-question]").get_attribute("data-question") == list(tapped)[2]
    finally:
        ctx.close()


HOSTILE = [
    "forme=<script>alert(1)</script>",
    'forme="><img src=x onerror=alert(1)>',
    "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=oui",
    "annees_pratique=" + "9" * 5000,
    "forme=%E0%A4%A",
    "inscrit_rna=non&" * 60,
]


def test_old_fragment_links_land_on_the_matching_page(page, site_server, rules, built_on):
    """`verifier/#forme=…` links (messages, printed QR codes of the past) open the page those answers
    lead to: an outcome when they are complete, the next question when not."""
    for persona in PERSONAS.values():
        fragment = "&".join(f"{k}={v}" for k, v in persona.items())
        for lang in LANGS:
            target = web_pages.path_for(persona, built_on, rules=rules)
            page.goto(site_server + page_url_path(lang, "verifier/") + "#" + fragment)
            page.wait_for_url("**" + page_url_path(lang, "verifier/" + target))
    page.goto(site_server + "/verifier/#inscrit_rna=non&forme=individuel")
    page.wait_for_url("**/verifier/" + web_pages.path_for({"inscrit_rna": "non", "forme": "individuel"}))
    assert page.locator("[data-question]").get_attribute("data-question") == "activite_listee"
    # Arabic-Indic digits, as the old form accepted them.
    page.goto(site_server + "/verifier/#inscrit_rna=non&forme=individuel&activite_listee=oui&annees_pratique=١٢")
    page.wait_for_url("**/verifier/" + web_pages.path_for(
        {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui", "annees_pratique": 12}))


def test_hostile_old_links_do_nothing_harmful(page, site_server):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for fragment in HOSTILE:
        page.goto(site_server + "/verifier/#" + fragment)
        page.wait_for_url(re.compile(r"/verifier/\d+/$"))
        assert page.locator("img[src=x]").count() == 0
        assert page.locator("[data-question]").count() == 1
    assert dialogs == [] and errors == []
    # An address that is no code: the host's 404, not a wrong result.
    assert page.goto(site_server + "/verifier/99999999/").status == 404


def longest_summaries(rules, states, lang, n=2):
    def size(st):
        sm = web_pages.summary(rules, explain(rules, st.report, dict(st.answers), lang), lang)
        return sum(map(len, sm.sentences + sm.missing + sm.documents + [sm.when or "", sm.go_text or "", sm.then or ""]))
    return sorted((s for s in states if s.fact is None), key=size, reverse=True)[:n]


@pytest.mark.parametrize("lang", LANGS)
def test_what_to_do_fits_the_first_screen(page, site_server, rules, states, lang):
    """The headlines, where to go and the call buttons are on the first screen of a 360 x 740 phone
    (the summary is at body size: what to take and what next may follow below)."""
    for st in longest_summaries(rules, states, lang):
        page.goto(site_server + page_url_path(lang, "verifier/" + st.path))
        box = page.locator("[data-summary]").bounding_box()
        calls = page.locator("[data-summary] .ck-calls").bounding_box()
        assert box["y"] >= 0 and calls["y"] + calls["height"] <= PHONE["height"], (st.code, box, calls)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, f"checker-summary-{lang}-{st.code}")


def test_language_switch_goes_to_the_same_outcome(page, site_server, states):
    st = next(s for s in states if s.fact is None)
    page.goto(site_server + "/verifier/" + st.path)
    ar = page.locator("#resultat")
    before = {k: ar.get_attribute(f"data-{k}") for k in ("rna-status", "rna-category", "amo-status", "amo-regime")}
    page.locator('header a[hreflang="fr"]').first.click()
    page.wait_for_url("**/fr/verifier/" + st.path)
    assert page.evaluate("document.documentElement.lang") == "fr"
    fr = page.locator("#resultat")
    assert {k: fr.get_attribute(f"data-{k}") for k in before} == before


def test_keyboard_answers_a_question(page, site_server):
    page.goto(site_server + "/fr/verifier/0/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('ck-option')"):
            break
    else:
        pytest.fail("no option reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/fr/verifier/1/")


@pytest.mark.parametrize("lang", LANGS)
def test_print_is_one_a4_page_with_a_qr_code_to_the_outcome(page, site_server, rules, states, lang):
    st = longest_summaries(rules, states, lang, 1)[0]
    page.goto(site_server + page_url_path(lang, "verifier/" + st.path))
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / f"checker-print-{lang}.pdf"
    page.pdf(path=str(out), format="A4")
    assert pdf.info(out)["Pages"].strip() == "1"
    png = pdf.first_page_png(out, ARTIFACTS)
    assert pdf.qr_codes(png) == [checker_site_url() + page_url_path(lang, "verifier/" + st.path).lstrip("/")]
