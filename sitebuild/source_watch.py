"""The source watch (`make check-sources`): is every quoted passage still on its page?

For every source with an address (checker/rules/sources.toml and docs/_data/sources.toml), fetch the
page, turn it into plain text, normalise both the page and the quote the same way (whitespace,
Arabic and French punctuation, Arabic-Indic digits, typographic quotes), and look for the quote's
pieces in order ("[…]" and an editor's "[word]" mark a gap). Each source is then:

  found        the page answers and holds the passage
  changed      the page answers but the passage is gone (the law or the page moved: read it again)
  unreachable  no answer, an HTTP error, or a page that cannot be read as text

The run writes a JSON report (build/source-watch.json by default; never committed) and prints a
table. It exits 1 when a passage is gone, so a scheduled run fails loudly; an unreachable page is
reported but is not, alone, a failure (the network, not the law, may be down). It needs the
internet: run it on a machine that has it (the chamber's), not in the tests, which serve copies on
127.0.0.1. `make release` reads the report's date (sitebuild.release.check_source_watch).
Standard library only.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import datetime
import html
import json
import re
import sys
import tomllib
import unicodedata
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "build" / "source-watch.json"
SOURCE_FILES = (ROOT / "checker" / "rules" / "sources.toml", ROOT / "docs" / "_data" / "sources.toml")
USER_AGENT = "artisan-guide-source-watch/1 (checks that the passages the guide quotes are still published)"
TIMEOUT_SECONDS = 20.0
# Legacy encodings of Arabic and French pages, tried in this order when a page declares none that decodes.
FALLBACK_ENCODINGS = ("utf-8", "windows-1256", "windows-1252")


@dataclasses.dataclass(frozen=True)
class WatchedSource:
    id: str
    url: str
    quote: str


@dataclasses.dataclass(frozen=True)
class Result:
    id: str
    url: str
    status: str  # found | changed | unreachable
    http_status: int | None
    final_url: str  # where the page was read, after redirects
    detail: str  # what was missing, or why the page could not be read


# Reading the sources ----------------------------------------------------------------------------
def watched_sources(files: tuple[Path, ...] = SOURCE_FILES) -> list[WatchedSource]:
    """Every source that has both an address and a quoted passage, in file order."""
    out = []
    for path in files:
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("source", []):
            if entry.get("url") and entry.get("quote"):
                out.append(WatchedSource(entry["id"], entry["url"], entry["quote"]))
    return out


# Normalising text -------------------------------------------------------------------------------
# Arabic-Indic (U+0660…) and Eastern Arabic-Indic (U+06F0…) digits read as 0-9.
_DIGITS = str.maketrans("".join(map(chr, [*range(0x660, 0x66A), *range(0x6F0, 0x6FA)])), "0123456789" * 2)
_PUNCTUATION = str.maketrans({
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "″": '"',
    "–": "-", "—": "-", "‑": "-", "−": "-",
    "\u060c": ",", "\u061b": ";", "\u061f": "?", "\u066a": "%", "…": "...",  # Arabic comma, semicolon, ?, %
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u200b": "", "\u200e": "", "\u200f": "",
    0x0640: "",  # tatweel (a stretched letter is the same letter), by code point: no letter in code
})
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670]")  # short vowels and shadda: written or not, same words


def normalise(text: str) -> str:
    """The form both a page and a quote are compared in: one kind of quote mark, dash, comma and
    digit; no French space before : ; ! ? %; no Arabic short vowels; single spaces; case folded."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).translate(_DIGITS).translate(_PUNCTUATION)
    text = _ARABIC_MARKS.sub("", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r" ([:;!?%,.)])", r"\1", text)
    text = re.sub(r"([(]) ", r"\1", text)
    return text.casefold().strip()


def pieces(quote: str) -> list[str]:
    """The quote's own words, split where the editor left words out ("[…]") or put a word in ("[CNSS]")."""
    parts = re.split(r"\[[^\]]*\]", quote)
    return [p for p in (normalise(part).strip(" ,;:.-\"'") for part in parts) if p]


def holds(page_text: str, quote: str) -> tuple[bool, str]:
    """(True, "") when every piece of the quote is on the page in order; else (False, the first missing piece)."""
    text, at = normalise(page_text), 0
    for piece in pieces(quote):
        found = text.find(piece, at)
        if found < 0:
            return False, piece
        at = found + len(piece)
    return True, ""


class _TextParser(HTMLParser):
    """Visible text of an HTML page: scripts, styles and templates left out, blocks separated."""

    SKIP = {"script", "style", "noscript", "template", "svg"}
    BLOCKS = {"p", "div", "li", "br", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "section",
              "article", "blockquote", "ul", "ol", "table", "header", "footer"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.chunks.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCKS:
            self.chunks.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.chunks.append(data)


def html_to_text(page: str) -> str:
    parser = _TextParser()
    parser.feed(page)
    parser.close()
    return "".join(parser.chunks)


# Fetching ---------------------------------------------------------------------------------------
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.I)


def decode(body: bytes, header_charset: str | None) -> str:
    """The page as text: the charset the server or the page declares, else the first legacy encoding
    that decodes it (Arabic sites still serve windows-1256)."""
    declared = [header_charset] if header_charset else []
    meta = _META_CHARSET.search(body[:4096])
    if meta:
        declared.append(meta.group(1).decode("ascii"))
    for encoding in (*declared, *FALLBACK_ENCODINGS):
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace")


def fetch(url: str, timeout: float = TIMEOUT_SECONDS) -> tuple[int | None, str, str | None, str]:
    """(HTTP status, final address, page text or None, why not). Redirects are followed (urllib)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Language": "fr, ar"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (https sources)
            body = response.read()
            text = decode(body, response.headers.get_content_charset())
            content_type = response.headers.get_content_type()
            if content_type in ("text/html", "application/xhtml+xml") or "<html" in text[:2048].lower():
                text = html_to_text(text)
            return response.status, response.geturl(), text, ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.geturl() or url, None, f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, url, None, f"no answer: {reason}"


def check(sources: list[WatchedSource], timeout: float = TIMEOUT_SECONDS, workers: int = 6) -> list[Result]:
    """Fetch each distinct address once (several sources quote the same page), then look for each quote."""
    urls = sorted({s.url for s in sources})
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(workers, len(urls)))) as pool:
        pages = dict(zip(urls, pool.map(lambda u: fetch(u, timeout), urls)))
    results = []
    for s in sources:
        http_status, final_url, text, why = pages[s.url]
        if text is None:
            results.append(Result(s.id, s.url, "unreachable", http_status, final_url, why))
            continue
        ok, missing = holds(text, s.quote)
        results.append(Result(s.id, s.url, "found" if ok else "changed", http_status, final_url,
                              "" if ok else f"not on the page: «{missing[:80]}»"))
    return results


# Report -----------------------------------------------------------------------------------------
def report(results: list[Result], when: datetime.datetime) -> dict:
    counts = {k: sum(r.status == k for r in results) for k in ("found", "changed", "unreachable")}
    return {"run": when.isoformat(timespec="seconds"), "date": when.date().isoformat(), "counts": counts,
            "sources": [dataclasses.asdict(r) for r in results]}


def table(results: list[Result], when: datetime.datetime) -> str:
    """The report for a person: one line per source, problems first, then the totals."""
    order = {"changed": 0, "unreachable": 1, "found": 2}
    width = max([len(r.id) for r in results] + [6])
    lines = [f"source watch, {when.date().isoformat()}", f"{'source'.ljust(width)}  {'status':<11}  address / what"]
    for r in sorted(results, key=lambda r: (order[r.status], r.id)):
        where = r.url if r.final_url == r.url else f"{r.url} -> {r.final_url}"
        lines.append(f"{r.id.ljust(width)}  {r.status:<11}  {where}" + (f"  ({r.detail})" if r.detail else ""))
    counts = report(results, when)["counts"]
    lines.append(f"{counts['found']} found, {counts['changed']} changed, {counts['unreachable']} unreachable "
                 f"({len(results)} sources)")
    return "\n".join(lines)


def read_report(path: Path | None = None) -> dict | None:
    """The last run's report (REPORT unless told), or None when there is none (or it cannot be read)."""
    path = path or REPORT
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        datetime.date.fromisoformat(data["date"])
        return data
    except (OSError, ValueError, KeyError, TypeError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild.source_watch",
                                     description="Is every quoted passage still on its page?")
    parser.add_argument("--report", type=Path, default=REPORT, help="where to write the JSON report")
    parser.add_argument("--sources", type=Path, action="append",
                        help="a sources TOML file to read instead of the project's (repeatable)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS, help="seconds per page")
    args = parser.parse_args(argv)
    sources = watched_sources(tuple(args.sources) if args.sources else SOURCE_FILES)
    when = datetime.datetime.now(datetime.timezone.utc)
    results = check(sources, timeout=args.timeout)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report(results, when), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table(results, when))
    print(f"report: {args.report}")
    return 1 if any(r.status == "changed" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
