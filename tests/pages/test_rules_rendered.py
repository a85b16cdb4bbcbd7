"""The pages show what the rules hold, in both languages: a change in a rule changes the page."""
from __future__ import annotations

import html
import re

import pytest

import checker
from tests.conftest import ROOT
from tests.pages.reading import article, built_file, load_toml

SUCCESS, BLOCKING = ("eligible", "to_enrol"), ("not_eligible", "need_more_info")
RULES = checker.load_rules()


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def page_text(site, lang, slug) -> str:
    return flat(article(built_file(site, lang, slug)).text)


def missing(texts, page: str) -> list[str]:
    return [t for t in texts if flat(t) not in page]


@pytest.mark.parametrize("lang", ("ar", "fr"))
def test_registre_shows_every_rna_condition_and_document(built_site, lang):
    page = page_text(built_site, lang, "registre")
    rna = RULES.scheme_rules("rna")
    # Documents the page says once in its prose (skip=…) instead of under every category.
    md = (ROOT / "docs" / "registre" / f"index.{lang}.md").read_text(encoding="utf-8")
    skipped = {i for m in re.finditer(r"rules:documents[^>]*\bskip=([\w,]+)", md) for i in m.group(1).split(",")}
    docs = {d for r in rna if r.status in SUCCESS for d in r.documents} - skipped
    expected = ([r.label.get(lang) for r in rna if r.status in SUCCESS + BLOCKING]
                + [o.label.get(lang) for o in RULES.outcomes if o.scheme == "rna"]
                + [RULES.get(d).label.get(lang) for d in docs] + [RULES.get(d).where.get(lang) for d in docs])
    assert not missing(expected, page), missing(expected, page)


@pytest.mark.parametrize("lang", ("ar", "fr"))
def test_amo_shows_every_regime_and_the_amount(built_site, lang):
    page = page_text(built_site, lang, "amo")
    expected = [t.get(lang) for o in RULES.outcomes if o.scheme == "amo" for t in (o.label, o.description)]
    expected += [a.label.get(lang) for a in RULES.amounts]
    assert not missing(expected, page), missing(expected, page)
    for a in RULES.amounts:
        value = a.on(RULES.verified_on).value
        assert re.search(rf"\b{int(value)}\b", page), f"amount {value} of {a.id} not shown"


@pytest.mark.parametrize("lang", ("ar", "fr"))
def test_sources_page_lists_every_source_with_its_anchor(built_site, lang):
    path = built_file(built_site, lang, "sources")
    page, art = page_text(built_site, lang, "sources"), article(path)
    titles = [s.title.get(lang) for s in RULES.sources] + [s["title"][lang] for s in load_toml("sources")["source"]]
    assert not missing(titles, page), missing(titles, page)
    ids = [s.id for s in RULES.sources] + [s["id"] for s in load_toml("sources")["source"]]
    assert all(f"src-{i.replace('_', '-')}" in art.ids for i in ids)


@pytest.mark.parametrize("lang", ("ar", "fr"))
def test_lexique_shows_every_term(built_site, lang):
    page = page_text(built_site, lang, "lexique")
    terms = load_toml("glossary")["term"]
    # A note's {figure}s are filled from the rules, as the page fills them (sitebuild/pages.py).
    from sitebuild.pages import _with_figures
    expected = [t["ar"] for t in terms] + [t["fr"] for t in terms] + [_with_figures(t["note"][lang], lang) for t in terms if "note" in t]
    assert len(terms) >= 50 and not missing(expected, page), missing(expected, page)
