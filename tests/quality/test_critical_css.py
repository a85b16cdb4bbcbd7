"""The entry pages (/, /fr/, /verifier/, /fr/verifier/) paint with no render-blocking request: their
first screen's CSS is inline (sitebuild/postbuild/critical_css.py), trimmed to the rules their elements
use, and the whole stylesheets load off the render path. In Chromium at 360 px, the inline rules alone
draw the page as the whole stylesheets do (light and dark, menu open)."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from sitebuild.postbuild import critical_css
from tests.conftest import PHONE, assert_same_pixels

ENTRY = ["/", "/fr/", "/verifier/", "/fr/verifier/"]
LATER = re.compile(r'<link rel="stylesheet" href="([^"]+)" media="print" data-later>')


def head_of(built_site, path: str) -> str:
    html = (built_site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
    return re.sub(r"<noscript>.*?</noscript>", "", html.split("</head>", 1)[0], flags=re.S)


@pytest.mark.parametrize("path", ENTRY)
def test_an_entry_page_has_no_render_blocking_request(built_site, path):
    head = head_of(built_site, path)
    blocking_css = [t for t in re.findall(r"<link[^>]*>", head) if 'rel="stylesheet"' in t and 'media="print"' not in t]
    blocking_js = [t for t in re.findall(r"<script[^>]*>", head)
                   if " src=" in t and not re.search(r"\b(defer|async)\b|type=\"module\"", t)]
    assert not blocking_css and not blocking_js, (blocking_css, blocking_js)
    assert head.count("<style data-critical>") == 1
    assert len(LATER.findall(head)) >= 3  # Material's stylesheet, its palette and ours, for later


@pytest.mark.parametrize("path", ENTRY)
def test_the_inline_css_is_trimmed_to_what_the_page_uses(built_site, path):
    head = head_of(built_site, path)
    css = re.search(r"<style data-critical>(.*?)</style>", head, re.S).group(1)
    whole = sum((built_site / path.lstrip("/") / href).resolve().stat().st_size for href in LATER.findall(head))
    assert len(css) < whole * 0.45, (len(css), whole)
    assert ".md-header{" in css and "[data-md-color-scheme=slate]" in css  # the header, the dark palette
    assert ".md-source" not in css and ".tabbed-set" not in css  # no repository link, no tabs on these pages


def test_the_matching_keeps_every_state_of_a_used_element():
    page = critical_css.Page('<html><body data-md-color-scheme="default"><label class="b" for="x"></label>'
                             '<p class="c">x</p></body></html>')
    assert page.uses(".b:hover") and page.uses(".b:focus-visible::after") and page.uses("[data-md-color-scheme=slate] .c")
    assert not page.uses(".d:hover") and not page.uses(".b > .c")


@pytest.mark.parametrize("selector", ["[for=x]:not(:checked) ~ .c", "label ~ p", "label + .c", "body > .c::before",
                                      "body >  .c", "[data-md-color-scheme] .c:hover"])
def test_the_matching_reads_combinators_written_with_spaces(selector):
    # Material's minified CSS writes `a~b`, ours `a ~ b`: both are the same rule (the closed drawer's
    # `visibility: hidden` was once dropped for its spaces, and Tab walked through the hidden menu).
    page = critical_css.Page('<html><body data-md-color-scheme="default"><label class="b" for="x"></label>'
                             '<p class="c">x</p></body></html>')
    assert page.uses(selector)
    assert not page.uses(selector.replace(".c", ".d").replace(" p", " .d"))


def shot(browser, url: str, only_inline: bool, dark: bool, menu: bool) -> Image.Image:
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True,
                              color_scheme="dark" if dark else "light", service_workers="block")
    try:
        page = ctx.new_page()
        if only_inline:  # the whole stylesheets never come: the inline rules alone
            page.route(re.compile(r".*\.css$"), lambda route: route.abort())
        else:  # the whole stylesheets, blocking, as before this step; no inline rules
            def blocking(route):
                response = route.fetch()
                html = re.sub(r"<style data-critical>.*?</style>", "", response.text(), flags=re.S)
                route.fulfill(response=response, body=LATER.sub(r'<link rel="stylesheet" href="\1">', html))
            page.route(url, blocking)
        page.goto(url, wait_until="load")
        if menu:
            page.tap('label.md-header__button[for="__drawer"]')
            page.wait_for_function("""() => { const r = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
                return r.left >= 0 && r.right <= innerWidth; }""")
        page.wait_for_timeout(400)  # transitions of the drawer's overlay
        return Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    finally:
        ctx.close()


@pytest.mark.parametrize("path,dark,menu", [("/", False, False), ("/fr/", True, False), ("/fr/", False, True),
                                            ("/verifier/", False, False), ("/fr/verifier/", True, True)])
def test_the_inline_css_alone_draws_the_page_as_the_whole_stylesheets(browser, site_server, path, dark, menu):
    url = site_server + path
    name = f"{path.strip('/').replace('/', '-') or 'home'}-{'dark' if dark else 'light'}{'-menu' if menu else ''}"
    assert_same_pixels({f"critical-inline-{name}": shot(browser, url, True, dark, menu),
                        f"critical-whole-{name}": shot(browser, url, False, dark, menu)}, url)


# The focused element's box (a visually hidden radio button shows its focus on the label after it, as
# Material's light/dark switch does).
FOCUS = """() => { const el = document.activeElement;
  const next = el.nextElementSibling, hidden = el.getBoundingClientRect().width === 0;
  const shown = hidden && next && next.tagName === 'LABEL' ? next : el;
  const r = shown.getBoundingClientRect();
  return {inside: r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight && r.width > 0,
          start: el.hasAttribute('data-start'), what: el.outerHTML.slice(0, 80)}; }"""


@pytest.mark.parametrize("path", ENTRY)
def test_tab_reaches_only_what_is_on_screen_before_the_whole_stylesheets_arrive(browser, site_server, path):
    # A keyboard on a slow phone may press Tab before the whole stylesheets come: the inline rules alone
    # keep the closed menu and the closed search's results out of its way.
    ctx = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        page = ctx.new_page()
        page.route(re.compile(r".*\.css$"), lambda route: route.abort())
        page.goto(site_server + path, wait_until="load")
        for _ in range(12):  # the header's stops, then the page's own first links
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS)
            assert focus["inside"], f"{path}: Tab reached something off screen: {focus['what']}"
    finally:
        ctx.close()
