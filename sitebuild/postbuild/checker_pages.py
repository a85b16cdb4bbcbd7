"""The checker's pages: after the start page (marker rules:checker-start), one static page per question
state and per outcome of the engine's walk, written after the build through the theme's own page.

Each generated page is the built start page of its language (Material's header, navigation, language
switch, scripts) with the content swapped for what `checker.web_pages` renders and every relative
address made one folder deeper. The browser renders the same pages with the same module.
"""
from __future__ import annotations

import datetime
import json
import re
import sys
import time
from pathlib import Path

import segno

import checker.codes
from checker import web_pages
from checker.answers import input_table
from checker.freshness import is_release
from checker.model import LANGUAGES
from sitebuild import chamber, codes, icons, voice
from sitebuild.postbuild import asset_names
from sitebuild.website import CHECKER, build_day, rules, site_url

STYLESHEET = "assets/stylesheets/checker-pages.css"
VOICE_PLAYER = "assets/javascripts/voice.js"  # on every checker page once the build ships a recording
OUTCOME_SCRIPT = "assets/javascripts/checker-outcome.js"  # named in each outcome page (web_pages.Media)
ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S)
# Relative addresses in the theme's page: attributes, the scope script, the JSON config.
ATTR = re.compile(r'\b(href|src)="(?!(?:[a-z]+:|#|/))([^"]*)"')
SCOPE = re.compile(r'new URL\("([^"]*)",location\)')
CONFIG = re.compile(r'("(?:base|search)": ")([^"]*)(")')
TITLE = re.compile(r"<title>.*?</title>", re.S)
CANONICAL = re.compile(r'(<link rel="canonical" href=")([^"]*)(")')
LANG_LINK = re.compile(r'<a href="([^"]*)" hreflang="([a-z]+)"')  # the header's link to the other language
# The engine live (checker-live.js), in the start page's content: every generated page carries it too.
LIVE_SCRIPT = re.compile(r'<script type="module" [^>]*\bdata-checker-live\b[^>]*></script>')
LAST_RUN: dict[str, float] = {}  # figures of the last build, for make bench


def deeper(html: str) -> str:
    """The same page one folder deeper: every relative address gets one more `../`."""
    html = ATTR.sub(lambda m: f'{m.group(1)}="../{m.group(2)}"', html)
    html = SCOPE.sub(lambda m: f'new URL("../{m.group(1)}",location)', html)
    return CONFIG.sub(lambda m: f"{m.group(1)}../{m.group(2)}{m.group(3)}", html)


def with_stylesheet(html: str, href: str) -> str:
    if href in html:
        return html
    return html.replace("</head>", f'<link rel="stylesheet" href="{href}">\n</head>', 1)


def with_script(html: str, src: str) -> str:
    if src in html:
        return html
    return html.replace("</head>", f'<script src="{src}" defer></script>\n</head>', 1)


def media(site: Path) -> web_pages.Media:
    """The recordings this build shipped, the pictograms its stylesheet draws, the outcome script's
    hashed name and the chamber's details (chamber.toml; the same table goes to the browser:
    checker_assets.checker_build)."""
    return web_pages.Media(voice.shipped(site), icons.checker_pictures(),
                           asset_names.current(site, OUTCOME_SCRIPT).rsplit("/", 1)[-1], chamber.current())


class Shell:
    """A language's start page, cut around its content, ready to wrap generated pages."""

    def __init__(self, html: str, lang: str):
        self.lang = lang
        m = ARTICLE.search(html)
        if m is None:
            raise SystemExit("verifier/index.html: no <article> to put the checker pages in")
        live = LIVE_SCRIPT.search(m.group(2))
        if live is None:
            raise SystemExit("verifier/index.html: no checker-live.js script (marker rules:checker-start)")
        # In the head, before the stylesheets: an async module runs once the parser has reached its
        # tag and it has arrived, and the theme's inline script after the stylesheets stops the
        # parser until they are all in; there, an outcome page's engine starts while the page still
        # loads (checker-live.js waits for the parsed page before reading it).
        first_css = html.find('<link rel="stylesheet"', 0, m.start())
        if first_css < 0:
            raise SystemExit("verifier/index.html: no stylesheet in the head")
        head = deeper(html[:first_css] + live.group(0) + "\n" + html[first_css:m.end(1)])
        tail = deeper(html[m.start(3):])
        self.title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        self.site_name = self.title.rsplit(" - ", 1)[-1]
        self.head, self.tail = head, tail

    def page(self, title: str, content: str, path: str, outcome: bool = False) -> str:
        """A generated page; an outcome's says so on the engine's tag (`data-outcome`: checker-live.js
        may start the engine before the page is parsed)."""
        head = TITLE.sub(lambda m: f"<title>{web_pages.e(title)} - {self.site_name}</title>", self.head, count=1)
        if outcome:
            head = head.replace(" data-checker-live ", " data-checker-live data-outcome ", 1)
        head = CANONICAL.sub(lambda m: m.group(1) + m.group(2) + path + m.group(3), head)

        def twin(m: re.Match) -> str:
            href = "./" if m.group(2) == self.lang else m.group(1) + path
            return f'<a href="{href}" hreflang="{m.group(2)}"'

        return LANG_LINK.sub(twin, head) + "\n" + content + self.tail


def qr_svg(url: str) -> str:
    """The outcome's address as a QR code, an inline SVG of horizontal runs (segno's own SVG writer
    takes longer than the encoding; a fixed mask skips trying all eight: every mask is valid)."""
    matrix = segno.make(url, error="m", mask=0, micro=False).matrix
    border, path = 2, []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x] & 1:
                start = x
                while x < len(row) and row[x] & 1:
                    x += 1
                path.append(f"M{start + border} {y + border}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    size = len(matrix) + 2 * border
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="ck-qr" viewBox="0 0 {size} {size}" role="img" '
            f'aria-label="QR"><rect width="{size}" height="{size}" fill="#fff"/>'
            f'<path fill="#000" d="{"".join(path)}"/></svg>')


def tree(rs, states) -> dict:
    """What the start page's script needs to turn an old `#forme=…` link into a page: the next
    question after each code, and each question's options with their permanent numbers (a code
    writes 1-9 as one digit, 10-99 as "0" and two digits: checker/codes.py): [number, value id]
    for a choice, [number, lowest, highest] for a number question."""
    opts = {}
    for f in rs.facts:
        opts[f.id] = [[o.number, o.value] if o.high is None else [o.number, o.value, o.high]
                      for o in checker.codes.options(rs, f)]
    # The one fragment reader's table (fragment-reader.js): digits, spaces, limits, questions.
    return {"next": {s.code: s.fact for s in states if s.fact}, "options": opts, "input": input_table(rs)}


def check_codes(rs, states, on: datetime.date) -> list[str]:
    """Published codes that these rules would break: a release refuses them, a build says so."""
    found = codes.problems(rs, codes.read_registry(), states, on)
    if found and is_release():
        raise SystemExit("release: answer codes: " + found[0])
    for line in found[:3]:
        print(f"WARNING: answer codes: {line}", file=sys.stderr)
    return found


def build_checker_pages(site_dir: str | Path, on: datetime.date | None = None) -> dict:
    """Write every question and outcome page of both languages; returns counts for the bench."""
    started = time.perf_counter()
    site = Path(site_dir)
    rs = rules()
    on = on or build_day()  # the commit's day: two builds of one commit are the same bytes
    states = web_pages.walk(on, rules=rs)
    check_codes(rs, states, on)
    # Codes published by earlier builds that today's walk does not reach: each still gets a page.
    walked = {st.path for st in states}
    older = {c: a for c, a in codes.read_registry().items() if (c or "0") + "/" not in walked}
    base = site_url().rstrip("/") + "/"
    shipped = media(site)
    written = 0
    for lang, root in ((code, language.root) for code, language in LANGUAGES.items()):
        start_file = site / root / CHECKER / "index.html"
        depth = "../" * (root.count("/") + 1)
        html = with_stylesheet(start_file.read_text(encoding="utf-8"), depth + asset_names.current(site, STYLESHEET))
        if shipped.voices:  # the start page loads the player, so the pages after it have it cached
            html = with_script(html, depth + asset_names.current(site, VOICE_PLAYER))
        start_file.write_text(html, encoding="utf-8")
        shell = Shell(html, lang)
        (site / root / CHECKER / "tree.json").write_text(json.dumps(tree(rs, states), separators=(",", ":")),
                                                       encoding="utf-8")
        for st in states:
            url = base + root + CHECKER + st.path
            qr = qr_svg(url) if st.fact is None else None
            page = web_pages.page_for_state(lang, st, on, rules=rs, site_url=base, qr_svg=qr, media=shipped)
            out = site / root / CHECKER / st.path / "index.html"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(shell.page(page.title, page.html, st.path, outcome=st.fact is None), encoding="utf-8")
            written += 1
        for code, answers in older.items():
            path = code + "/"
            page = codes.page_for_code(lang, code, answers, on, rules=rs, site_url=base,
                                       qr_svg=qr_svg(base + root + CHECKER + path), media=shipped)
            out = site / root / CHECKER / path / "index.html"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(shell.page(page.title, page.html, path), encoding="utf-8")  # asks again: no outcome
            written += 1
    LAST_RUN.update(pages=written, states=len(states), outcomes=sum(s.fact is None for s in states),
                    seconds=time.perf_counter() - started)
    return dict(LAST_RUN)
