"""Every figure and law number on the site has a source: the rules or docs/_data/facts.toml."""
from __future__ import annotations

import pytest

import checker
from tests.pages.reading import SLUGS, article, built_file, figures, load_toml, sourced_figures


@pytest.fixture(scope="module")
def sourced() -> set[str]:
    return sourced_figures(checker.load_rules())


@pytest.mark.parametrize("lang", ("ar", "fr"))
def test_every_figure_on_the_site_has_a_source(built_site, sourced, lang):
    unsourced = {}
    for slug in SLUGS:
        missing = figures(article(built_file(built_site, lang, slug)).text) - sourced
        if missing:
            unsourced[f"/{slug}"] = sorted(missing)
    assert not unsourced, f"figures with no source (add them to docs/_data/facts.toml with their source): {unsourced}"


def test_an_invented_figure_is_caught(sourced):
    # The check must be able to fail: a made-up amount and a made-up law number have no source.
    assert figures("La cotisation est de 147 DH. Voir la loi 12-34.") - sourced == {"147", "12.34"}
    assert not figures("La loi 50-17 ; 135 DH ; 3939.") - sourced


def test_cited_facts_name_their_source_and_confidence():
    known_sources = {s.id for s in checker.load_rules().sources} | {s["id"] for s in load_toml("sources")["source"]}
    for fact in load_toml("facts")["fact"]:
        assert fact["values"] and fact["row"] and fact["confidence"] in ("official", "press", "one_source", "project")
        if fact["confidence"] != "project":
            assert fact["source"] in known_sources, f"{fact['id']}: unknown source {fact['source']!r}"
