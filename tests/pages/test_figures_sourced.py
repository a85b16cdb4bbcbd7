"""Every figure and law number on the site has a source: the rules or docs/_data/facts.toml."""
from __future__ import annotations

import dataclasses

import pytest

import checker
from tests.pages.reading import (SLUGS, amount_figures, article, built_file, figures, load_toml, measured_figures,
                                 sourced_figures)


@pytest.fixture(scope="module")
def sourced() -> set[str]:
    return sourced_figures(checker.load_rules())


@pytest.mark.parametrize("lang", ("ar", "fr"))
def test_every_figure_on_the_site_has_a_source(built_site, sourced, lang):
    unsourced = {}
    for slug in SLUGS:
        page = built_file(built_site, lang, slug)
        measured = measured_figures(page)  # the build's own measures, not facts
        missing = figures(article(page).text) - sourced - measured
        if missing:
            unsourced[f"/{slug}"] = sorted(missing)
    assert not unsourced, f"figures with no source (add them to docs/_data/facts.toml with their source): {unsourced}"


def test_an_invented_figure_is_caught(sourced):
    # The check must be able to fail: a made-up amount and a made-up law number have no source.
    assert figures("La cotisation est de 147 DH. Voir la loi 12-34.") - sourced == {"147", "12.34"}
    assert not figures("La loi 50-17 ; 135 DH ; 3939.") - sourced


def test_an_amount_is_sourced_by_its_source_not_by_the_rules():
    # Amounts are not taken on trust: the figure must be in a quote of a source the amount cites.
    rules = checker.load_rules()
    assert amount_figures(rules) <= set().union(*(figures(s.quote) | figures(s.title.fr) | figures(s.title.ar)
                                                  | ({str(s.date.day), str(s.date.month), str(s.date.year)} if s.date else set())
                                                  for s in rules.sources))
    assert "135" in amount_figures(rules), "the 2021 amount is quoted by its source"
    unquoted = dataclasses.replace(rules.amounts[0], values=tuple(
        dataclasses.replace(v, value=147) for v in rules.amounts[0].values))
    assert "147" not in amount_figures(dataclasses.replace(rules, amounts=(unquoted,)))


def test_cited_facts_name_their_source_and_confidence():
    known_sources = {s.id for s in checker.load_rules().sources} | {s["id"] for s in load_toml("sources")["source"]}
    for fact in load_toml("facts")["fact"]:
        assert fact["values"] and fact["confidence"] in ("official", "press", "one_source", "project"), fact["id"]
        if fact["confidence"] == "project":
            # Not a fact about the law: the site's own choice, said in words (no file or note to point to).
            assert fact.get("basis") and "source" not in fact, fact["id"]
        else:
            assert fact["source"] in known_sources, f"{fact['id']}: unknown source {fact.get('source')!r}"
            assert fact.get("says"), f"{fact['id']}: say what the figure is"
        assert "row" not in fact, f"{fact['id']}: cite a source by id, not a row of research notes"


def test_page_sources_carry_a_quote_and_an_address():
    """The sources the pages add carry what a reader needs to check them: where, and the passage relied on."""
    for s in load_toml("sources")["source"]:
        if "url" in s:
            assert s["url"].startswith("https://"), s["id"]
        if "quote" in s:
            assert s.get("url") or s.get("outlet"), f"{s['id']}: a quote needs the page it comes from"
            assert 0 < len(s["quote"]) <= 300, f"{s['id']}: a quote is a short passage (300 characters at most)"
