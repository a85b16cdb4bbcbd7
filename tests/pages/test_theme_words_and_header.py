"""The theme's own words and header: Material's Arabic strings corrected (no misspelling, no English),
the language switch a text link to the same page, the light/dark switch out of the header, the site
title whole on a 360-px phone."""
from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from tests.conftest import ROOT, page_url_path
from tests.pages.reading import SLUGS, built_file

MATERIAL_LANGS = Path(material.__file__).parent / "templates" / "partials" / "languages"
OVERRIDE = ROOT / "overrides" / "partials" / "languages" / "ar.html"
# Material's Arabic misspellings and calques, and the English labels the config used to show.
WRONG = ["إختر", "إبحث", "تم النسخ الى", "عنوان العارضة", "هامش سفلي", "اكتب لبدء البحث", ">Dark<", ">Light<",
         'aria-label="Dark"', 'aria-label="Light"', 'title="Dark"', 'title="Light"']


def keys(path: Path) -> set[str]:
    return set(re.findall(r'^\s*"([a-z.]+)":', path.read_text(encoding="utf-8"), re.M))


def test_the_arabic_override_has_every_word_material_shows():
    # search.config.* are search settings, not words: left to Material's fallback as before.
    missing = {k for k in keys(MATERIAL_LANGS / "en.html") if not k.startswith("search.config.")} - keys(OVERRIDE)
    assert not missing, f"Material shows these in English on Arabic pages: {sorted(missing)}"


@pytest.mark.parametrize("slug", SLUGS)
def test_arabic_pages_carry_no_misspelt_or_english_theme_words(built_site, slug):
    html = built_file(built_site, "ar", slug).read_text(encoding="utf-8")
    assert not [w for w in WRONG if w in html]
    assert "اختر اللغة" in html or "ابحث" in html


@pytest.mark.parametrize("lang,other,name", [("ar", "fr", "Français"), ("fr", "ar", "العربية")])
def test_header_links_the_same_page_in_the_other_language_by_name(built_site, lang, other, name):
    for slug in SLUGS:
        html = built_file(built_site, lang, slug).read_text(encoding="utf-8")
        header = html.split("<header", 1)[1].split("</header>", 1)[0]
        links = re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)"[^>]*>([^<]+)</a>', header)
        assert [(h, t.strip()) for _, h, t in links] == [(other, name)], (slug, links)
        href = links[0][0]
        base = built_site if href.startswith("/") else built_file(built_site, lang, slug).parent
        target = (base / href.lstrip("/")).resolve() / "index.html"
        assert target == built_file(built_site, other, slug).resolve(), (slug, links[0][0])
        assert "md-select" not in header.replace("md-select__link", "") and 'data-md-component="palette"' not in header


def test_head_is_materials_own_without_its_language_alternates(built_site):
    # Material's head block is extended, not copied; its <link rel="alternate"> tags would make Material
    # fetch a sitemap.xml beside each twin (404s), so the build takes them out of every page, 404s included.
    pages = [p for p in built_site.rglob("*.html") if "/verifier/" not in p.as_posix()[len(str(built_site)):]]
    pages += [built_site / "verifier" / "0" / "index.html", built_site / "fr" / "verifier" / "211" / "index.html"]
    assert len(pages) > 20
    for path in pages:
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        assert 'rel="alternate"' not in head, path
        assert '<meta name="theme-color"' in head and '<meta name="viewport"' in head, path
    # The 404s' language link (absolute: the server sends them at any depth) leads to the other home.
    for path, link in ((built_site / "404.html", '<a href="/fr/" hreflang="fr"'),
                       (built_site / "fr" / "404.html", '<a href="/" hreflang="ar"')):
        assert link in path.read_text(encoding="utf-8").split("</header>", 1)[0], path


@pytest.mark.parametrize("lang", ("ar", "fr"))
def test_site_title_is_whole_on_a_phone(page, site_server, lang):
    page.goto(site_server + page_url_path(lang, "registre/"))
    title = page.locator(".md-header__topic:first-child .md-ellipsis")
    assert title.is_visible()
    cut = title.evaluate("e => e.scrollWidth > e.clientWidth + 1")
    assert not cut, title.inner_text()
    header = page.locator(".md-header").bounding_box()
    assert header["height"] <= 64, header  # wrapping may not push the header over the content


@pytest.mark.parametrize("lang,words", [("ar", ("الوضع الداكن", "الوضع الفاتح")), ("fr", ("Mode sombre", "Mode clair"))])
def test_light_dark_switch_in_the_footer_says_what_it_does(page, site_server, lang, words):
    page.emulate_media(color_scheme="light")
    page.goto(site_server + page_url_path(lang))
    switch = page.locator(".md-footer .md-palette-switch__label:visible")
    assert switch.inner_text().strip() == words[0]
    switch.click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert page.locator(".md-footer .md-palette-switch__label:visible").inner_text().strip() == words[1]
