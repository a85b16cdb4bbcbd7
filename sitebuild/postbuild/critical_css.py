"""Post-build step: every content page paints without waiting for a stylesheet, on a first visit and
with JavaScript off alike. Its render-blocking stylesheets are replaced by one inline <style> holding
only the rules whose selectors match an element of some content page (states such as :hover, :checked
or ::before count as matching, so the menu, the search box and focus rings look the same), without the
custom properties none of those rules reads (Material declares ~12 KB of icons and colours for features
this site does not use); the whole stylesheets load after, off the render path (media="print" until
material-on-demand.js switches them on: the phone has them for the next page; without JavaScript, a
<noscript> link loads them as before).

One block for all the pages that link the same stylesheets (two blocks: the content pages, and the
checker's start pages, which add the checker's stylesheet), not one a page: the Content-Security-Policy
allows each by its hash (csp.py, after this step), and a block a page would add a hash a page to the
policy every response sends.

The whole stylesheets come first in the page and the inline rules after them, so that, once both apply,
the inline copies keep their own order (Material, then its palette, then ours) and win ties.

Our own stylesheet (extra.css, written for these pages) is kept whole: some of its rules style what
Material's JavaScript adds to a page once it runs (a second wrapper around each table), which no built
page shows.

The copy a phone keeps (`index.kept.html` beside each `index.html`, write_kept_copies, once every step
that rewrites pages is done): the page with its stylesheets linked again. The service worker precaches
that copy instead and serves it to later visits, when the stylesheets are on the phone already: the
inline rules (~8 KB a page) would only cost a phone its data once more for each page it keeps
(service_worker.mjs).
"""
from __future__ import annotations

import re
from pathlib import Path

import cssselect2
import tinycss2
import tinyhtml5

from sitebuild.postbuild import page_weight

KEPT_NAME = "index.kept.html"  # beside a page's index.html: the copy the service worker keeps
KEPT_WHOLE = re.compile(r"(^|/)extra\.[0-9a-f]+\.css$")  # our own stylesheet (asset_names hashes its name)
BLOCKING = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]+)">\n?')
# Selector parts that depend on a state or draw a pseudo-element: dropped for matching, so that a rule
# for any state of an element of the page is kept.
STATEFUL = re.compile(r"::?-?[a-zA-Z-]+(?:\([^()]*\))?")
# Attributes the theme's head script sets before the first paint from the reader's choice (dark or light):
# a rule for any of their values is kept.
PALETTE_VALUE = re.compile(r"\[(data-md-color-(?:scheme|primary|accent|media))[^\]]*\]")
CUSTOM_PROPERTY_USE = re.compile(r"var\(\s*(--[\w-]+)")
KEEP_PSEUDO = {":root", ":not", ":is", ":where", ":first-child", ":last-child", ":only-child", ":nth-child",
               ":nth-of-type", ":first-of-type", ":last-of-type", ":empty", ":lang", ":dir", ":has"}


def _matching_selector(selector: str) -> str:
    """The selector with state pseudo-classes and pseudo-elements removed (`*` where nothing is left)."""
    def drop(m: re.Match) -> str:
        name = m.group(0).split("(", 1)[0]
        return m.group(0) if name in KEEP_PSEUDO else ""
    out = STATEFUL.sub(drop, PALETTE_VALUE.sub(r"[\1]", selector))
    return ",".join(_filled(part) for part in _top_level(out, ","))


def _top_level(selector: str, sep: str) -> list[str]:
    """`selector` split at `sep` where it is outside brackets and parentheses."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(selector):
        depth += c in "[(" or -(c in "])")
        if c == sep and depth == 0:
            parts.append(selector[start:i])
            start = i + 1
    return parts + [selector[start:]]


def _filled(selector: str) -> str:
    """One complex selector with every compound left empty by the removal written `*`
    (`a > ::before` → `a>*`), its combinators kept (a space is one only between two compounds)."""
    tokens: list[tuple[bool, str]] = []  # (is a combinator, text)
    compound, space, depth = "", False, 0
    for c in selector:
        if depth == 0 and (c.isspace() or c in ">+~"):
            if compound:
                tokens.append((False, compound))
                compound = ""
            if c in ">+~":
                tokens.append((True, c))
                space = False
            else:
                space = True
            continue
        if space and tokens and not tokens[-1][0] and not compound:
            tokens.append((True, " "))
        space = False
        depth += c in "[(" or -(c in "])")
        compound += c
    if compound:
        tokens.append((False, compound))
    out, wanting = [], True  # wanting: a compound is due before the next combinator
    for combinator, text in tokens:
        if combinator and wanting:
            out.append("*")
        out.append(text)
        wanting = combinator
    if wanting and out:
        out.append("*")
    return "".join(out) or "*"


class Page:
    def __init__(self, html: str):
        root = tinyhtml5.parse(html)
        self.elements = list(cssselect2.ElementWrapper.from_html_root(root).iter_subtree())
        self._cache: dict[str, bool] = {}

    def uses(self, prelude: str) -> bool:
        """Whether any selector of a rule's prelude matches an element of the page (in any state)."""
        if prelude not in self._cache:
            try:
                compiled = cssselect2.compile_selector_list(_matching_selector(prelude))
            except cssselect2.SelectorError:
                self._cache[prelude] = True  # a selector we cannot read: kept, to be safe
            else:
                self._cache[prelude] = any(s.test(e) for s in compiled for e in self.elements)
        return self._cache[prelude]


class Pages:
    """Several pages read as one: a rule is used when it matches an element of any of them."""

    def __init__(self, pages: list[Page]):
        self.pages = pages
        self._cache: dict[str, bool] = {}

    def uses(self, prelude: str) -> bool:
        if prelude not in self._cache:
            self._cache[prelude] = any(page.uses(prelude) for page in self.pages)
        return self._cache[prelude]


def _kept(rules: list, page: Page) -> str:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            prelude = tinycss2.serialize(rule.prelude).strip()
            if page.uses(prelude):
                out.append(f"{prelude}{{{tinycss2.serialize(rule.content).strip()}}}")
        elif rule.type == "at-rule":
            name = rule.lower_at_keyword
            prelude = tinycss2.serialize(rule.prelude).strip()
            if name in ("media", "supports", "layer", "container") and rule.content is not None:
                inner = _kept(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), page)
                if inner:
                    out.append(f"@{name} {prelude}{{{inner}}}")
            elif name in ("keyframes", "-webkit-keyframes", "font-face", "property", "counter-style"):
                out.append(tinycss2.serialize([rule]).strip())
            # @charset and @import: nothing to inline
    return "".join(out)


class Everything:
    """A stylesheet kept whole."""

    @staticmethod
    def uses(prelude: str) -> bool:
        return True


def critical(pages: list[str], stylesheets: list[tuple[str, bool]], read_elsewhere: str = "") -> str:
    """The rules of `stylesheets` ((text, kept whole)) that some element of `pages` (HTML texts) uses,
    without the custom properties that neither those rules nor `read_elsewhere` (the pages' own style
    attributes) read."""
    used = Pages([Page(html) for html in pages])
    css = "".join(_kept(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True),
                        Everything if whole else used)
                  for text, whole in stylesheets)
    return without_unread_properties(css, read_elsewhere)


def without_unread_properties(css: str, read_elsewhere: str = "") -> str:
    """`css` without the declarations of custom properties that no `var()` reads, in `css` itself (once
    the unread ones are gone: a property read only by an unread one goes too) or in `read_elsewhere`."""
    while True:
        read = set(CUSTOM_PROPERTY_USE.findall(css)) | set(CUSTOM_PROPERTY_USE.findall(read_elsewhere))
        trimmed = _serialized(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), read)
        if trimmed == css:
            return css
        css = trimmed


def _serialized(rules: list, read: set[str]) -> str:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            body = _declarations(rule.content, read)
            if body:
                out.append(f"{tinycss2.serialize(rule.prelude).strip()}{{{body}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "layer", "container") \
                and rule.content is not None:
            inner = _serialized(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), read)
            if inner:
                out.append(f"@{rule.lower_at_keyword} {tinycss2.serialize(rule.prelude).strip()}{{{inner}}}")
        elif rule.type == "at-rule":
            out.append(tinycss2.serialize([rule]).strip())
    return "".join(out)


def _declarations(content: list, read: set[str]) -> str:
    """A rule's declarations, the custom properties nobody reads left out (the text kept as written)."""
    kept = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration" and item.name.startswith("--") and item.name not in read:
            continue
        if item.type == "declaration":
            kept.append(f"{item.name}:{tinycss2.serialize(item.value).strip()}"
                        + ("!important" if item.important else ""))
        elif item.type != "error":
            kept.append(tinycss2.serialize([item]).strip())
    return ";".join(kept)


STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')


def inline_critical_css(site_dir: str | Path) -> dict[str, int]:
    """Rewrite every content page; returns page -> bytes of inline CSS (the same block for all the
    pages that link the same stylesheets)."""
    site = Path(site_dir)
    pages: dict[Path, tuple[str, list[re.Match]]] = {}
    for url in page_weight.content_pages(site):
        path = page_weight.page_file(site, url)
        html = path.read_text(encoding="utf-8")
        links = list(BLOCKING.finditer(html.split("</head>", 1)[0]))
        if links:
            pages[path] = (html, links)
    # The pages that link the same stylesheets share one block (today: all of them).
    groups: dict[tuple[str, ...], list[Path]] = {}
    for path, (html, links) in pages.items():
        sheets = tuple(str((path.parent / m.group("href")).resolve()) for m in links)
        groups.setdefault(sheets, []).append(path)
    sizes = {}
    for sheets, members in groups.items():
        texts = [pages[p][0] for p in members]
        css = critical(texts, [(Path(s).read_text(encoding="utf-8"), bool(KEPT_WHOLE.search(s))) for s in sheets],
                       " ".join(m for html in texts for m in STYLE_ATTRIBUTE.findall(html)))
        for path in members:
            html, links = pages[path]
            path.write_text(_inlined(html, links, css), encoding="utf-8")
            sizes[path.relative_to(site).as_posix()] = len(css.encode("utf-8"))
    return sizes


def _inlined(html: str, links: list[re.Match], css: str) -> str:
    hrefs = [m.group("href") for m in links]
    first, last = links[0], links[-1]
    return html[:first.start()] + _later(hrefs) + _fallback(hrefs) + f"<style data-critical>{css}</style>\n" + \
        BLOCKING.sub("", html[first.start():last.end()]) + html[last.end():]


def _later(hrefs: list[str]) -> str:
    return "".join(f'<link rel="stylesheet" href="{href}" media="print" data-later>\n' for href in hrefs)


def _fallback(hrefs: list[str]) -> str:
    return "<noscript>" + "".join(f'<link rel="stylesheet" href="{href}">' for href in hrefs) + "</noscript>\n"


LATER = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]+)" media="print" data-later>\n')
INLINE = re.compile(r"<style data-critical>.*?</style>\n", re.S)


def kept_copy(html: str) -> str:
    """The page with its stylesheets linked where the later ones were, without the inline block
    (the exact undoing of _inlined, whatever later steps changed elsewhere in the page)."""
    head, rest = html.split("</head>", 1)
    hrefs = LATER.findall(head)
    first = LATER.search(head)
    if not hrefs or head.count(_fallback(hrefs)) != 1 or len(INLINE.findall(head)) != 1:
        raise ValueError("not a page with inline critical CSS")
    start = head[:first.start()]
    end = INLINE.sub("", LATER.sub("", head[first.start():]).replace(_fallback(hrefs), "", 1), count=1)
    return start + "".join(f'<link rel="stylesheet" href="{href}">\n' for href in hrefs) + end + "</head>" + rest


def write_kept_copies(site_dir: str | Path) -> int:
    """Beside every page with inline critical CSS, the copy a phone keeps; returns how many."""
    site = Path(site_dir)
    count = 0
    for url in page_weight.content_pages(site):
        path = page_weight.page_file(site, url)
        html = path.read_text(encoding="utf-8")
        if "<style data-critical>" in html:
            (path.parent / KEPT_NAME).write_text(kept_copy(html), encoding="utf-8")
            count += 1
    return count
