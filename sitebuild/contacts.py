"""One tap to act: phone numbers as `tel:` links, places as their name with a map search.

The data is `docs/_data/contacts.toml` (only numbers and places a cited source gives; never an
address); the markers that use it (`rules:call`, `rules:place`, and the "where" lines of the rules)
live in pages.py. This module only turns entries into links, so it needs nothing from the build.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from sitebuild import icons

# A search, not an address: the phone's maps app (Android and iOS open this address in it) looks the
# name up. Following the link is the reader's choice; the page itself requests nothing from it.
MAP_SEARCH = "https://www.google.com/maps/search/?api=1&query="


def map_href(place: dict[str, Any]) -> str:
    return MAP_SEARCH + quote(place["query"])


def tel_link(phone: dict[str, Any]) -> Markup:
    """A number inside a sentence, made dialable (kept left-to-right inside Arabic text)."""
    return Markup('<a class="tel" href="tel:{}" dir="ltr">{}</a>').format(phone["tel"], phone["number"])


def map_link(place: dict[str, Any], label: str) -> Markup:
    """A map search whose words name the place it finds («على الخريطة: …»)."""
    return Markup('<a class="map-search" href="{}">{}{}</a>').format(
        map_href(place), icons.for_("places", "map_search"), label)


def link_where(text: Markup, lang: str, contacts: dict[str, list[dict[str, Any]]], map_of: str) -> Markup:
    """A "where" text (already escaped) with its phone numbers dialable, then a map search for each place
    it names. The text itself stays whole: the sentence reads as the rules wrote it."""
    out = str(text)
    for phone in contacts["phone"]:
        out = re.sub(rf"(?<![\d/.]){re.escape(phone['number'])}(?![\d])", str(tel_link(phone)), out, count=1)
    plain = str(escape(text)).casefold()
    found = [map_link(p, map_of.format(name=p["name"][lang])) for p in contacts["place"]
             if str(escape(p["name"][lang])).casefold() in plain]
    if found:
        out += '<span class="map-searches">' + " ".join(str(f) for f in found) + "</span>"
    return Markup(out)
