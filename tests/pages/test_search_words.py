"""Search in real Chromium finds pages by the words people type (acronyms, Darija), puts the page's own
language first, and says it is loading while its index loads."""
from __future__ import annotations

import json

import pytest

from tests.conftest import page_url_path


def search(page, site_server, lang: str, word: str) -> list[str]:
    page.goto(site_server + page_url_path(lang))
    page.locator('label.md-header__button[for="__search"]').click()
    box = page.locator("input.md-search__input")
    box.fill(word)
    box.press("End")  # Material reacts to keyup; fill() sends none for Arabic
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    return [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]


def lang_of(href: str) -> str:
    return "fr" if "/fr/" in href or href.startswith("fr/") else "ar"


@pytest.mark.parametrize("lang,word,expected", [
    ("ar", "لامو", "amo/"),
    ("ar", "AMO", "amo/"),
    ("ar", "الكارط", "registre/"),
    ("ar", "لاكارط", "registre/"),
    ("ar", "الضمان", "amo/"),
    ("ar", "CNSS", "amo/"),
    ("ar", "CPU", "amo/"),
    ("fr", "CNSS", "amo/"),
    ("fr", "CPU", "amo/"),
    ("fr", "sécurité sociale", "amo/"),
])
def test_people_s_words_find_the_page_in_the_page_s_language(page, context, site_server, lang, word, expected):
    hrefs = search(page, site_server, lang, word)
    assert lang_of(hrefs[0]) == lang, hrefs[:5]
    mine = [h for h in hrefs if lang_of(h) == lang]
    assert any(expected in h for h in mine), hrefs
    # own language first: no page of the other language before the last one of this language
    langs = [lang_of(h) for h in hrefs]
    assert langs == sorted(langs, key=lambda x: x != lang), langs
    assert not context.requests.foreign(), context.requests.foreign()


def test_the_synonyms_are_in_the_built_index_but_never_in_a_result_s_words(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    amo_ar = " ".join(d.get("aliases", "") for d in index["docs"] if d["location"].startswith("amo/"))
    assert "لامو" in amo_ar and "السي إن إس إس" in amo_ar
    assert "aliases" in index["config"]["fields"]
    assert not any("لامو · " in d["text"] or " · AMO" in d["text"] for d in index["docs"])  # the old list


@pytest.mark.parametrize("lang,word,first", [("ar", "السجل", "registre/"), ("fr", "registre", "registre/"),
                                             ("fr", "CNSS", "amo/")])
def test_task_pages_come_first_and_results_show_the_page_s_own_words(page, site_server, lang, word, first):
    hrefs = search(page, site_server, lang, word)
    assert any(task in hrefs[0] for task in (first, "verifier/", "aide/")), hrefs[:5]
    assert not any(w in hrefs[0] for w in ("lexique/", "sources/", "actualites/")), hrefs[:5]
    shown = page.locator(".md-search-result__item").first.inner_text()
    assert " · " not in shown, shown


@pytest.mark.parametrize("lang,loading", [("ar", "لحظة من فضلك"), ("fr", "Initialisation")])
def test_search_says_it_is_loading_until_its_index_is_there(page, site_server, lang, loading):
    held = []
    # Hold the index back, as a slow network would, to see what the box says meanwhile.
    page.route("**/search/search_index.json", lambda route: held.append(route))
    page.goto(site_server + page_url_path(lang))
    page.locator('label.md-header__button[for="__search"]').click()
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("() => true")
    page.wait_for_timeout(500)
    assert loading in meta.inner_text(), meta.inner_text()
    assert held, "the index was not requested on opening search"
    held[0].continue_()
    page.wait_for_function(f"() => !document.querySelector('.md-search-result__meta').textContent.includes({loading!r})",
                           timeout=15_000)
