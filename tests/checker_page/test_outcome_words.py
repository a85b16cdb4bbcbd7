"""The outcome in words a person acts on (issue 21, part B): a place that matches each action, a
call button that names whom it calls, documents in words (no «(؟)», no pseudo-document), plain
sentences (the language review's phrases at zero), the chamber's own details wherever it is named,
and tap targets of at least 44 x 44 px on a 360 px phone."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

# Builds, WeasyPrint and release hooks start processes (tests/conftest.py's guard).
pytestmark = pytest.mark.process

from checker import web_pages
from checker.text import explain
from sitebuild import chamber
from tests.conftest import LANGS, PHONE, page_url_path
from tests.support.chamber_settings import TEST_CHAMBER, write_settings
from tests.checker_page.test_checker_pages import SUMMARY, page_file, states, built_on  # noqa: F401 (fixtures)

GO = re.compile(r'<p class="ck-go" data-scheme="(rna|amo)">(.*?)</p>', re.S)
TAG = re.compile(r"<[^>]+>")
# What the language review and the issue counted on outcome pages; each must be at zero.
REVIEW_PHRASES = {
    "ar": ("سجل نفسك", "ما إذا كان بإمكانك", "تم التحقق من هذه القواعد", "مكتب قرب معتمد", "يُرجى التأكد",
           "قراءة الصندوق لوضعيتك", "يُرجى التحقق", "استخراج نسخة", "(؟)", "باقي الوثائق"),
    "fr": ("au CPU", "Règles vérifiées", "Ce qui porte", "(?)", "liste complète non disponible",
           "il suffit d'en faire une copie"),
}


def text_of(fragment: str) -> str:
    return html.unescape(TAG.sub("", fragment))


def outcomes(states):
    return [st for st in states if st.fact is None]


@pytest.mark.parametrize("lang", LANGS)
def test_every_outcome_names_the_place_that_matches_its_action(built_site, rules, states, lang):
    tx = web_pages.texts(lang)
    for st in outcomes(states):
        page = page_file(built_site, lang, st.path).read_text(encoding="utf-8")
        summary = SUMMARY.search(page).group(1)
        go = {scheme: text_of(body) for scheme, body in GO.findall(summary)}
        assert go, f"{st.code}: no place to go"
        rna, amo = st.report.rna.status, st.report.amo.status
        if rna == "eligible":
            # Registration: the chamber or the provincial directorate first, the website second.
            place = go["rna"]
            assert web_pages.names_chamber(place, lang) and "rna.gov.ma" in place, (st.code, place)
            assert place.index(tx["chamber_generic"]) < place.index("rna.gov.ma"), (st.code, place)
            assert 'data-chamber="' in summary, st.code
        if amo in ("to_enrol", "to_regularise") and "amo" in go:
            assert "CNSS" in go["amo"], (st.code, go["amo"])
        if "rna.gov.ma" in go.get("rna", "") or web_pages.names_chamber(" ".join(go.values()), lang):
            assert 'data-chamber="' in summary, st.code


@pytest.mark.parametrize("lang", LANGS)
def test_a_registered_artisan_who_has_not_paid_is_sent_to_the_cnss(built_site, states, lang):
    unpaid = [st for st in outcomes(states) if st.report.amo.status == "to_regularise"]
    assert unpaid
    for st in unpaid:
        summary = SUMMARY.search(page_file(built_site, lang, st.path).read_text(encoding="utf-8")).group(1)
        go = dict(GO.findall(summary))
        assert "CNSS" in text_of(go["amo"]), st.code


@pytest.mark.parametrize("lang", LANGS)
def test_outcome_pages_hold_none_of_the_review_phrases(built_site, states, lang):
    counts = {phrase: 0 for phrase in REVIEW_PHRASES[lang]}
    for st in outcomes(states):
        page = html.unescape(page_file(built_site, lang, st.path).read_text(encoding="utf-8"))
        for phrase in counts:
            counts[phrase] += page.count(phrase)
    assert not {p: n for p, n in counts.items() if n}, counts
    assert len(outcomes(states)) > 100  # the count ran over the whole walk


def test_no_question_mark_or_pseudo_document_on_any_page(built_site):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 800
    found = []
    for path in pages:
        text = html.unescape(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(built_site)}: {w}" for w in ("(؟)", "باقي الوثائق", "Ce qui porte (?)",
                                                                  "liste complète non disponible") if w in text]
    assert not found, found[:10]


@pytest.mark.parametrize("lang", LANGS)
def test_an_uncertain_document_says_whom_to_ask_and_the_chamber_may_ask_for_more(built_site, states, lang):
    tx = web_pages.texts(lang)
    seen = 0
    for st in outcomes(states):
        summary = SUMMARY.search(page_file(built_site, lang, st.path).read_text(encoding="utf-8")).group(1)
        take = re.search(r'<ul class="ck-take">(.*?)</ul>', summary, re.S)
        if st.report.rna.status == "eligible":
            assert html.escape(tx["other_papers"]) in summary, st.code
        if take and "attestation_exercice" in st.report.rna.documents:
            assert html.escape(tx["ask_mark_chambre"]) in take.group(1), st.code
            seen += 1
    assert seen


@pytest.mark.parametrize("lang", LANGS)
def test_a_not_yet_outcome_says_when_and_a_dont_know_says_what_is_missing(built_site, states, lang):
    not_yet = [st for st in outcomes(states) if "rna_moins_de_3_ans" in st.report.rna.decided_by]
    unsure = [st for st in outcomes(states) if st.report.rna.to_confirm or st.report.amo.to_confirm]
    assert not_yet and unsure
    for st in not_yet:
        summary = SUMMARY.search(page_file(built_site, lang, st.path).read_text(encoding="utf-8")).group(1)
        when = re.search(r'<p class="ck-when" data-when>(.*?)</p>', summary, re.S)
        assert when and "3" in text_of(when.group(1)), st.code
    for st in unsure:
        summary = SUMMARY.search(page_file(built_site, lang, st.path).read_text(encoding="utf-8")).group(1)
        missing = re.findall(r'<p class="ck-missing" data-missing>(.*?)</p>', summary, re.S)
        assert 1 <= len(missing) <= 2, st.code


# The chamber's own details (chamber.toml) -------------------------------------------------------
@pytest.fixture
def chamber_file(tmp_path, monkeypatch) -> Path:
    path = write_settings(tmp_path / "chamber.toml")
    monkeypatch.setenv("CHAMBER_FILE", str(path))
    return path


def test_the_committed_settings_are_empty_and_a_release_refuses_them(monkeypatch):
    monkeypatch.delenv("CHAMBER_FILE", raising=False)
    assert chamber.read() == {} and not chamber.is_set()  # never a number or an address nobody checked
    with pytest.raises(chamber.ChamberNotSet, match="chamber.toml"):
        chamber.check_release()
    fallback = chamber.current()
    assert not fallback.filled and not fallback.phone and fallback.map_url.startswith("https://")


def test_the_release_hook_refuses_a_build_without_the_chamber(monkeypatch, tmp_path):
    from mkdocs.exceptions import PluginError
    from sitebuild import hooks
    monkeypatch.setenv("RELEASE", "1")
    monkeypatch.setenv("CHAMBER_FILE", str(tmp_path / "absent.toml"))
    with pytest.raises(PluginError, match="absent.toml is not filled"):
        hooks._check_chamber()


def test_settings_filled_wrongly_stop_any_build(tmp_path):
    with pytest.raises(chamber.ChamberSettingsError, match="missing"):
        chamber.validate({"name": TEST_CHAMBER["name"]})
    with pytest.raises(chamber.ChamberSettingsError, match="phone"):
        chamber.validate({**TEST_CHAMBER, "phone": "call us"})
    with pytest.raises(chamber.ChamberSettingsError, match="«…»"):
        chamber.validate({**TEST_CHAMBER, "address": {"ar": "…", "fr": "…"}})


@pytest.mark.parametrize("lang", LANGS)
def test_with_the_settings_every_outcome_gives_the_chambers_details(chamber_file, rules, built_on, lang):
    """Every outcome the walk reaches, rendered as the build and the browser render it."""
    own = chamber.current()
    assert own.filled and own.tel == "+212500000001"
    media = web_pages.Media(chamber=own)
    n = 0
    for st in web_pages.walk(built_on, rules=rules):
        if st.fact is not None:
            continue
        page = web_pages.page_for_state(lang, st, built_on, rules=rules, media=media).html
        summary = SUMMARY.search(page).group(1)
        assert html.escape(TEST_CHAMBER["name"][lang]) in summary, st.code
        assert html.escape(TEST_CHAMBER["address"][lang]) in summary, st.code
        call = web_pages.texts(lang)["call_chamber_at"].format(phone=TEST_CHAMBER["phone"])
        assert f'href="tel:+212500000001">{html.escape(call)}</a>' in summary, st.code
        ex = explain(rules, st.report, dict(st.answers), lang)
        assert TEST_CHAMBER["phone"] in web_pages.share_text(rules, ex, lang, st.code, "", own), st.code
        n += 1
    assert n > 100


@pytest.mark.process  # WeasyPrint and pdftotext: processes
@pytest.mark.parametrize("lang", LANGS)
def test_with_the_settings_checklists_posters_and_the_short_guide_print_them(chamber_file, tmp_path, lang):
    """The real PDFs (WeasyPrint), read back with poppler."""
    from sitebuild import pdfs
    from sitebuild.guides_page import outputs
    from tests.pdfs import pdf_reading as pdf
    chosen = [o for o in outputs() if o.lang == lang and (o.kind in ("fiche", "guide-short") or (o.kind == "affiche" and o.size == "a4"))]
    assert {o.kind for o in chosen} == {"fiche", "guide-short", "affiche"}
    for o in chosen:
        pdfs.build_one(o, tmp_path, "https://guide.example.ma/", built_on_day())
        words = pdf.words(pdf.text(tmp_path / o.name))
        for expected in (TEST_CHAMBER["name"][lang], TEST_CHAMBER["address"][lang], TEST_CHAMBER["phone"], "3939"):
            assert pdf.words(expected) in words, (o.name, expected)


def built_on_day():
    import datetime
    return datetime.date.today()


# Type and tap targets in Chromium ----------------------------------------------------------------
TARGETS_JS = """() => Array.from(document.querySelectorAll('article a, article button, article summary'))
  .filter(el => el.offsetParent !== null)
  .filter(el => { // a link inside a sentence is exempt (WCAG 2.5.8 "inline"): its line is the target
    const style = getComputedStyle(el);
    if (style.display !== 'inline') return true;
    const parent = el.parentElement;
    return parent.textContent.trim() === el.textContent.trim();
  })
  .map(el => { const r = el.getBoundingClientRect();
    return {text: el.textContent.trim().slice(0, 40), w: Math.round(r.width), h: Math.round(r.height)}; })"""


def sample_pages(states) -> list[str]:
    """The first question, a question deep in the walk, and outcomes of each kind of result."""
    picked, kinds = ["0/"], set()
    questions = [st for st in states if st.fact is not None]
    picked.append(max(questions, key=lambda st: len(st.code)).path)
    for st in outcomes(states):
        kind = (st.report.rna.status, st.report.amo.status)
        if kind not in kinds:
            kinds.add(kind)
            picked.append(st.path)
    return picked


@pytest.mark.parametrize("lang", LANGS)
def test_every_tap_target_is_44_px_at_360_px(page, site_server, states, lang):
    small = []
    for path in sample_pages(states):
        page.goto(site_server + page_url_path(lang, "verifier/" + path))
        assert page.evaluate("innerWidth") == PHONE["width"]
        for t in page.evaluate(TARGETS_JS):
            if t["w"] < 44 or t["h"] < 44:
                small.append((path, t))
    assert not small, small[:10]


@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_is_at_body_size_and_back_is_at_the_top(page, site_server, states, lang):
    st = outcomes(states)[0]
    page.goto(site_server + page_url_path(lang, "verifier/" + st.path))
    body = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p.ck-small') "
                         "|| document.querySelector('article')).fontSize)")
    article = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article')).fontSize)")
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('[data-summary] p, [data-summary] li'))
        .map(el => parseFloat(getComputedStyle(el).fontSize))""")
    assert sizes and min(sizes) >= article >= 16, (sizes, article, body)
    for path in (st.path, "0/"):
        page.goto(site_server + page_url_path(lang, "verifier/" + path))
        back = page.locator("a[data-back]").bounding_box()
        first = page.locator("article h1").bounding_box()
        assert back["y"] < first["y"], path


@pytest.mark.parametrize("javascript", [False, True])
def test_share_and_print_show_only_where_they_work(browser, site_server, states, javascript):
    st = outcomes(states)[0]
    ctx = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    try:
        page = ctx.new_page()
        page.goto(site_server + "/verifier/" + st.path)
        page.wait_for_load_state("load")
        can_share = javascript and page.evaluate("typeof navigator.share === 'function'")
        assert page.locator("[data-share]").is_visible() == bool(can_share)
        assert page.locator("[data-print]").is_visible() == javascript
        assert page.locator("[data-whatsapp]").is_visible()
    finally:
        ctx.close()
