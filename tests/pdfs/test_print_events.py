"""Print for events, read back with poppler: posters name whom to call (3939) and the chamber, and their
last third is not empty; checklists have ruled lines for the chamber's extra documents instead of a
"list not available" item to tick; a short guide of 4 pages at most beside the full one; the guides page says
each PDF's pages as the built file has them."""
from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

import checker
from checker import display
from sitebuild import pdfs
from sitebuild.guides_page import CATEGORIES
from tests.conftest import LANGS
from tests.pdfs import pdf_reading as pdf
from tests.pdfs.test_pdfs import FICHES, POSTERS, SHORT_GUIDES, lang_of

RULES = checker.load_rules()
PSEUDO = RULES.get("liste_complete_pieces") if any(d.id == "liste_complete_pieces" for d in RULES.documents) else None
CHAMBER = {"ar": "غرفة الصناعة التقليدية لجهة سوس ماسة", "fr": "Chambre d'artisanat de la région Souss-Massa"}
OTHER_DOCS = {"ar": "وثائق أخرى طلبتها منك الغرفة", "fr": "Autres documents demandés par la Chambre"}


@pytest.fixture(scope="module")
def guides(built_site) -> Path:
    return built_site / "guides"


def lowest_text(path: Path) -> float:
    """How far down the page the last word sits, as a share of the page height (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', out).group(1))
    return max(float(y) for y in re.findall(r'yMax="([\d.]+)"', out)) / height


@pytest.mark.parametrize("name", POSTERS)
def test_poster_says_whom_to_call_and_fills_its_page(guides, name):
    words = pdf.words(pdf.text(guides / name))
    lang = lang_of(name)
    assert "3939" in words
    assert pdf.words(CHAMBER[lang]) in words
    assert lowest_text(guides / name) > 0.85, "the poster's bottom is empty"


@pytest.mark.parametrize("name", FICHES)
def test_checklist_has_ruled_lines_not_a_pseudo_document(guides, name):
    lang = lang_of(name)
    words = pdf.words(pdf.text(guides / name))
    assert pdf.words(OTHER_DOCS[lang]) in words
    if PSEUDO is not None:
        assert pdf.words(PSEUDO.label.get(lang)) not in words


@pytest.mark.parametrize("name", SHORT_GUIDES)
def test_short_guide_is_four_pages_at_most_with_the_documents_and_whom_to_call(guides, name):
    path = guides / name
    assert 1 <= int(pdf.info(path)["Pages"]) <= 4
    lang = lang_of(name)
    words = pdf.words(pdf.text(path))
    assert "3939" in words
    for doc in ("copie_cin", "copie_diplome"):
        assert pdf.words(RULES.get(doc).label.get(lang)) in words
    if PSEUDO is not None:
        assert pdf.words(PSEUDO.label.get(lang)) not in words


@pytest.mark.parametrize("name", SHORT_GUIDES)
def test_short_guide_says_whom_to_ask_where_the_rules_list_no_document(guides, name):
    """A cooperative's and an enterprise's documents are not published: under their name, no empty
    "documents" heading, but one sentence saying whom to ask."""
    lang = lang_of(name)
    words = pdf.words(pdf.text(guides / name))
    labels = [pdf.words(RULES.text(RULES.get(c), lang)) for c in CATEGORIES]
    heading = pdf.words(RULES.text("heading_documents", lang))
    ask = pdf.words(RULES.text("documents_none", lang))
    empty = [c for c in CATEGORIES if not RULES.route_documents("rna", c)]
    assert empty, "every category lists documents now: this test has nothing left to check"
    for i, c in enumerate(CATEGORIES):
        start = words.index(labels[i])
        ends = [words.find(labels[j], start + len(labels[i])) for j in range(len(CATEGORIES)) if j != i]
        block = words[start:min([e for e in ends if e > 0], default=len(words))]
        if c in empty:
            assert heading not in block and ask in block, (c, block[:300])
        else:
            assert heading in block, c


def test_both_languages_have_a_short_guide(guides):
    assert sorted(p.name for p in guides.glob("guide-court-*.pdf")) == sorted(f"guide-court-{l}.pdf" for l in LANGS)


def test_the_short_guides_call_box_stays_inside_the_page_s_margins(built_site, tmp_path):
    """Nothing is drawn in the outer 8 mm of the short guide's first page, left or right (the Arabic
    3939 box used to run past the margin)."""
    from PIL import Image
    for lang in ("ar", "fr"):
        png = pdf.first_page_png(built_site / "guides" / f"guide-court-{lang}.pdf", tmp_path, dpi=72)
        img = Image.open(png).convert("L")
        edge = round(8 / 25.4 * 72)  # 8 mm in pixels at 72 dpi
        width, height = img.size
        for x in [*range(edge), *range(width - edge, width)]:
            column = [img.getpixel((x, y)) for y in range(height)]
            assert min(column) > 200, (lang, x)


@pytest.mark.parametrize("lang", LANGS)
def test_the_guides_page_says_each_pdfs_pages_as_poppler_counts_them(built_site, guides, lang):
    """The label of each PDF's length comes from the built PDF (the Arabic short guide was labelled
    "4 pages" for 2): every link of the guides page, read back against pdfinfo."""
    page = (built_site / ("" if lang == "ar" else "fr/") / "guides" / "index.html").read_text("utf-8")
    found = re.findall(r'href="[^"]*?([^"/]+\.pdf)"[^>]*>[^<]*</a><span class="pdf-pages" data-pdf-pages="([^"]+)">([^<]*)</span>',
                       page)
    assert {name for name, _, _ in found} == {p.name for p in guides.glob("*.pdf")}
    for name, slot, label in found:
        pages = int(pdf.info(guides / name)["Pages"])
        assert slot == name and html.unescape(label) == pdfs.pages_label(pages, lang), (name, pages, label)
    # The words agree with the count in each language's own way (Arabic: one, two, 3-10, 11 and more).
    assert [pdfs.pages_label(n, "ar") for n in (1, 2, 3, 11, 103)] == ["، صفحة واحدة", "، صفحتان", "، 3 صفحات",
                                                                    "، 11 صفحة", "، 103 صفحات"]
    assert pdfs.pages_label(2, "fr") == ", 2 pages"
