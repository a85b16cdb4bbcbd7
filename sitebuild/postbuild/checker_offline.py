"""The checker's pages offline: what the service worker needs so that a checker address never shows
another page's content, and never a blank one.

`verifier/offline.<hash>.json` (precached with the rest of the site, ≈ 10 KB on the wire) holds, per language,
the built page of the first question cut into a template (the parts around its title, code and
article), the title and article of every question page and of every older code's page (codes whose
question changed: they ask it again, docs-dev/codes.md), and the plain "no connection" articles; and
the outcome codes. The service worker (sw-routes.js, written by service_worker.mjs) puts those pages
together from it — byte for byte the built file, checked here for each — so they work offline and
cost no download; for an outcome it never fetched, offline or on a signal too weak to bring it, it
answers with the plain page that says what happened, shows the code and says whom to call. An
address that is no answer code of this build gets a page saying so. Runs after every step that rewrites pages (CSP
included), so the template is the shipped page.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from urllib.parse import urlsplit

from checker import web_pages
from checker.model import LANGUAGES
from sitebuild import website
from sitebuild.postbuild.checker_pages import ARTICLE, CANONICAL, LANG_LINK
from sitebuild.website import CHECKER, BuildError

OFFLINE_DATA = CHECKER + "offline.{}.json"  # named by its content: the service worker names the one of its build
TITLE_TEXT = re.compile(r"(<title>)(.*?)( - [^<]*</title>)", re.S)
CODE_DIR = re.compile(r"^\d+$")
SLOT = "\x00{}\x00"  # a placeholder no page contains


def _split(html: str) -> tuple[list[str], list[str]]:
    """The first question's page cut at its title, its code (canonical address, other language's
    link) and its article: (parts, slot names), parts[i] before slots[i], the last part after."""
    marked = TITLE_TEXT.sub(lambda m: m.group(1) + SLOT.format("title") + m.group(3), html, count=1)
    marked = CANONICAL.sub(lambda m: m.group(1) + re.sub(r"0/$", SLOT.format("code") + "/", m.group(2))
                           + m.group(3), marked, count=1)
    marked = LANG_LINK.sub(lambda m: '<a href="' + re.sub(r"0/$", SLOT.format("code") + "/", m.group(1))
                           + f'" hreflang="{m.group(2)}"', marked)
    marked = ARTICLE.sub(lambda m: m.group(1) + SLOT.format("article") + m.group(3), marked, count=1)
    pieces = re.split("\x00(title|code|article)\x00", marked)
    return pieces[0::2], pieces[1::2]


def fill(parts: list[str], slots: list[str], values: dict[str, str]) -> str:
    """What the service worker does: the template with its slots filled (the same in JavaScript)."""
    out = [parts[0]]
    for slot, after in zip(slots, parts[1:]):
        out += [values[slot], after]
    return "".join(out)


def _page_values(html: str, code: str) -> dict[str, str]:
    return {"title": TITLE_TEXT.search(html).group(2), "code": code, "article": ARTICLE.search(html).group(2)}


def offline_articles(lang: str) -> dict[str, list[str]]:
    """The plain pages, by case, as [title, article HTML] with `{code}` where the address's code goes
    (digits only, filled in by the service worker): an outcome this phone has not saved, a code this
    build does not know. Each says what to do and whom to call."""
    tx = web_pages.texts(lang)
    e = web_pages.e
    call = tx["offline_call"].format(phone=web_pages.CNSS_PHONE)
    code = f'<p class="ck-code">{e(tx["code_label"])}{e(tx["colon"])} <strong dir="ltr">{{code}}</strong></p>'
    again = f'<p><a class="md-button" href="../">{e(tx["offline_start"])}</a></p>'
    saved = f'<p><a href="../../hors-ligne/">{e(tx["offline_saved_pages"])}</a></p>'  # fr/verifier/1/ -> fr/hors-ligne/

    def page(case: str, title: str, lines: list[str]) -> list[str]:
        return [e(title), (f'<div class="ck-offline" data-offline-page="{case}" role="alert">\n'
                           f'<h1>{e(title)}</h1>\n' + "\n".join(lines) + "\n</div>\n")]

    return {
        "outcome": page("outcome", tx["offline_title"], [f'<p>{e(tx["offline_outcome"])}</p>', code,
                                                         f'<p>{e(tx["offline_keep"])} {e(call)}</p>', saved]),
        "unknown": page("unknown", tx["unknown_code_title"], [f'<p>{e(tx["offline_unknown"])}</p>', code, again,
                                                              f"<p>{e(call)}</p>"]),
    }


def _codes(folder: Path) -> dict[str, list[str]]:
    """Every answer code with a page in `folder` (verifier/ of one language), by kind: questions,
    outcomes, older codes (a page that asks again a question that changed: docs-dev/codes.md)."""
    kinds: dict[str, list[str]] = {"questions": [], "outcomes": [], "older": []}
    for page in sorted(p for p in folder.iterdir() if CODE_DIR.match(p.name)):
        html = (page / "index.html").read_text(encoding="utf-8")
        kind = "outcomes" if 'id="resultat"' in html else "questions" if 'class="ck-question"' in html else "older"
        kinds[kind].append(page.name)
    return kinds


def engine_bytes(site: Path) -> int:
    """What keeping the whole checker on a phone downloads: the worker's files as brotli on the wire
    (the sizes the build wrote into the worker: checker_assets.checker_build)."""
    worker = next((site / "assets" / "javascripts").glob("verifier-worker.*.mjs")).read_text(encoding="utf-8")
    table = json.loads(json.loads(re.search(r'JSON\.parse\(("(?:[^"\\]|\\.)*")\)', worker).group(1)))
    return sum(f[1] for group in ("pyodide", "checker") for f in table[group]["files"].values())


def write_keep_size(site: Path) -> None:
    """The start pages' "keep the whole checker" button says what it costs, in megabytes."""
    size = f"{engine_bytes(site) / 1e6:.1f}"
    for root in (language.root for language in LANGUAGES.values()):
        start = site / root / CHECKER / "index.html"
        html = start.read_text(encoding="utf-8")
        if html.count("{size}") != 1:
            raise SystemExit(f"{root}{CHECKER}: the keep button's {{size}} is not there once (sitebuild/checker_page.py)")
        start.write_text(html.replace("{size}", size), encoding="utf-8")


def offline_data(site: Path) -> dict:
    """The offline data of a built site; refuses a page the template does not give back exactly."""
    data: dict = {}
    codes: dict[str, list[str]] | None = None
    for lang, root in ((code, language.root) for code, language in LANGUAGES.items()):
        folder = site / root / CHECKER
        first = (folder / "0" / "index.html").read_text(encoding="utf-8")
        parts, slots = _split(first)
        mine = _codes(folder)
        if codes is not None and mine != codes:
            raise SystemExit(f"{root}{CHECKER}: not the same answer codes as the other language")
        codes = mine
        pages = {}
        for code in mine["questions"] + mine["older"]:
            html = (folder / code / "index.html").read_text(encoding="utf-8")
            values = _page_values(html, code)
            if fill(parts, slots, values) != html:
                raise SystemExit(f"{root}{CHECKER}{code}/: the offline template does not give this page back "
                                 "(sitebuild/postbuild/checker_offline.py)")
            pages[code] = [values["title"], values["article"]]
        data[lang] = {"parts": parts, "slots": slots, "pages": pages, "offline": offline_articles(lang)}
    assert codes is not None
    data["outcomes"] = codes["outcomes"]
    return data


def write_offline_checker(site_dir: str | Path) -> dict:
    """Write verifier/offline.<hash>.json and the keep button's size."""
    site = Path(site_dir)
    write_keep_size(site)
    data = offline_data(site)
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    for old in (site / CHECKER).glob("offline.*.json"):
        old.unlink()
    (site / OFFLINE_DATA.format(hashlib.sha256(body).hexdigest()[:12])).write_bytes(body)
    return {"pages": len(data["ar"]["pages"]), "outcomes": len(data["outcomes"])}


# Online, on a first visit (no service worker yet), an address under verifier/ that is no page of this
# build (a mistyped or forged code) gets the server's 404 for it: deploy/nginx/ sends this page, the
# site's own 404 page in that language with the checker's words (the code matches no answer; start
# the questions again; whom to call) and absolute links, since it answers at any address.
UNKNOWN_CODE_PAGE = CHECKER + "404.html"
NOT_FOUND_BLOCK = re.compile(r"(<div class=\"not-found\" data-not-found>).*?(</div>)", re.S)
PAGE_TITLE = re.compile(r"<title>([^<]*)</title>")


def unknown_code_page(not_found_html: str, lang: str) -> str:
    """The site's 404 page of `lang` with the unknown-code words in place of its own."""
    tx = web_pages.texts(lang)
    e = web_pages.e
    start = website.page_url(urlsplit(website.site_url()).path, lang, CHECKER)
    call = tx["offline_call"].format(phone=web_pages.CNSS_PHONE)
    block = (f'\n<div class="ck-offline" data-offline-page="unknown" role="alert">\n<h1>{e(tx["unknown_code_title"])}</h1>\n'
             f'<p>{e(tx["offline_unknown"])}</p>\n'
             f'<p><a class="md-button md-button--primary" href="{e(start)}" data-start>{e(tx["offline_start"])}</a></p>\n'
             f"<p>{e(call)}</p>\n</div>\n")
    page, found = NOT_FOUND_BLOCK.subn(lambda m: m.group(1) + block + m.group(2), not_found_html, count=1)
    if not found:
        raise BuildError(f"the 404 page of {lang!r} has no data-not-found block (overrides/404.html)")
    return PAGE_TITLE.sub(lambda m: f"<title>{e(tx['unknown_code_title'])} - {m.group(1)}</title>", page, count=1)


def write_unknown_code_pages(site_dir: str | Path) -> None:
    """verifier/404.html and fr/verifier/404.html, from the built 404 pages (after every step that
    rewrites them, before the CSP lists the pages)."""
    site = Path(site_dir)
    for lang, language in LANGUAGES.items():
        source = site / language.root / "404.html"
        target = site / language.root / UNKNOWN_CODE_PAGE
        target.write_text(unknown_code_page(source.read_text(encoding="utf-8"), lang), encoding="utf-8")
