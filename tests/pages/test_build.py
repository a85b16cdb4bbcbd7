"""The built site: both languages complete, right direction, nothing loaded from another host."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support.html_resources import LoadedResources

DOCS = ROOT / "docs"


def doc_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if not any(part.startswith("_") for part in p.relative_to(DOCS).parts))


def test_every_page_has_its_twin_in_the_other_language():
    pages = doc_pages()
    assert pages, "no pages found"
    stems = {}
    for p in pages:
        m = re.fullmatch(r"(.+)\.(ar|fr)\.md", str(p.relative_to(DOCS)))
        assert m, f"{p.relative_to(DOCS)} has no language suffix (.ar.md / .fr.md)"
        stems.setdefault(m.group(1), set()).add(m.group(2))
    missing = {stem: {"ar", "fr"} - langs for stem, langs in stems.items() if langs != {"ar", "fr"}}
    assert not missing, f"pages without their twin: {missing}"


def built_pages(site: Path, lang: str) -> list[Path]:
    pages = [p for p in site.rglob("index.html") if "assets" not in p.parts]
    fr = site / "fr"
    return sorted(p for p in pages if (lang == "fr") == (fr in p.parents))


@pytest.mark.parametrize("lang,direction", [("ar", "rtl"), ("fr", "ltr")])
def test_built_pages_carry_their_language_and_direction(built_site, lang, direction):
    pages = built_pages(built_site, lang)
    assert len(pages) >= 10, f"expected every page built in {lang}, got {len(pages)}"
    for p in pages:
        html = p.read_text(encoding="utf-8")
        assert re.search(rf'<html[^>]*\blang="{lang}"', html), f"{p}: lang is not {lang}"
        assert re.search(rf'<body[^>]*\bdir="{direction}"', html), f"{p}: direction is not {direction}"



def test_no_loaded_resource_points_to_another_host(built_site):
    offenders = []
    for p in built_site.rglob("*.html"):
        parser = LoadedResources()
        parser.feed(p.read_text(encoding="utf-8"))
        offenders += [f"{p.relative_to(built_site)}: {u}" for u in parser.urls if re.match(r"^([a-z]+:)?//", u, re.I)]
    assert not offenders, "resources loaded from another host:\n" + "\n".join(offenders[:20])


def test_css_loads_nothing_from_another_host(built_site):
    offenders = []
    for p in built_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", p.read_text(encoding="utf-8", errors="replace")):
            if re.match(r"^([a-z]+:)?//", url, re.I):
                offenders.append(f"{p.relative_to(built_site)}: {url}")
        if "@import" in p.read_text(encoding="utf-8", errors="replace") and "//" in p.read_text(encoding="utf-8"):
            for imp in re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", p.read_text(encoding="utf-8")):
                if re.match(r"^([a-z]+:)?//", imp, re.I):
                    offenders.append(f"{p.relative_to(built_site)}: @import {imp}")
    assert not offenders, "\n".join(offenders)
