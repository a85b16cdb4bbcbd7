"""Every content page paints with no render-blocking request: the CSS its first screen needs is inline
(sitebuild/postbuild/critical_css.py), one block for all pages, trimmed to the rules their elements use
and to the custom properties those rules read, and the whole stylesheets load off the render path. In
Chromium at 360 px, the inline rules alone draw a page as the whole stylesheets do (light and dark,
menu open). Beside each page, the copy a phone keeps (index.kept.html) links its stylesheets instead:
the service worker precaches that one (tests/deploy/test_kept_pages.py)."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from sitebuild.postbuild import critical_css, page_weight
from tests.conftest import PHONE, assert_same_pixels

SOME_PAGES = ["/", "/fr/", "/verifier/", "/fr/verifier/", "/amo/", "/fr/registre/"]  # the entry pages and two of the heaviest
LATER = re.compile(r'<link rel="stylesheet" href="([^"]+)" media="print" data-later>')
INLINE = re.compile(r"<style data-critical>(.*?)</style>", re.S)


def head_of(built_site, path: str) -> str:
    html = (built_site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
    return re.sub(r"<noscript>.*?</noscript>", "", html.split("</head>", 1)[0], flags=re.S)


def test_no_content_page_has_a_render_blocking_request(built_site):
    pages = page_weight.content_pages(built_site)
    assert len(pages) > 20 and "/fr/amo/" in pages and "/sources/" in pages
    blocking = {}
    for path in pages:
        head = head_of(built_site, path)
        css = [t for t in re.findall(r"<link[^>]*>", head) if 'rel="stylesheet"' in t and 'media="print"' not in t]
        js = [t for t in re.findall(r"<script[^>]*>", head)
              if " src=" in t and not re.search(r"\b(defer|async)\b|type=\"module\"", t)]
        if css or js or head.count("<style data-critical>") != 1 or len(LATER.findall(head)) < 3:
            blocking[path] = (css, js)  # Material's stylesheet, its palette and ours come later
    assert not blocking


def test_pages_that_link_the_same_stylesheets_have_the_same_inline_block(built_site):
    """One block for them all (and one for the checker's start pages, which add the checker's
    stylesheet), so two hashes in the policy every response carries (tests/quality/test_csp.py)."""
    blocks: dict[frozenset, set] = {}
    for p in page_weight.content_pages(built_site):
        head = head_of(built_site, p)
        sheets = frozenset(href.rsplit("/", 1)[-1] for href in LATER.findall(head))
        blocks.setdefault(sheets, set()).add(INLINE.search(head).group(1))
    assert {len(b) for b in blocks.values()} == {1} and len(blocks) == 2, {k: len(b) for k, b in blocks.items()}


def test_the_kept_copy_is_the_page_with_its_stylesheets_linked(built_site):
    for path in page_weight.content_pages(built_site):
        page = page_weight.page_file(built_site, path)
        html, kept = page.read_text(encoding="utf-8"), (page.parent / critical_css.KEPT_NAME).read_text(encoding="utf-8")
        head, kept_head = html.split("</head>", 1)[0], kept.split("</head>", 1)[0]
        assert "<style data-critical>" not in kept and "data-later" not in kept, path
        linked = re.findall(r'<link rel="stylesheet" href="([^"]+)">', re.sub(r"<noscript>.*?</noscript>", "", kept_head))
        assert linked == LATER.findall(head), path
        assert html.split("</head>", 1)[1] == kept.split("</head>", 1)[1], f"{path}: the body differs"


@pytest.mark.parametrize("path", ["/", "/fr/amo/", "/verifier/"])
def test_the_inline_css_is_trimmed_to_what_the_pages_use(built_site, path):
    head = head_of(built_site, path)
    css = INLINE.search(head).group(1)
    whole = sum((built_site / path.lstrip("/") / href).resolve().stat().st_size for href in LATER.findall(head))
    assert len(css) < whole * 0.45, (len(css), whole)
    assert ".md-header{" in css and "[data-md-color-scheme=slate]" in css  # the header, the dark palette
    assert ".md-source" not in css and ".tabbed-set" not in css  # no repository link, no tabs on this site
    # Material's icons for what the site does not use (its version menu, the repository's forks):
    # declared in :root by the whole stylesheet, read by no rule kept here.
    assert "--md-version-icon" not in css and "--md-source-forks-icon" not in css
    assert "--md-typeset-color:" in css and "var(--md-typeset-color)" in css


def test_the_kept_copy_undoes_the_inlining_exactly():
    html = ('<html><head><meta charset="utf-8">\n<link rel="stylesheet" href="a.css">\n'
            '<link rel="stylesheet" href="b.css">\n<script>x</script></head><body><p>x</p></body></html>')
    links = list(critical_css.BLOCKING.finditer(html))
    inlined = critical_css._inlined(html, links, "p{color:red}")
    assert "<style data-critical>p{color:red}</style>" in inlined and critical_css.kept_copy(inlined) == html
    with pytest.raises(ValueError):
        critical_css.kept_copy(html)


def test_our_own_stylesheet_is_kept_whole():
    """Its rules for what Material's JavaScript adds (a table wrapped twice) match no built page."""
    page = '<html><body><div class="md-typeset__table"><table></table></div></body></html>'
    ours = ".md-typeset__table .md-typeset__table{margin:0}"
    assert critical_css.critical([page], [(ours, True)]) == ours
    assert critical_css.critical([page], [(ours, False)]) == ""
    assert critical_css.KEPT_WHOLE.search("../assets/stylesheets/extra.8879fbb83679.css")


def test_a_custom_property_goes_only_when_nothing_reads_it():
    css = (":root{--a:1px;--b:var(--a);--c:var(--d);--d:2px;--e:3px;--f:4px}"
           "p{margin:var(--b)!important}@media print{p{--g:1;color:red}}")
    trimmed = critical_css.without_unread_properties(css, 'style="width:var(--f)"')
    assert trimmed == ":root{--a:1px;--b:var(--a);--f:4px}p{margin:var(--b)!important}@media print{p{color:red}}"


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
                                            ("/verifier/", False, False), ("/fr/verifier/", True, True),
                                            ("/amo/", False, False), ("/fr/sources/", True, True)])
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


@pytest.mark.parametrize("path", SOME_PAGES)
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
