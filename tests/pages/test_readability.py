"""Plain language: no sentence over 30 words on the information pages (legal titles excepted)."""
from __future__ import annotations

import pytest

import checker
from tests.pages.reading import CONTENT_SLUGS, article, built_file, load_toml, long_sentences


def legal_titles() -> list[str]:
    """Legal titles, and the sources' quoted passages: citations, not the site's own prose."""
    rules = checker.load_rules()
    pages = load_toml("sources")["source"]
    return ([s.title.get(lang) for s in rules.sources for lang in ("ar", "fr")]
            + [s["title"][lang] for s in pages for lang in ("ar", "fr")]
            + [s.quote for s in rules.sources] + [s["quote"] for s in pages])


@pytest.mark.parametrize("lang", ("ar", "fr"))
@pytest.mark.parametrize("slug", CONTENT_SLUGS)
def test_no_sentence_over_30_words(built_site, slug, lang):
    found = long_sentences(article(built_file(built_site, lang, slug)).chunks, legal_titles())
    assert not found, f"/{slug} ({lang}): " + "\n".join(f"{n} words: {s}" for n, s in found)


def test_a_long_sentence_is_flagged_and_a_legal_title_is_not():
    long = " ".join(["mot"] * 31) + "."
    assert long_sentences([long], []) and not long_sentences([long], [long])
    assert not long_sentences(["Court. " * 40], [])
