"""Post-build report (after precompress): what a page costs a phone on its first visit, from the built
files as the host sends them with brotli (their .br twins; a file without one, as it is).

A page's first visit = its HTML and the files on its render path (screen stylesheets, scripts; not
the icon, the print stylesheet or a content page's whole stylesheets loaded after its inline critical CSS);
Material's bundle.js is not one of them (it loads on the first tap on the search, the menu or the
palette switch: material-on-demand.js). A checker question page is counted as it is reached: after
the start page, whose files the phone already holds (their names are hashed, kept a year).
The budgets (tests/quality/test_budgets.py) add the headers that deploy/nginx/ sends with each file.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from checker.model import LANGUAGES

CONTENT_PAGE_BUDGET = 40 * 1024  # HTML + its render path + nginx's headers, brotli, first visit
QUESTION_PAGE_BUDGET = 12 * 1024  # a checker question page after the start page, headers included
START_PAGES = {lang: "/" + language.root + "verifier/" for lang, language in LANGUAGES.items()}
CHECKER_PAGE = re.compile(r"^/(?:fr/)?verifier/\d+/$")


class Loaded(HTMLParser):
    """The files on a page's render path: its scripts, images and screen stylesheets (not a print-only
    or later stylesheet, not the icon, not a <noscript> fallback, not data-bundle)."""

    def __init__(self, render_path: bool = True) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._noscript = 0
        self._render_path = render_path  # False: everything the page fetches (the icon, later stylesheets)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "noscript":
            self._noscript += 1
        if self._noscript:
            return
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.urls.append(a["src"])
        rel = set((a.get("rel") or "").split())
        if tag == "link" and a.get("href") and (
                rel & {"stylesheet", "preload", "modulepreload"} and a.get("media") != "print"
                or not self._render_path and rel & {"stylesheet", "icon", "manifest"}):
            self.urls.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "noscript" and self._noscript:
            self._noscript -= 1


def page_file(site: Path, url_path: str) -> Path:
    return site / url_path.lstrip("/") / "index.html"


def loads(site: Path, url_path: str, render_path: bool = True) -> list[str]:
    """URL paths of what the page at `url_path` loads on its render path (its own HTML not included);
    with render_path=False, of everything it fetches on arrival (what the phone then holds)."""
    parser = Loaded(render_path)
    parser.feed(page_file(site, url_path).read_text(encoding="utf-8"))
    return [urlsplit(urljoin("http://h" + url_path, u)).path for u in parser.urls]


def wire_bytes(site: Path, url_path: str) -> int:
    """The body as sent: the .br twin when the build made one, else the file."""
    file = page_file(site, url_path) if url_path.endswith("/") else site / url_path.lstrip("/")
    twin = file.with_name(file.name + ".br")
    return (twin if twin.exists() else file).stat().st_size


def first_visit(site: Path, url_path: str, cached: frozenset[str] = frozenset()) -> dict[str, int]:
    """url path -> body bytes, for the page and each file it loads that is not already `cached`."""
    sizes = {url_path: wire_bytes(site, url_path)}
    for path in loads(site, url_path):
        if path not in cached:
            sizes[path] = wire_bytes(site, path)
    return sizes


def page_paths(site: Path) -> list[str]:
    paths = []
    for p in sorted(site.rglob("index.html")):
        rel = p.relative_to(site).parent.as_posix()
        if not rel.startswith("assets"):
            paths.append("/" if rel == "." else f"/{rel}/")
    return paths


def content_pages(site: Path) -> list[str]:
    return [p for p in page_paths(site) if not CHECKER_PAGE.match(p)]


def question_pages(site: Path) -> list[str]:
    """The checker's question pages (an outcome page has #resultat)."""
    return [p for p in page_paths(site) if CHECKER_PAGE.match(p)
            and 'id="resultat"' not in page_file(site, p).read_text(encoding="utf-8")]


def start_page_of(url_path: str) -> str:
    return START_PAGES["fr" if url_path.startswith("/fr/") else "ar"]


def report(site_dir: str | Path) -> str:
    site = Path(site_dir)
    content = {p: sum(first_visit(site, p).values()) for p in content_pages(site)}
    questions = {p: sum(first_visit(site, p, frozenset(loads(site, start_page_of(p), False))).values())
                 for p in question_pages(site)}

    def span(sizes: dict[str, int]) -> str:
        if not sizes:
            return "none"
        return f"{min(sizes.values()) / 1024:.1f}–{max(sizes.values()) / 1024:.1f} KB (heaviest {max(sizes, key=sizes.get)})"

    return (f"page weight, first visit, brotli, before headers: {len(content)} content pages {span(content)}; "
            f"{len(questions)} checker question pages after the start page {span(questions)} "
            f"(budgets with nginx's headers: {CONTENT_PAGE_BUDGET // 1024} KB, "
            f"{QUESTION_PAGE_BUDGET // 1024} KB, tests/quality/test_budgets.py)")


def print_report(site_dir: str | Path) -> None:
    print(report(site_dir))
