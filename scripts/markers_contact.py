"""One tap to act: phone numbers as `tel:` links, places as their name with a map search.

Data: `docs/_data/contacts.toml` (only numbers and places a cited source gives; never an address).
Markers, for hand-written pages (documented in docs-dev/pages.md):
  rules:call id=cnss                 a large, labelled call button (tel: link)
  rules:place id=chambre_souss_massa the place's name, a place marker and a map search link
`link_where()` does the same inside the rules' "where" texts, which the content markers render.
"""
from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import Markup, escape

import icons
import render
from markers_content import data, macros, ui

# A search, not an address: the phone's maps app (Android and iOS open this address in it) looks the
# name up. Following the link is the reader's choice; the page itself requests nothing from it.
MAP_SEARCH = "https://www.google.com/maps/search/?api=1&query="


def _phones() -> dict[str, dict]:
    return {p["id"]: p for p in data("contacts")["phone"]}


def _places() -> dict[str, dict]:
    return {p["id"]: p for p in data("contacts")["place"]}


def map_href(place: dict) -> str:
    return MAP_SEARCH + quote(place["query"])


def tel_link(phone: dict) -> Markup:
    """A number inside a sentence, made dialable (kept left-to-right inside Arabic text)."""
    return Markup('<a class="tel" href="tel:{}" dir="ltr">{}</a>').format(phone["tel"], phone["number"])


def map_link(place: dict, lang: str) -> Markup:
    """A map search named after the place it finds («على الخريطة: …»)."""
    return Markup('<a class="map-search" href="{}">{}{}</a>').format(
        map_href(place), icons.for_("places", "map_search"), ui(lang, "map_of", name=place["name"][lang]))


def link_where(text: Markup, lang: str) -> Markup:
    """A rules "where" text (already escaped) with its phone numbers dialable, then a map search for each
    place it names (after the text, which stays whole: the sentence reads as the rules wrote it)."""
    out = str(text)
    for phone in _phones().values():
        out = re.sub(rf"(?<![\d/.]){re.escape(phone['number'])}(?![\d])", str(tel_link(phone)), out, count=1)
    plain = str(escape(text)).casefold()
    found = [map_link(p, lang) for p in _places().values() if str(escape(p["name"][lang])).casefold() in plain]
    if found:
        out += '<span class="map-searches">' + " ".join(str(f) for f in found) + "</span>"
    return Markup(out)


def m_call(lang: str, id: str) -> str:  # noqa: A002  (marker argument name)
    phone = _phones()[id]
    return str(macros().call(f"tel:{phone['tel']}", phone["label"][lang], phone["number"],
                             icons.for_("places", "phone")))


def m_place(lang: str, id: str) -> str:  # noqa: A002
    place = _places()[id]
    return str(macros().place(place["name"][lang], map_href(place), ui(lang, "map_search"),
                              icons.for_("places", "where"), icons.for_("places", "map_search")))


render.MARKERS.update({"call": m_call, "place": m_place})
