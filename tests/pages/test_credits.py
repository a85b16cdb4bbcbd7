"""Third-party code and fonts the site ships are credited with their licences: a page in each
language and site/credits.txt, from one data file, with the versions actually shipped."""
from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ROOT

SHIPPED = ["Pyodide", "CPython", "Material for MkDocs", "lunr", "Workbox", "Noto"]


@pytest.mark.parametrize("path", ["credits/index.html", "fr/credits/index.html"])
def test_the_credits_page_names_each_shipped_component_and_its_licence(built_site, path):
    html = (built_site / path).read_text(encoding="utf-8")
    for name in SHIPPED:
        assert name in html, f"{path}: {name} not credited"
    for licence in ("MPL-2.0", "PSF-2.0", "MIT", "OFL-1.1", "Apache-2.0"):
        assert licence in html, f"{path}: licence {licence} missing"
    pyodide = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text(encoding="utf-8"))["version"]
    assert pyodide in html, "the credited Pyodide version is not the shipped one"


def test_credits_txt_lists_the_same_components(built_site):
    text = (built_site / "credits.txt").read_text(encoding="utf-8")
    for name in SHIPPED:
        assert name in text
    assert len(re.findall(r"^  licence: \S+", text, re.M)) >= len(SHIPPED)


def test_every_page_links_to_the_credits_from_the_navigation(built_site):
    for path, href in [("index.html", "credits/"), ("fr/index.html", "credits/")]:
        assert f'href="{href}"' in (built_site / path).read_text(encoding="utf-8"), path
