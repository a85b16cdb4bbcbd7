"""Every page in both languages, with the same sections and the same figures."""
from __future__ import annotations

import re

import pytest

import checker
from tests.pages.reading import (CITING_SLUGS, CONTENT_SLUGS, SLUGS, article, built_file, figures, load_toml,
                                 measured_figures)


@pytest.mark.parametrize("slug", SLUGS)
def test_page_exists_in_both_languages_with_the_same_heading_structure(built_site, slug):
    ar, fr = (built_file(built_site, lang, slug) for lang in ("ar", "fr"))
    assert ar.is_file() and fr.is_file(), f"/{slug}: missing {'ar' if not ar.is_file() else 'fr'} page"
    levels = {lang: [lvl for lvl, _ in article(built_file(built_site, lang, slug)).headings] for lang in ("ar", "fr")}
    assert levels["ar"] == levels["fr"], (
        f"/{slug}: heading levels differ\n ar: {article(ar).headings}\n fr: {article(fr).headings}")


def source_names() -> set[str]:
    """Figures that a source's title shows in one language only: part of a name written differently
    ("Médias24", «ميدياس 24»), not a claim a reader compares across languages."""
    titles = [(s.title.get("ar"), s.title.get("fr")) for s in checker.load_rules().sources]
    titles += [(s["title"]["ar"], s["title"]["fr"]) for s in load_toml("sources")["source"]]
    return set().union(*(figures(ar) ^ figures(fr) for ar, fr in titles))


@pytest.mark.parametrize("slug", SLUGS)
def test_same_figures_in_both_languages(built_site, slug):
    # The build's own measures (a PDF's page count: «صفحتان», "2 pages") are said in each language's way.
    ar, fr = (figures(article(built_file(built_site, lang, slug)).text) - measured_figures(built_file(built_site, lang, slug))
              for lang in ("ar", "fr"))
    names = source_names()
    assert ar - names == fr - names, f"/{slug}: only in Arabic: {sorted(ar - fr)}; only in French: {sorted(fr - ar)}"


@pytest.mark.parametrize("slug", CONTENT_SLUGS)
def test_page_opens_with_in_brief_and_ends_with_sources_and_verified_date(built_site, slug):
    for lang, brief, sources in (("ar", "باختصار", "المصادر"), ("fr", "En bref", "Sources")):
        page = built_file(built_site, lang, slug).read_text(encoding="utf-8")
        body = page[page.index("<article"):page.index("</article>")]
        art = article(built_file(built_site, lang, slug))
        assert art.chunks[1] == brief, f"/{slug} ({lang}): first block after the title is {art.chunks[1]!r}"
        assert 'class="verified-on"' in body, f"/{slug} ({lang}): no 'last verified' stamp"
        tail = body[body.rindex("</h"):]  # everything after the last heading
        if slug in CITING_SLUGS:
            # Sources close the page, collapsed: one tap opens them, nobody scrolls through them.
            found = re.search(r'<details class="sources">\s*<summary>(.*?)</summary>', tail, re.S)
            assert found and found.group(1).strip() == sources, f"/{slug} ({lang}): sources are not in a closing <details>"
            assert tail.index("<details") < tail.index('class="verified-on"')
            assert body.count("<details") == 1, f"/{slug} ({lang}): one sources block, at the end"


def test_figures_normalise_both_scripts_and_notations():
    assert figures("loi 50-17, 6,37 %, plus de 11 000") == figures("القانون 50.17، 6.37 %، أزيد من 11 ألف")
    assert figures("٣٩٣٩ و 2.21.437") == {"3939", "2.21.437"}
    assert figures("Q4, 1er janvier, le12.ma") == set()
    assert figures("3 ans") != figures("3 mois 4")


def test_only_names_are_left_out_of_the_comparison():
    assert source_names() <= {"24"}, "a source's titles disagree on a figure that is not a name: fix the title"
