"""`<!-- rules:NAME key=value … -->` markers: the one table of every marker, and their expansion.

The site hook (hooks.py) and the printed guides (pdfs.py) expand markers through `expand_markers`,
so a page says the same on screen and on paper. A new marker is one function and one line below.
"""
from __future__ import annotations

import re
from typing import Callable

from sitebuild import checker_page, credits, guides_page, pages


class UnknownMarker(KeyError):
    pass


# name -> function(lang, **args) -> Markdown/HTML text.
MARKERS: dict[str, Callable[..., str]] = {
    "conditions": pages.m_conditions,
    "obstacles": pages.m_obstacles,
    "documents": pages.m_documents,
    "steps": pages.m_steps,
    "regimes": pages.m_regimes,
    "notes": pages.m_notes,
    "amount": pages.m_amount,
    "figure": pages.m_figure,     # a threshold or amount a rule holds, inside a sentence
    "question-count": pages.m_question_count,
    "cite": pages.m_cite,
    "sources": pages.m_sources,
    "glossary": pages.m_glossary,
    "verified-on": pages.m_verified_on,
    "checker-start": checker_page.checker_start,
    "checker-form": checker_page.checker_form,
    "guides": guides_page.guides_list,
    "call": pages.m_call,         # a large tel: button (docs/_data/contacts.toml)
    "place": pages.m_place,       # a place's name and a map search, never an invented address
    "chamber": pages.m_chamber,   # the deploying chamber's own details (chamber.toml), or why none
    "credits": credits.m_credits,
}


def marker(name: str, *, lang: str, **args: str) -> str:
    try:
        fn = MARKERS[name]
    except KeyError:
        raise UnknownMarker(f"unknown marker rules:{name} (known: {', '.join(sorted(MARKERS)) or 'none'})") from None
    return fn(lang=lang, **args)


# `<!-- rules:NAME key=value … -->` in a page's Markdown; the site hook and the printed guides expand it.
MARKER = re.compile(r"<!--\s*rules:(?P<name>[a-z][a-z0-9_-]*)(?P<args>(?:\s+[a-z_]+=[^\s>]+)*)\s*-->")


def expand_markers(markdown: str, *, lang: str) -> str:
    """Every marker replaced by what it renders in `lang` (UnknownMarker for a name not in MARKERS)."""
    def expand(match: re.Match) -> str:
        args = dict(a.split("=", 1) for a in match.group("args").split())
        return marker(match.group("name"), lang=lang, **args)

    return MARKER.sub(expand, markdown)
