"""Reading the built information pages: their text, headings, links and figures (numbers, law refs)."""
from __future__ import annotations

import datetime
import html
import re
import tomllib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import ROOT

DATA = ROOT / "docs" / "_data"
# Every page at its final URL (foundation issue); "" is the home page.
SLUGS = ("", "registre", "amo", "verifier", "guides", "aide", "actualites", "lexique", "sources", "a-propos")
# The pages whose bodies this issue writes (verifier/ and guides/ belong to other issues).
CONTENT_SLUGS = ("", "registre", "amo", "aide", "actualites", "lexique", "sources", "a-propos")
# Pages that tell an artisan what to do: the action section comes first, right after the summary.
ACTION_SLUGS = ("", "registre", "amo", "aide")
# Pages whose sources close the page in a collapsed <details> (the sources page is itself the list).
CITING_SLUGS = ("", "registre", "amo", "aide", "actualites", "lexique")
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "summary", "br", "ul", "ol", "table"}
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)


def built_file(site: Path, lang: str, slug: str) -> Path:
    base = site if lang == "ar" else site / lang
    return (base / slug / "index.html") if slug else base / "index.html"


@dataclass
class Article:
    """The main content of one built page (Material's <article>), without navigation or footer."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    chunks: list[str] = field(default_factory=list)  # text of each block (paragraph, list item, cell…)
    table_chunks: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        return "\n".join(self.chunks + self.table_chunks)


class _ArticleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 while inside <article>
        self.in_table = 0
        self.in_code = 0  # >0 inside <script>/<style>: data and code, not the page's words
        self.heading: int | None = None
        self.buf: list[str] = []
        self.out = Article()

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.buf)).strip()
        if text:
            (self.out.table_chunks if self.in_table else self.out.chunks).append(text)
        self.buf = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag in ("script", "style"):
            self.in_code += 1
        if a.get("id"):
            self.out.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.out.links.append(a["href"])
        if tag in BLOCKS:
            self._flush()
        if tag == "table":
            self.in_table += 1
        if re.fullmatch(r"h[1-6]", tag):
            self.heading = int(tag[1])

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag in ("script", "style"):
            self.in_code -= 1
        if tag in BLOCKS:
            if self.heading and re.fullmatch(r"h[1-6]", tag):
                self.out.headings.append((self.heading, re.sub(r"\s+", " ", "".join(self.buf)).strip()))
                self.heading = None
            self._flush()
        if tag == "table":
            self.in_table -= 1
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.in_code:
            self.buf.append(data)


def article(path: Path) -> Article:
    p = _ArticleParser()
    p.feed(path.read_text(encoding="utf-8"))
    p._flush()
    assert p.out.chunks, f"{path}: no <article> content found"
    return p.out


def all_ids(path: Path) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8")))


# Figures ---------------------------------------------------------------------------------------
FIGURE = re.compile(r"(?<![A-Za-z\d])\d+(?:[.,\-/]\d+)*(?![A-Za-z\d])")


def _norm(token: str) -> str:
    token = re.sub(r"[,\-/]", ".", token)
    return str(int(token)) if token.isdigit() else token


def figures(text: str) -> set[str]:
    """Numbers and law references, written alike in both languages: 50-17 = 50.17, 6,37 = 6.37,
    11 000 = 11 ألف = 11000, Arabic-Indic digits = Western digits. Digits glued to Latin letters
    (Q4, 1er, le12.ma) are names, not figures."""
    t = html.unescape(text).translate(ARABIC_DIGITS)
    t = re.sub(r"(?<![\d.,])(\d{1,3})[ \u00a0\u202f](\d{3})(?![\d])", r"\1\2", t)
    t = re.sub(r"(\d+)\s*ألف", lambda m: str(int(m.group(1)) * 1000), t)
    return {_norm(m) for m in FIGURE.findall(t)}


def _walk(value, out: set[str]) -> None:
    if isinstance(value, dict):
        for v in value.values():
            _walk(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _walk(v, out)
    elif isinstance(value, datetime.date):
        out |= {str(value.day), str(value.month), str(value.year), _norm(value.isoformat())}
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        out |= figures(str(value))
    elif isinstance(value, str):
        out |= figures(value)
    elif hasattr(value, "__dataclass_fields__"):
        _walk({k: getattr(value, k) for k in value.__dataclass_fields__ if k != "bundle"}, out)


def load_toml(name: str) -> dict:
    return tomllib.loads((DATA / f"{name}.toml").read_text(encoding="utf-8"))


def amount_figures(rules) -> set[str]:
    """An amount counts as sourced only when a source it cites quotes it: being written in the rules
    is not a source. Its start date is sourced the same way (the quote, title or date of a cited source)."""
    out: set[str] = set()
    for amount in rules.amounts:
        _walk(amount.label, out)
        for value in amount.values:
            cited: set[str] = set()
            for source_id in value.source.ids():
                source = rules.get(source_id)
                _walk({"quote": source.quote, "title": source.title, "date": source.date}, cited)
            shown = figures(str(value.value)) if value.value is not None else set()
            out |= shown & cited
            start = {str(value.start.day), str(value.start.month), str(value.start.year)}
            out |= start & cited
    return out


def sourced_figures(rules) -> set[str]:
    """Figures that have a source: what the rules publish (their sources, and the texts, thresholds,
    amounts and dates each rule cites a source for), the pages' own sources, and docs/_data/facts.toml.
    The questions' input bounds (0–80 years) are not facts and are left out on purpose."""
    out: set[str] = set()
    for group in (rules.sources, rules.rules, rules.documents, rules.steps, rules.notes, rules.outcomes,
                  rules.durations, rules.limits, rules.messages):
        _walk(group, out)
    out |= amount_figures(rules)
    _walk(rules.verified_on, out)
    _walk(load_toml("sources"), out)
    for fact in load_toml("facts")["fact"]:
        _walk(fact["values"], out)
    out.add(str(len(rules.facts)))  # "at most N questions": counted from the rules themselves
    return out


# Sentences -------------------------------------------------------------------------------------
SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")


def long_sentences(chunks: list[str], allowed: list[str], limit: int = 30) -> list[tuple[int, str]]:
    """Sentences over `limit` words; `allowed` strings (legal titles) are taken out first."""
    out = []
    for chunk in chunks:
        for title in sorted(allowed, key=len, reverse=True):
            chunk = chunk.replace(title, "«»")
        for sentence in SENTENCE_END.split(chunk):
            words = [w for w in sentence.split() if re.search(r"\w", w)]
            if len(words) > limit:
                out.append((len(words), sentence))
    return out


# Figures the build measures from its own files, not facts: the checker's download size on the keep
# button (sitebuild/checker_page.py) and the guides' page counts read from the PDFs (sitebuild/pdfs.py).
MEASURED = re.compile(r'<p class="ck-keep".*?</p>|<span class="pdf-pages"[^>]*>[^<]*</span>', re.S)


def measured_figures(path: Path) -> set[str]:
    return set().union(*(figures(re.sub(r"<[^>]+>", " ", m)) for m in MEASURED.findall(path.read_text(encoding="utf-8"))))
