"""Rendering shared by the site (MkDocs hook) and the printed guides: one Jinja2 environment."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import jinja2

LANGS = ("ar", "fr")
TEMPLATES = Path(__file__).parent / "templates"

env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


class UnknownMarker(KeyError):
    pass


# name -> function(lang, **args) -> Markdown/HTML text; filled in by the modules that own each marker.
MARKERS: dict[str, Callable[..., str]] = {}


def marker(name: str, *, lang: str, **args: str) -> str:
    try:
        fn = MARKERS[name]
    except KeyError:
        raise UnknownMarker(f"unknown marker rules:{name} (known: {', '.join(sorted(MARKERS)) or 'none'})") from None
    return fn(lang=lang, **args)


# `<!-- rules:NAME key=value … -->` in a page's Markdown; the site hook and the printed guides expand it.
MARKER = re.compile(r"<!--\s*rules:(?P<name>[a-z][a-z0-9_-]*)(?P<args>(?:\s+[a-z_]+=[^\s>]+)*)\s*-->")


def expand_markers(markdown: str, *, lang: str) -> str:
    """Every marker replaced by what it renders in `lang` (UnknownMarker for a name nobody registered)."""
    def expand(match: re.Match) -> str:
        args = dict(a.split("=", 1) for a in match.group("args").split())
        return marker(match.group("name"), lang=lang, **args)

    return MARKER.sub(expand, markdown)
