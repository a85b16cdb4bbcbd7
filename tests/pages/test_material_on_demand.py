"""Material's bundle.js on first use (overrides/assets/javascripts/material-on-demand.js), in Debian
Chromium at 360 px: the pages look the same without it; the menu, the language link and the light/dark
switch work without it; the search button loads it and then opens the search; keyboard paths kept."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests.conftest import PHONE, assert_same_pixels, page_url_path, screenshot

LOADER = re.compile(r'<script src="([^"]*material-on-demand\.[0-9a-f]{12}\.js)" data-bundle="([^"]+)"></script>')


def bundle_requests(page) -> list[str]:
    """The page's own downloads of Material's bundle (the service worker's precache is another matter)."""
    return page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/bundle.'))")


def wait_for_bundle(page) -> None:
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('/bundle.'))")


def with_bundle_at_once(route):
    """The page as Material ships it: its bundle loaded by the page itself, before our loader."""
    response = route.fetch()
    html = response.text()
    m = LOADER.search(html)
    assert m, "no loader script with data-bundle in the page"
    route.fulfill(response=response, body=html.replace(m.group(0), f'<script src="{m.group(2)}"></script>' + m.group(0)))


def shot(browser, url: str, bundle_at_once: bool) -> Image.Image:
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        if bundle_at_once:
            page.route(url, with_bundle_at_once)
        page.emulate_media(color_scheme="light")
        page.goto(url)
        page.wait_for_load_state("load")
        if bundle_at_once:
            wait_for_bundle(page)
        page.wait_for_timeout(300)  # Material's components mount in the frames after load
        return Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    finally:
        ctx.close()


@pytest.mark.parametrize("lang,slug", [("ar", ""), ("fr", "amo/"), ("ar", "sources/"), ("fr", "verifier/")])
def test_a_page_looks_the_same_without_materials_bundle(browser, site_server, lang, slug):
    url = site_server + page_url_path(lang, slug)
    name = f"{lang}-{slug.strip('/') or 'home'}"
    assert_same_pixels({f"without-bundle-{name}": shot(browser, url, False),
                        f"with-bundle-{name}": shot(browser, url, True)}, url)


def test_a_page_loads_no_bundle_until_asked(page, context, site_server):
    page.goto(site_server + page_url_path("fr", "amo/"))
    page.wait_for_load_state("load")
    page.mouse.wheel(0, 800)
    page.wait_for_timeout(300)
    assert not bundle_requests(page)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_menu_opens_without_the_bundle_and_leads_to_a_page(page, context, site_server, lang):
    page.goto(site_server + page_url_path(lang, "amo/"))
    page.route("**/bundle.*.js", lambda route: route.abort())  # a weak signal: the bundle never comes
    page.tap('label.md-header__button[for="__drawer"]')
    assert page.evaluate("document.getElementById('__drawer').checked")
    link = page.locator(".md-sidebar--primary .md-nav__link[href$='lexique/']").first
    link.wait_for(state="visible")
    page.wait_for_function("""() => { const r = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
        return r.left >= 0 && r.right <= innerWidth; }""")  # the drawer's slide has ended
    box = link.bounding_box()
    assert box and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], box
    screenshot(page, f"menu-without-bundle-{lang}")
    link.tap()
    page.wait_for_url("**/lexique/")


def test_the_menu_tap_loads_the_bundle_for_later(page, context, site_server):
    page.goto(site_server + page_url_path("fr", "amo/"))
    page.tap('label.md-header__button[for="__drawer"]')
    wait_for_bundle(page)
    assert len(bundle_requests(page)) == 1


@pytest.mark.parametrize("start,target", [("ar", "fr"), ("fr", "ar")])
def test_the_language_link_works_without_the_bundle(page, context, site_server, start, target):
    page.goto(site_server + page_url_path(start, "registre/"))
    page.tap(f'a.md-select__link[hreflang="{target}"]')
    page.wait_for_url(site_server + page_url_path(target, "registre/"))
    assert page.evaluate("document.documentElement.lang") == target
    assert not bundle_requests(page)


@pytest.mark.parametrize("lang,word,expected_path", [("ar", "المعجم", "lexique/"), ("fr", "Lexique", "lexique/")])
def test_the_search_button_loads_the_bundle_then_searches(page, context, site_server, lang, word, expected_path):
    page.goto(site_server + page_url_path(lang))
    page.wait_for_load_state("load")
    assert not bundle_requests(page)
    page.tap('label.md-header__button[for="__search"]')
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('input.md-search__input')")
    assert len(bundle_requests(page)) == 1
    box = page.locator("input.md-search__input")
    box.fill(word)
    box.press("End")  # Material reacts to keyup; fill() sends none for Arabic
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
    assert any(expected_path in h for h in hrefs), hrefs


def test_words_typed_before_the_bundle_came_are_searched(page, site_server):
    page.goto(site_server + page_url_path("fr"))
    release = []
    page.route("**/bundle.*.js", lambda route: release.append(route))  # held back: a slow link
    page.tap('label.md-header__button[for="__search"]')
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.type("Lexique")
    assert release, "the search button did not ask for the bundle"
    release[0].continue_()
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_keyboard_reaches_menu_and_search_and_opens_them(browser, site_server, lang):
    ctx = browser.new_context(viewport=PHONE)
    page = ctx.new_page()
    page.goto(site_server + page_url_path(lang, "amo/"))
    page.wait_for_load_state("load")
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("""() => { const e = document.activeElement;
            return e && e.matches('label[for]') ? e.getAttribute('for') : e && e.tagName; }"""))
        if reached[-1] == "__search":
            break
    assert "__drawer" in reached and reached[-1] == "__search", reached
    # Named for screen readers, as buttons.
    assert page.get_by_role("button", name=page.locator('label.md-header__button[for="__search"]').get_attribute("aria-label")).count() == 1
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('input.md-search__input')")
    assert page.evaluate("document.getElementById('__search').checked")
    ctx.close()


def test_the_slash_key_opens_the_search(page, site_server):
    page.goto(site_server + page_url_path("fr", "amo/"))
    page.wait_for_load_state("load")
    page.keyboard.press("/")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('input.md-search__input')")
    assert page.evaluate("document.getElementById('__search').checked")


def test_the_light_dark_switch_works_without_the_bundle_and_is_kept(page, context, site_server):
    page.emulate_media(color_scheme="light")
    page.goto(site_server + page_url_path("fr", "amo/"))
    page.locator(".md-footer .md-palette-switch__label:visible").tap()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert not bundle_requests(page)
    page.goto(site_server + page_url_path("fr", "registre/"))
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"  # Material's head script
    assert page.locator(".md-footer .md-palette-switch__label:visible").count() == 1
    assert not bundle_requests(page)
