"""Rendering shared by the site (MkDocs hook) and the printed guides: one Jinja2 environment."""
from __future__ import annotations

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
