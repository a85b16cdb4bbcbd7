"""Every page in both languages, with the same sections and the same figures."""
from __future__ import annotations

import pytest

from tests.pages.reading import CONTENT_SLUGS, SLUGS, article, built_file, figures


@pytest.mark.parametrize("slug", SLUGS)
def test_page_exists_in_both_languages_with_the_same_heading_structure(built_site, slug):
    ar, fr = (built_file(built_site, lang, slug) for lang in ("ar", "fr"))
    assert ar.is_file() and fr.is_file(), f"/{slug}: missing {'ar' if not ar.is_file() else 'fr'} page"
    levels = {lang: [lvl for lvl, _ in article(built_file(built_site, lang, slug)).headings] for lang in ("ar", "fr")}
    assert levels["ar"] == levels["fr"], (
        f"/{slug}: heading levels differ\n ar: {article(ar).headings}\n fr: {article(fr).headings}")


@pytest.mark.parametrize("slug", SLUGS)
def test_same_figures_in_both_languages(built_site, slug):
    ar, fr = (figures(article(built_file(built_site, lang, slug)).text) for lang in ("ar", "fr"))
    assert ar == fr, f"/{slug}: only in Arabic: {sorted(ar - fr)}; only in French: {sorted(fr - ar)}"


@pytest.mark.parametrize("slug", CONTENT_SLUGS)
def test_page_opens_with_in_brief_and_ends_with_sources_and_verified_date(built_site, slug):
    for lang, brief in (("ar", "باختصار"), ("fr", "En bref")):
        html = built_file(built_site, lang, slug).read_text(encoding="utf-8")
        art = article(built_file(built_site, lang, slug))
        assert art.chunks[1] == brief, f"/{slug} ({lang}): first block after the title is {art.chunks[1]!r}"
        assert 'class="verified-on"' in html, f"/{slug} ({lang}): no 'last verified' stamp"
        assert art.headings[-1][1] in ("المصادر", "Sources"), f"/{slug} ({lang}): last section is {art.headings[-1]}"


def test_figures_normalise_both_scripts_and_notations():
    assert figures("loi 50-17, 6,37 %, plus de 11 000") == figures("القانون 50.17، 6.37 %، أزيد من 11 ألف")
    assert figures("٣٩٣٩ و 2.21.437") == {"3939", "2.21.437"}
    assert figures("Q4, 1er janvier, le12.ma") == set()
    assert figures("3 ans") != figures("3 mois 4")
