"""Printable guides, one-page checklists and event posters (PDF), from the site's own sources.

The rules (checker/rules/) give every document, step, condition, source and date; the site's
Markdown (docs/) gives the prose, expanded through the same `markers.expand_markers()` as the site. So a
printout says what the site says. Run as a MkDocs post-build step (into site/guides/) or alone:

    python scripts/build_guides.py --out DIR [--site-url URL]
"""
from __future__ import annotations

import argparse
import datetime
import functools
import multiprocessing
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from html import escape as html_escape
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin

import markdown
import segno
import weasyprint
from markupsafe import Markup

import checker
from checker import display, schema
from checker.dates import format_date
from checker.model import LANGS, LANGUAGES, POSITIVE
from checker.words import counted, word, words_in
from sitebuild import chamber, icons, markers, pages, release, render, website
from sitebuild.guides_page import CATEGORIES, DATA, OUT_DIR, Output, outputs
from sitebuild.website import build_day, page_url, site_url, verifier_url

DOCS = website.ROOT / "docs"
CSS = Path(render.TEMPLATES) / "print" / "pdf.css"  # the PDFs' stylesheet; overrides/assets/stylesheets/print.css prints a page
# The site's pages the guide prints, in order: register, insurance, help, glossary, sources.
GUIDE_PAGES = ("registre", "amo", "aide", "lexique", "sources")


# Printouts for events. The published lists of documents are incomplete: checklists print ruled lines
# for what the chamber asks besides them.
RULED_LINES = 2
POSTER_PHONE, POSTER_CHAMBER = "cnss", "chambre_souss_massa"  # ids in docs/_data/contacts.toml


class GuideBuildError(website.BuildError):
    """The printouts would not say what the site and the checker say: the build must stop."""


def short_address(url: str) -> str:
    """What a person types: no scheme, no fragment."""
    return re.sub(r"^https?://", "", url.split("#", 1)[0])


def qr_svg(url: str) -> Markup:
    """The QR code as inline SVG, sized by the stylesheet (viewBox only)."""
    return Markup(segno.make(url, error="m", micro=False).svg_inline(border=4, omitsize=True, dark="#000"))


# The site's Markdown, converted as MkDocs converts it ---------------------------------------------
def _markdown() -> markdown.Markdown:
    listed = website.mkdocs_config()["markdown_extensions"]
    names, configs = [], {}
    for entry in listed:
        name, conf = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if conf:
            configs[name] = conf
    return markdown.Markdown(extensions=names, extension_configs=configs)


INDEX_MD = re.compile(r"(?:(?<=/)|^)index\.md(?=#|$)")
PAGE_MD = re.compile(r"\.md(?=#|$)")
# A link, whatever the order of its attributes (attr_list writes `<a class="md-button" href=…>`).
LINK = re.compile(r'<a\b(?P<before>[^>]*?)\shref="(?P<href>[^"]+)"(?P<after>[^>]*)>(?P<text>.*?)</a>', re.S)
HREF = re.compile(r'\bhref\s*=\s*["\']?(?P<href>[^"\'\s>]*)', re.I)
ABSOLUTE = re.compile(r"^(?:https://|mailto:|tel:|#)")


def page_html(slug: str, lang: str, base: str, md: markdown.Markdown | None = None) -> Markup:
    """One page of the site (docs/<slug>/index.<lang>.md) as HTML, markers expanded like the site.

    Links become absolute addresses under the site and are written out after their text, because
    a reader of paper cannot click.
    """
    source = (DOCS / slug / f"index.{lang}.md").read_text(encoding="utf-8")
    md = md or _markdown()
    html = md.reset().convert(markers.expand_markers(source, website.Page(lang, f"{slug}/")))
    here = page_url(base, lang, f"{slug}/")

    def absolute(m: re.Match) -> str:
        # MkDocs turns links to pages (x/index.md, x.md) into directory URLs; do the same.
        href = urljoin(here, PAGE_MD.sub("/", INDEX_MD.sub("", m.group("href"))))
        text = m.group("text")
        shown = short_address(href).rstrip("/")
        # Addresses outside the site are written out (paper cannot be clicked); links within the
        # site (citations to the sources page) stay links, as the guide prints that page too.
        tail = "" if href.startswith(base) or shown in text or href.startswith(("mailto:", "tel:")) \
            else f' <span class="url">({shown})</span>'
        return f'<a{m.group("before")} href="{href}"{m.group("after")}>{text}</a>{tail}'

    return Markup(LINK.sub(absolute, html))


# The checker, run on each category's answers -----------------------------------------------------
def checklist_answers(category: str) -> dict[str, str]:
    """The answers behind a category's checklist (data/checklist_answers.toml), a figure a rule holds
    filled in from the rules ("{rna_artisan_experience.annees_pratique}"), as the pages fill theirs."""
    return {fact: pages.figure(value[1:-1], website.DEFAULT_LANG) if schema.FIGURE.fullmatch(value) else value
            for fact, value in DATA["fiche_answers"][category].items()}


def category_answers(rules: checker.RuleSet, category: str, on: datetime.date) -> tuple[dict, object]:
    """The answers that give `category`, checked by the checker itself; the report they give."""
    answers = checklist_answers(category)
    report = checker.evaluate(rules, checker.parse_answers(rules, answers), on=on)
    if report.rna.status != "eligible" or report.rna.route != category:
        raise GuideBuildError(f"fiche {category}: answers {answers} give RNA "
                              f"{report.rna.status}/{report.rna.route}, not eligible/{category}")
    order = rules.fact_order()
    return dict(sorted(answers.items(), key=lambda kv: order[kv[0]])), report


def category_block(rules: checker.RuleSet, category: str, lang: str, on: datetime.date) -> dict:
    """What a checklist shows for one category: conditions, documents, steps, notes, sources."""
    answers, report = category_answers(rules, category, on)
    rna = report.rna
    outcome = rules.get(category)
    macros, where, pin = pages.macros(), word("where", lang), pages.where_icon()
    md = _markdown()
    route_documents = rules.route_documents("rna", category)
    documents = [pages.item_md(d, lang, rules) for d in route_documents]
    return {
        "id": category,
        "answers": answers,
        "label": rules.text(outcome, lang),
        "description": outcome.description.get(lang),
        "conditions": [rules.text(r, lang) for r in rna.decided_by],
        # The same macros as the site's checklists, converted like the site's Markdown; no heading over
        # an empty list (a cooperative's documents are not published): the rules' "whom to ask" instead.
        "documents": Markup(md.reset().convert(str(macros.checklist(
            rules.text("heading_documents", lang), documents, where, pin)))) if documents else "",
        "ask": "" if documents else word("documents_none", lang),
        "steps": Markup(md.reset().convert(str(macros.steps(
            [pages.item_md(s, lang, rules) for s in rna.steps], where, pin)))),
        "notes": Markup(md.reset().convert(str(macros.plain_list(
            [pages.item_md(n, lang, rules) for n in rna.notes])))),
    }


# The routes a guide lays out: how to join, and for a registered artisan, paying or not.
ROUTE_STATUSES = POSITIVE + ("to_regularise", "already_covered")


def route_blocks(rules: checker.RuleSet, lang: str) -> list[dict]:
    """Every route the rules open (RNA category, AMO regime): its condition, documents and steps,
    through the site's checklist macros: the guide's tick lists, one per situation."""
    macros, where, md = pages.macros(), word("where", lang), _markdown()
    pin = pages.where_icon()
    out = []
    for rule in rules.rules:
        outcome = rule.route
        if outcome is None or rule.status not in ROUTE_STATUSES:
            continue
        documents = [pages.item_md(d, lang, rules) for d in rule.documents]
        out.append({
            "title": f"{rules.text(rule.scheme, lang)} — {rules.text(outcome, lang)}",
            "condition": rules.text(rule, lang),
            "documents": Markup(md.reset().convert(str(macros.checklist(
                rules.text("heading_documents", lang), documents, where, pin)))) if documents else "",
            "steps": Markup(md.reset().convert(str(macros.steps(
                [pages.item_md(s, lang, rules) for s in rule.steps], where, pin)))),
        })
    return out


# Contexts and PDFs -------------------------------------------------------------------------------
def common(rules: checker.RuleSet, lang: str, base: str) -> dict:
    """What every printout needs; the verification line is worded as on the site's pages."""
    date = format_date(rules.verified_on, lang)
    t = words_in(lang)  # checker/words/: the templates call them t (printouts) and m (results): same words
    return {"lang": lang, "dir": LANGUAGES[lang].dir, "t": t, "m": t,
            "specimen": release.is_placeholder(base),  # a build without the real address: see specimen_css
            "verified_line": word("verified_on", lang, date=date)}


def guide_context(rules: checker.RuleSet, lang: str, base: str, on: datetime.date) -> dict:
    md = _markdown()
    home = page_url(base, lang)
    return {**common(rules, lang, base), "qr": qr_svg(home), "home": short_address(home),
            "pages": [page_html(slug, lang, base, md) for slug in GUIDE_PAGES[:2]],
            "routes": route_blocks(rules, lang),
            "annexes": [page_html(slug, lang, base, md) for slug in GUIDE_PAGES[2:]]}


def fiche_context(rules: checker.RuleSet, lang: str, base: str, on: datetime.date, category: str) -> dict:
    block = category_block(rules, category, lang, on)
    url = verifier_url(base, lang, block["answers"], on, rules)
    return {**common(rules, lang, base), **whom_to_call(lang), "c": block, "qr": qr_svg(url),
            "ruled_lines": range(RULED_LINES), "verifier": short_address(verifier_url(base, lang))}


def whom_to_call(lang: str) -> dict:
    """The CNSS number (docs/_data/contacts.toml, cited) and the chamber: its own details from
    chamber.toml when the deploying chamber filled it, else only the region's chamber by name."""
    contacts = pages.data("contacts")
    phone = next(p for p in contacts["phone"] if p["id"] == POSTER_PHONE)
    own = chamber.current()
    details = []
    if own.filled:
        details = [f"{word('chamber_' + k, lang)}{word('colon', lang)} {v[lang]}"
                   for k, v in (("address", own.address), ("hours", own.hours))]
    return {"phone": phone["number"], "chamber": own.name[lang], "chamber_details": details,
            "chamber_phone": own.phone if own.filled else "",
            "issuer": word("poster_issuer", lang, name=own.name[lang]) if own.filled else "",
            "pics": {k: icons.for_("print", k) for k in icons.pictograms()["print"]}}


def affiche_context(rules: checker.RuleSet, lang: str, base: str, size: str) -> dict:
    url = verifier_url(base, lang)
    return {**common(rules, lang, base), **whom_to_call(lang), "qr": qr_svg(url), "address": short_address(url),
            "size": size}


def short_guide_context(rules: checker.RuleSet, lang: str, base: str, on: datetime.date) -> dict:
    """The short guide: the poster's message, what to bring per category, the steps once, whom to call."""
    url = verifier_url(base, lang)
    blocks = [category_block(rules, c, lang, on) for c in CATEGORIES]
    steps: list[str] = []
    for c in CATEGORIES:
        steps += [s for s in category_answers(rules, c, on)[1].rna.steps if s not in steps]
    pin = pages.where_icon()
    md = _markdown()
    return {**common(rules, lang, base), **whom_to_call(lang), "qr": qr_svg(url), "address": short_address(url),
            "home": short_address(page_url(base, lang)), "categories": blocks,
            "steps": Markup(md.reset().convert(str(pages.macros().steps(
                [pages.item_md(s, lang, rules) for s in steps], word("where", lang), pin))))}


# Arabic vowel marks (fathatan … sukun, superscript alef). WeasyPrint maps each glyph to the text of the
# first cluster it was drawn in; a letter first drawn with a mark (أُ) then reads back empty everywhere
# (copy, search, screen readers). Unvowelled text, as administrations print it, reads back whole.
HARAKAT = re.compile("[\u064b-\u0652\u0670]")


def relative_links(html: str) -> list[str]:
    """Links that are not an absolute address: on paper they would point to the build machine
    (WeasyPrint resolves them against a local folder, giving file:// links)."""
    return sorted({m.group("href") for m in HREF.finditer(html) if not ABSOLUTE.match(m.group("href"))})


def specimen_css(lang: str) -> str:
    """A band in the margins of every page, in the PDF's language, for a build without the real
    address, so that nobody hands out a copy whose QR codes point nowhere. The guide's pages keep
    their running section title at the top and their number after the band."""
    line = word("specimen", lang)
    box = ('font: bold 10pt "Noto Sans", "Noto Naskh Arabic", sans-serif; color: #a00000; '
           "border: 1.5pt solid #a00000; padding: 1mm 3mm; text-align: center; vertical-align: middle;")
    band = f'content: "{line}"; {box}'
    named = "".join(f"@page {name} {{ @top-center {{ {band} }} @bottom-center {{ {band} }} }}\n"
                    for name in ("cover", "fiche", "poster", "poster-a3"))
    return f'@page {{ @bottom-center {{ content: "{line}  ·  " counter(page); {box} }} }}\n' + named


def write_pdf(template: str, context: dict, path: Path, stylesheet: weasyprint.CSS) -> int:
    """Write one PDF; returns its number of pages (the guides page says it: `fill_page_counts`)."""
    html = HARAKAT.sub("", render.env.get_template(f"print/{template}").render(**context))
    wrong = relative_links(html)
    if wrong:
        raise GuideBuildError(f"{path.name}: links that are not absolute addresses: {', '.join(wrong[:5])}")
    sheets = [stylesheet]
    if context.get("specimen"):
        sheets.append(weasyprint.CSS(string=specimen_css(context["lang"])))
    document = weasyprint.HTML(string=html, base_url=str(CSS.parent)).render(stylesheets=sheets)
    document.write_pdf(path)
    return len(document.pages)


@functools.cache
def _stylesheet() -> weasyprint.CSS:
    return weasyprint.CSS(filename=str(CSS))


class Built(NamedTuple):
    seconds: float
    pages: int


def build_one(o: Output, out_dir: Path, base: str, on: datetime.date) -> Built:
    """One PDF; returns the seconds it took and its pages. Runs in a worker process."""
    t0 = time.perf_counter()
    rules = website.rules()
    if o.kind == "guide":
        context, template = guide_context(rules, o.lang, base, on), "guide.html.j2"
    elif o.kind == "guide-short":
        context, template = short_guide_context(rules, o.lang, base, on), "guide_short.html.j2"
    elif o.kind == "fiche":
        context, template = fiche_context(rules, o.lang, base, on, o.category), "fiche.html.j2"
    else:
        context, template = affiche_context(rules, o.lang, base, o.size), "affiche.html.j2"
    pages = write_pdf(template, context, out_dir / o.name, _stylesheet())
    return Built(round(time.perf_counter() - t0, 3), pages)


def build_all(out_dir: Path, base: str | None = None, on: datetime.date | None = None) -> dict[str, Built]:
    """Build every PDF into out_dir, one worker per core (the two guides first: they are the longest).

    Returns seconds and pages per file. Fails (GuideBuildError) if a checklist's answers no longer give its category.
    """
    base = base or site_url()
    on = on or build_day()
    out_dir.mkdir(parents=True, exist_ok=True)
    for category in CATEGORIES:  # before any work: a wrong QR code must stop the build
        category_answers(website.rules(), category, on)
    todo = outputs()
    # fork: workers inherit the loaded modules (and skip re-importing WeasyPrint)
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {o.name: pool.submit(build_one, o, out_dir, base, on) for o in todo}
        return {name: f.result() for name, f in futures.items()}


def build_step(site_dir: str) -> None:
    """MkDocs post-build step: the PDFs into site/guides/, then each one's pages on the guides page."""
    built = build_all(Path(site_dir) / OUT_DIR)
    fill_page_counts(Path(site_dir), {name: b.pages for name, b in built.items()})


def fill_page_counts(site: Path, pages: dict[str, int]) -> None:
    """The guides page's label of each PDF's length, from the PDF just built (a label typed by hand
    said "4 pages" for a 2-page guide): the list leaves an empty `data-pdf-pages` slot per file."""
    for lang in LANGS:
        path = site / page_url("", lang, OUT_DIR) / "index.html"
        html = path.read_text(encoding="utf-8")

        def label(m: re.Match) -> str:
            n = pages[m.group(1)]
            return f'{m.group(0)[:-len("</span>")]}{html_escape(pages_label(n, lang))}</span>'
        filled, count = PAGES_SLOT.subn(label, html)
        if count != len(pages):
            raise GuideBuildError(f"{path}: {count} page-count slots for {len(pages)} PDFs")
        path.write_text(filled, encoding="utf-8")


PAGES_SLOT = re.compile(r'<span class="pdf-pages" data-pdf-pages="([^"]+)"></span>')


def pages_label(n: int, lang: str) -> str:
    """", 2 pages" after a PDF's link, the noun agreeing with the figure as every counted noun does
    (checker/words/counted.toml: Arabic صفحة واحدة, صفحتان, 3 صفحات, 11 صفحة, 103 صفحات)."""
    return LANGUAGES[lang].comma + counted(n, "page", lang)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, required=True, help="folder to write the PDFs into")
    p.add_argument("--site-url", help="public address (default: site_url from mkdocs.yml / SITE_URL)")
    args = p.parse_args(argv)
    base = args.site_url or site_url()
    base = base if base.endswith("/") else base + "/"
    t0 = time.perf_counter()
    timings = build_all(args.out, base)
    for name, built in timings.items():
        print(f"{name:40} {built.seconds:6.2f} s {built.pages:3d} p {(args.out / name).stat().st_size / 1024:8.1f} KB")
    print(f"{len(timings)} PDFs in {time.perf_counter() - t0:.2f} s")
    return 0

