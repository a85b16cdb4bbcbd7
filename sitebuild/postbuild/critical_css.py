"""Post-build step: the entry pages (/, /fr/, /verifier/, /fr/verifier/) paint without waiting for a
stylesheet. Their render-blocking stylesheets are replaced by one inline <style> holding only the rules
whose selectors match an element of that page (states such as :hover, :checked or ::before count as
matching, so the menu, the search box and focus rings look the same), and the whole stylesheets load
after, off the render path (media="print" until material-on-demand.js switches them on: the phone has
them for the next page; without JavaScript, a <noscript> link loads them as before).

The whole stylesheets come first in the page and the inline rules after them, so that, once both apply,
the inline copies keep their own order (Material, then its palette, then ours) and win ties.
The inline <style> is allowed by its hash in the Content-Security-Policy (csp.py, after this step).
"""
from __future__ import annotations

import re
from pathlib import Path

import cssselect2
import tinycss2
import tinyhtml5

ENTRY_PAGES = ("index.html", "fr/index.html", "verifier/index.html", "fr/verifier/index.html")
BLOCKING = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]+)">\n?')
# Selector parts that depend on a state or draw a pseudo-element: dropped for matching, so that a rule
# for any state of an element of the page is kept.
STATEFUL = re.compile(r"::?-?[a-zA-Z-]+(?:\([^()]*\))?")
# Attributes the theme's head script sets before the first paint from the reader's choice (dark or light):
# a rule for any of their values is kept.
PALETTE_VALUE = re.compile(r"\[(data-md-color-(?:scheme|primary|accent|media))[^\]]*\]")
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


def critical(html: str, stylesheets: list[str]) -> str:
    page = Page(html)
    return "".join(_kept(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), page)
                   for css in stylesheets)


def inline_critical_css(site_dir: str | Path) -> dict[str, int]:
    """Rewrite each entry page; returns page -> bytes of inline CSS."""
    site = Path(site_dir)
    sizes = {}
    for rel in ENTRY_PAGES:
        path = site / rel
        if not path.is_file():
            continue
        html = path.read_text(encoding="utf-8")
        links = [m for m in BLOCKING.finditer(html.split("</head>", 1)[0])]
        if not links:
            continue
        sheets = [(path.parent / m.group("href")).resolve().read_text(encoding="utf-8") for m in links]
        css = critical(html, sheets)
        later = "".join(f'<link rel="stylesheet" href="{m.group("href")}" media="print" data-later>\n' for m in links)
        fallback = "<noscript>" + "".join(f'<link rel="stylesheet" href="{m.group("href")}">' for m in links) + "</noscript>\n"
        first, last = links[0], links[-1]
        head = html[:first.start()] + later + fallback + f"<style data-critical>{css}</style>\n" + \
            BLOCKING.sub("", html[first.start():last.end()]) + html[last.end():]
        path.write_text(head, encoding="utf-8")
        sizes[rel] = len(css.encode("utf-8"))
    return sizes
