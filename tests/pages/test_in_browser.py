"""A real browser (Debian Chromium) on the served site: direction, language switch, search, no
request leaving the machine. Screenshots at phone width go to test-artifacts/."""
from __future__ import annotations

import pytest

from tests.conftest import page_url_path, screenshot


@pytest.mark.parametrize("lang,direction", [("ar", "rtl"), ("fr", "ltr")])
def test_home_shows_in_its_language_and_direction(page, context, site_server, lang, direction):
    page.goto(site_server + page_url_path(lang))
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == direction
    screenshot(page, f"home-{lang}")
    assert not context.requests.foreign(), context.requests.foreign()


@pytest.mark.parametrize("start,target", [("ar", "fr"), ("fr", "ar")])
def test_language_switch_lands_on_the_same_page(page, context, site_server, start, target):
    page.goto(site_server + page_url_path(start, "registre/"))
    page.locator(f'a.md-select__link[hreflang="{target}"]').first.click()
    page.wait_for_load_state()
    assert page.url == site_server + page_url_path(target, "registre/")
    assert page.evaluate("document.documentElement.lang") == target
    assert not context.requests.foreign(), context.requests.foreign()


@pytest.mark.parametrize("lang,word,expected_path", [
    ("ar", "المعجم", "lexique/"),
    ("fr", "Lexique", "lexique/"),
])
def test_search_finds_a_word_in_each_language(page, context, site_server, lang, word, expected_path):
    page.goto(site_server + page_url_path(lang))
    page.locator('label.md-header__button[for="__search"]').click()
    box = page.locator("input.md-search__input")
    box.fill(word)
    box.press("End")  # Material reacts to keyup; fill() sends none for Arabic
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
    assert any(expected_path in h for h in hrefs), hrefs
    screenshot(page, f"search-{lang}")
    assert not context.requests.foreign(), context.requests.foreign()
