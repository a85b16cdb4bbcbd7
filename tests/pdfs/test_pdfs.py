"""The printed guide, checklists and posters, read back from the built site like a reader would:
page size, embedded fonts, weight, the words (parity with the rules and the site), the QR codes."""
from __future__ import annotations

import datetime
import re
from pathlib import Path
from urllib.parse import parse_qsl, urljoin

import pytest
from mkdocs.utils.yaml import yaml_load

import checker
from checker import web_pages
from checker.dates import format_date
from checker.words import word
from tests.conftest import ARTIFACTS, LANGS, ROOT
from sitebuild import markers, pages
from sitebuild.pdfs import checklist_answers
from tests.pdfs import pdf_reading as pdf


RULES = checker.load_rules()
CATEGORIES = [o.id for o in RULES.outcomes if o.scheme == "rna"]
A4, A3 = (595.3, 841.9), (841.9, 1190.6)
KB = 1024
# Latin words an Arabic checklist or poster may show: acronyms printed as such on Moroccan forms.
LATIN_ALLOWED = {"CNSS", "RNA", "AMO", "NIA", "CIN", "CPU", "RSU", "RNP", "A3", "A4"}
RAW_IDS = sorted({i.id for group in (RULES.rules, RULES.documents, RULES.steps, RULES.notes, RULES.outcomes,
                                     RULES.facts, RULES.sources) for i in group if "_" in i.id})

GUIDES = [f"guide-{lang}.pdf" for lang in LANGS]
SHORT_GUIDES = [f"guide-court-{lang}.pdf" for lang in LANGS]  # tested in tests/pdfs/test_print_events.py
FICHES = [f"fiche-{cat}-{lang}.pdf" for cat in CATEGORIES for lang in LANGS]
POSTERS = [f"affiche-{lang}-{size}.pdf" for lang in LANGS for size in ("a4", "a3")]
ALL = GUIDES + SHORT_GUIDES + FICHES + POSTERS


def lang_of(name: str) -> str:
    return re.search(r"-(ar|fr)[-.]", name).group(1)


def site_url() -> str:
    """The address the build used: mkdocs.yml's site_url, SITE_URL overriding it."""
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        url = yaml_load(f)["site_url"]
    return url if url.endswith("/") else url + "/"


def home(lang: str) -> str:
    return site_url() + ("" if lang == "ar" else f"{lang}/")


def verified_on(lang: str) -> str:
    """The verification line exactly as the site's pages word it."""
    return word("verified_on", lang, date=format_date(RULES.verified_on, lang))


@pytest.fixture(scope="module")
def guides(built_site) -> Path:
    return built_site / "guides"


def words_of(guides: Path, name: str) -> str:
    return pdf.words(pdf.text(guides / name))


def qr_of(guides: Path, name: str) -> list[str]:
    return pdf.qr_codes(pdf.first_page_png(guides / name, ARTIFACTS))


def missing_words(haystack: str, texts: list[str]) -> list[str]:
    return [t for t in texts if pdf.words(t) not in haystack]


# The files -------------------------------------------------------------------------------------
def test_exactly_the_expected_pdfs_are_built(guides):
    assert sorted(p.name for p in guides.glob("*.pdf")) == sorted(ALL)


@pytest.mark.parametrize("name", ALL)
def test_pdf_opens_with_its_page_size_and_weight(guides, name):
    path = guides / name
    info = pdf.info(path)
    pages = int(info["Pages"])
    w, h = pdf.page_size(path)
    expected = A3 if name.endswith("-a3.pdf") else A4
    assert abs(w - expected[0]) <= 1 and abs(h - expected[1]) <= 1, f"{name}: {w}×{h} pt"
    limit = 1024 * KB if name.startswith("guide-") else 300 * KB
    assert path.stat().st_size < limit, f"{name}: {path.stat().st_size / KB:.0f} KB"
    if name.startswith(("fiche-", "affiche-")):
        assert pages == 1, f"{name} must fit on one page, has {pages}"
    elif name in SHORT_GUIDES:
        assert pages <= 4, f"{name}: the short guide has {pages} pages"
    else:
        assert pages >= 6, f"{name}: a guide of {pages} pages is missing sections"


@pytest.mark.parametrize("name", ALL)
def test_every_font_is_embedded_and_arabic_has_an_arabic_font(guides, name):
    rows = pdf.fonts(guides / name)
    assert rows, f"{name}: no fonts"
    assert all(r["emb"] == "yes" for r in rows), f"{name}: not embedded: {[r['name'] for r in rows if r['emb'] != 'yes']}"
    if lang_of(name) == "ar":
        assert any(re.search("Naskh|Amiri", r["name"]) for r in rows), f"{name}: no Arabic font: {rows}"


# The words -------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ALL)
def test_no_placeholder_or_raw_id_in_the_text(guides, name):
    raw = pdf.text(guides / name)
    for bad in ("{{", "}}", "{%", "{date}", "None", "undefined"):
        assert bad not in raw, f"{name}: {bad!r} in the text"
    leaked = [i for i in RAW_IDS if i in raw]
    assert not leaked, f"{name}: raw ids in the text: {leaked}"


@pytest.mark.parametrize("name", [n for n in FICHES + POSTERS if lang_of(n) == "ar"])
def test_arabic_checklists_and_posters_hold_no_french(guides, name):
    raw = pdf.text(guides / name)
    tokens = re.findall(r"[^\s\u0600-\u06ff\u202a-\u202e]+", raw)
    latin = {re.sub(r"[^\w]", "", t) for t in tokens if re.search("[A-Za-z]", t)
             and not re.search(r"[./]", t)}  # addresses (www.…, site/…) are written as they are typed
    assert latin <= LATIN_ALLOWED, f"{name}: Latin words {sorted(latin - LATIN_ALLOWED)}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_pdf_states_the_rules_verification_date(guides, lang):
    for name in GUIDES + SHORT_GUIDES + FICHES:
        if lang_of(name) == lang:
            assert pdf.words(verified_on(lang)) in words_of(guides, name), f"{name}: no verification date"


@pytest.mark.parametrize("lang,phrases", [
    ("ar", ["نسخة من البطاقة الوطنية للتعريف", "رقم هوية الصانع التقليدي", "غرفة الصناعة التقليدية"]),
    ("fr", ["Copie de la carte nationale d'identité", "Chambre d'artisanat"]),
])
def test_shaped_text_reads_back_in_logical_order(guides, lang, phrases):
    """Words we wrote come back, in order, from a shaped right-to-left text (not reversed, not split)."""
    text = words_of(guides, f"fiche-maitre_artisan-{lang}.pdf")
    for p in phrases:
        assert pdf.words(p) in text
    if lang == "ar":
        assert pdf.words(phrases[0][::-1]) not in text


@pytest.mark.parametrize("lang", LANGS)
def test_guide_has_every_document_step_and_condition_of_the_rules(guides, lang):
    text = words_of(guides, f"guide-{lang}.pdf")
    expected = []
    for rule in RULES.rules:
        if rule.route:  # the routes a guide lays out, RNA categories and AMO regimes
            expected.append(RULES.text(rule, lang))
            for item in rule.documents + rule.steps:
                expected += [RULES.text(item, lang), RULES.get(item).where.get(lang)]
    for o in RULES.outcomes:
        expected.append(RULES.text(o, lang))
    assert not missing_words(text, expected)
    # Sources are printed in the sources page's table: pdftotext reads a table row line by line across
    # its columns, so a wrapped title comes back interleaved with its date; each of its words must be there.
    vocabulary = set(text.split())
    for s in RULES.sources:
        title = pdf.words(RULES.text(s, lang)).split()
        assert set(title) <= vocabulary, f"source {s.id}: {set(title) - vocabulary} not in the guide"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", ["registre", "amo", "aide", "lexique", "sources"])
def test_guide_carries_the_sites_own_prose(guides, lang, slug):
    """Headings and plain paragraphs of the site's page are in the guide (same Markdown)."""
    md = (ROOT / "docs" / slug / f"index.{lang}.md").read_text(encoding="utf-8")
    # A figure inside a sentence is the rules' own number, filled in on the site and in the guide alike;
    # the other markers render whole blocks (lists, the chamber's details), compared by other tests.
    md = markers.MARKER.sub(lambda m: pages.figure(m["args"].split("=", 1)[1], lang) if m["name"] == "figure" else m[0], md)
    md = re.sub(r"<!--.*?-->", "", md, flags=re.S)
    lines = []
    for line in md.splitlines():
        line = re.sub(r"\{[^}]*\}", "", line)  # attr_list
        line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)  # links: their text
        if re.match(r"#{1,6} ", line) or (line and line[0].isalpha()):
            lines.append(line.lstrip("# ").replace("**", "").replace("*", ""))
    assert lines, f"{slug}.{lang}: nothing to compare"
    assert not missing_words(words_of(guides, f"guide-{lang}.pdf"), lines)


# The QR codes and the checklists' answers ---------------------------------------------------------
@pytest.mark.parametrize("name", GUIDES)
def test_guide_cover_qr_code_opens_the_site(guides, name):
    assert qr_of(guides, name) == [home(lang_of(name))]


@pytest.mark.parametrize("name", POSTERS)
def test_poster_qr_code_opens_the_checker_and_the_address_is_written_out(guides, name):
    url = home(lang_of(name)) + "verifier/"
    assert qr_of(guides, name) == [url]
    assert pdf.words(re.sub(r"^https?://", "", url)) in words_of(guides, name)


@pytest.mark.parametrize("name", FICHES)
def test_checklist_qr_opens_the_page_of_its_answers_and_the_page_matches_the_checker(built_site, guides, name):
    """The QR code opens the static checker page the checklist's answers lead to (verifier/<code>/,
    no JavaScript needed): a page the build wrote, the outcome or the first question the checklist
    does not answer (the health insurance's, a diploma for a maître artisan)."""
    lang = lang_of(name)
    category = name.removeprefix("fiche-").removesuffix(f"-{lang}.pdf")
    codes = qr_of(guides, name)
    assert len(codes) == 1, f"{name}: QR codes read: {codes}"
    assert codes[0].startswith(home(lang) + "verifier/"), codes[0]
    path = codes[0].removeprefix(site_url())
    m = re.fullmatch(r"(?:fr/)?verifier/([1-9]+)/", path)
    assert m, codes[0]
    page = (built_site / path / "index.html").read_text(encoding="utf-8")
    assert f'data-code="{m.group(1)}"' in page, f"{name}: {path} is not the page of its code"
    given = checklist_answers(category)
    st = web_pages.decode(m.group(1), datetime.date.today(), rules=RULES)
    assert web_pages.path_for(given, datetime.date.today(), rules=RULES) == st.path  # years fall in ranges
    assert set(dict(st.answers)) <= set(given)
    assert st.fact is None or st.fact not in given  # no answer of the checklist left to tap
    report = checker.evaluate(RULES, checker.parse_answers(RULES, dict(given)), on=datetime.date.today())
    assert (report.rna.status, report.rna.route) == ("eligible", category)
    # Parity with what the checker shows for these answers: every document, step, condition.
    expected = [RULES.text(category, lang)]
    expected += [RULES.text(r, lang) for r in report.rna.decided_by]
    for item in report.rna.documents + report.rna.steps:
        expected += [RULES.text(item, lang), RULES.get(item).where.get(lang)]
    assert not missing_words(words_of(guides, name), expected)


# The guides page -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_guides_page_links_every_pdf(built_site, lang):
    page = built_site / ("" if lang == "ar" else f"{lang}/") / "guides" / "index.html"
    hrefs = re.findall(r'href="([^"]+\.pdf)"', page.read_text(encoding="utf-8"))
    base = "http://x/" + ("" if lang == "ar" else f"{lang}/") + "guides/"
    targets = sorted(urljoin(base, h).removeprefix("http://x/") for h in hrefs)
    assert targets == sorted(f"guides/{n}" for n in ALL)
    assert all((built_site / t).is_file() for t in targets)
