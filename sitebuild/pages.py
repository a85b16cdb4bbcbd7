"""Markers for the information pages: they render what `checker/rules/` and `docs/_data/` hold.

Listed in `markers.MARKERS`, so a page writes `<!-- rules:documents scheme=rna -->` instead of
retyping a list: a change in the rules changes every page (and the printed guides that reuse
`templates/_macros.j2`).

Markers (each receives the page it is expanded on, sitebuild.website.Page: its language and folder):
  rules:conditions scheme=rna     categories with the conditions that decide them
  rules:obstacles scheme=rna      what blocks registration or needs checking first
  rules:documents scheme=rna [skip=a,b]  documents per category, with where to get them and "to confirm"
                                  (skip: ids said once in the page's prose instead of under every category)
  rules:steps scheme=rna | ids=a,b  numbered steps (derived from the scheme's positive rules, or listed)
  rules:regimes scheme=amo        AMO regimes and their start dates
  rules:notes ids=a,b             notes, with "to confirm" when uncertain
  rules:amount id=...             a contribution amount and the decree date it comes from
  rules:cite ids=a,b              a page's sources, linked to their row on sources/
  rules:sources set=rules|pages   the sources table (rules' sources / docs/_data/sources.toml)
  rules:glossary                  docs/_data/glossary.toml, one stacked entry per term
  rules:verified-on               the "last verified" stamp (the rules' verified_on)
  rules:question-count            how many questions the checker asks at most ("8 أسئلة", "8 questions")
  rules:call id=cnss              a large, labelled call button (tel:), from docs/_data/contacts.toml
  rules:place id=...              a place's name with a map search for it (never an invented address)

Phone numbers in the rules' texts (3939, the DGI's call centre) come out as tel: links, like the
numbers the pages write themselves: one tap to call on a phone.
"""
from __future__ import annotations

import datetime
import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

import checker
from checker import display, web_pages
from checker.dates import format_date, month_year
from checker import schema
from checker.model import LANGUAGES, POSITIVE, Source
from checker.schema import page_sources
from checker.words import counted, word
from sitebuild import chamber, contacts, icons, render
from sitebuild.website import ROOT, Page, mtime, rules

DATA = ROOT / "docs" / "_data"
BLOCKING = ("not_eligible", "need_more_info")


@lru_cache(maxsize=8)
def _data_at(name: str, stamp: float) -> dict[str, Any]:
    return tomllib.loads((DATA / f"{name}.toml").read_text(encoding="utf-8"))


def data(name: str) -> dict[str, Any]:
    """A file of `docs/_data/` (not published: `exclude_docs: _*`), read again only when it changed."""
    return _data_at(name, mtime(DATA / f"{name}.toml"))


def macros():
    return render.env.get_template("_macros.j2").module


def where_md(w: display.Where | None, lang: str) -> Markup:
    """A Where item as Markdown: the address is a link (kept left-to-right in Arabic lines), phone
    numbers are tel: links, and each place it names gets a map search (docs/_data/contacts.toml)."""
    if w is None:
        return Markup("")
    if not w.address:
        md = escape(w.text)
    else:
        md = escape(w.before) + Markup(f"[{_ltr(w.address)}]({w.url})") + escape(w.after)
    return contacts.link_where(md, lang, data("contacts"), word("map_of", lang, name="{name}"))


def where_icon() -> Markup:
    return icons.for_("places", "where")


def item_md(entry_id: str, lang: str, rs: checker.RuleSet | None = None) -> dict[str, Any]:
    """A document, step or note (display.Item) as the macros take it: pictogram (documents), text,
    where (Markdown), confirm."""
    it = display.item(rs or rules(), entry_id, lang)
    return {"icon": icons.for_("documents", entry_id), "text": it.text, "where": where_md(it.where, lang),
            "confirm": it.confirm}


def _ltr(text: str) -> Markup:
    """Latin text (a web address, a French outlet name) kept left-to-right inside Arabic lines."""
    return Markup('<span dir="ltr">{}</span>').format(text)


ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")  # Arabic letters (a raw pattern: no Arabic in code)


def _name(name: str) -> Markup:
    """Who published a source: an Arabic name flows with the line; a Latin one (a French-only outlet,
    a web address) stays left-to-right inside Arabic lines."""
    return escape(name) if ARABIC_LETTER.search(name) else _ltr(name)


def _source_href(source_id: str, root: str) -> str:
    return f"{root}sources/index.md#src-{source_id.replace('_', '-')}"


@dataclass(frozen=True)
class Listed:
    """A source as the pages cite and list it: the display item, whether it is dated, when it was last
    checked, and which list it belongs to (the rules' sources or the pages' own)."""
    cite: display.Citation
    dated: bool
    verified: datetime.date
    set: str


@lru_cache(maxsize=None)
def page_only_sources() -> tuple[tuple[Source, datetime.date], ...]:
    """docs/_data/sources.toml, validated as the rules' sources are."""
    return page_sources("docs/_data/sources.toml", data("sources"))


def all_sources(lang: str) -> dict[str, Listed]:
    """Rules sources and page-only sources, keyed by id (rules first)."""
    rs = rules()
    out = {s.id: Listed(display.cite(s, lang), s.date is not None, rs.verified_on, "rules") for s in rs.sources}
    for s, verified in page_only_sources():
        out[s.id] = Listed(display.cite(s, lang), s.date is not None, verified, "pages")
    return out


def _ids(arg: str) -> list[str]:
    return [i for i in arg.split(",") if i]


# Phone numbers as the sources print them, and the number a phone dials.
PHONES = (
    (re.compile(r"(?<![\w:+/>.-])3939(?!\w|[.,-]\d)"), "3939"),
    (re.compile(r"(?<![\w:+/>.-])05 37 27 37 27(?!\w|[.,-]\d)"), "+212537273727"),
)


def tel_links(markdown: str) -> str:
    """Every phone number of a rendered text as a tel: link (left untouched inside a link already)."""
    for pattern, dial in PHONES:
        markdown = pattern.sub(lambda m: f'<a href="tel:{dial}">{m.group(0)}</a>', markdown)
    return markdown


# Markers ------------------------------------------------------------------------------------
def m_conditions(page: Page, scheme: str = "rna") -> str:
    lang = page.lang
    rs = rules()
    items = []
    for outcome in (o for o in rs.outcomes if o.scheme == scheme):
        deciding = rs.route_rules(scheme, outcome.id)
        items.append({"title": outcome.label.get(lang), "text": " ".join(r.label.get(lang) for r in deciding),
                      "rules": [], "source": ""})
    return tel_links(str(macros().conditions(items)))


def m_obstacles(page: Page, scheme: str = "rna") -> str:
    lang = page.lang
    items = [{"text": r.label.get(lang), "confirm": ""} for r in rules().scheme_rules(scheme) if r.status in BLOCKING]
    return tel_links(str(macros().plain_list(items)))


def m_documents(page: Page, scheme: str = "rna", skip: str = "") -> str:
    lang = page.lang
    rs = rules()
    skipped = set(_ids(skip))
    out = []
    for outcome in (o for o in rs.outcomes if o.scheme == scheme):
        items = [item_md(d, lang, rs) for d in rs.route_documents(scheme, outcome.id) if d not in skipped]
        title = word("documents_for", lang, category=outcome.label.get(lang))
        if not items:  # no published list (a cooperative, an enterprise): say so, with whom to ask
            out.append(f"**{escape(title)}**\n\n{escape(word('documents_none', lang))}\n")
            continue
        out.append(str(macros().checklist(title, items, word("where", lang), where_icon())))
    return tel_links("\n".join(out))


def m_steps(page: Page, scheme: str = "", ids: str = "") -> str:
    lang = page.lang
    rs = rules()
    step_ids = _ids(ids)
    if not step_ids:
        for r in rs.scheme_rules(scheme):
            if r.status in POSITIVE:
                step_ids += [s for s in r.steps if s not in step_ids]
    return tel_links(str(macros().steps([item_md(sid, lang, rs) for sid in step_ids], word("where", lang), where_icon())))


def m_regimes(page: Page, scheme: str = "amo") -> str:
    lang = page.lang
    items = [{"title": o.label.get(lang), "text": o.description.get(lang)} for o in rules().outcomes if o.scheme == scheme]
    return tel_links(str(macros().definitions(items)))


def m_notes(page: Page, ids: str) -> str:
    lang = page.lang
    return tel_links(str(macros().plain_list([item_md(n, lang) for n in _ids(ids)])))


def _with_figures(text: str, lang: str) -> str:
    """A page-data text with its {figure}s filled in, as the rules' own texts are (checker/schema.py)."""
    return schema.FIGURE.sub(lambda m: figure(m.group(0)[1:-1], lang), text)


def figure(spec: str, lang: str) -> str:
    """A figure a rule holds, as the rules' texts write it (checker/schema.py FIGURE): `RULE.FACT` (the
    threshold that rule compares the fact with), `AMOUNT` (its latest value), `DURATION` (in its unit's
    words), each optionally with a counted noun and `|obl` (`RULE.FACT|year|obl`); never typed."""
    table = schema.figure_values([(f["name"], f["data"]) for f in json.loads(rules().bundle)["files"]])
    try:
        return schema.figure_text(spec, table, lang, counted, month_year)
    except ValueError as e:
        raise KeyError(f"rules:figure: {e} (known: {', '.join(sorted(table))})") from None


def m_figure(page: Page, of: str) -> str:
    """A figure a rule holds, in a sentence of a page: `<!-- rules:figure of=RULE.FACT|year -->`,
    `of=AMOUNT|dirham`, `of=DURATION|obl`…"""
    return figure(of, page.lang)


def m_amount(page: Page, id: str) -> str:  # noqa: A002  (marker argument name)
    lang = page.lang
    rs = rules()
    amount = rs.get(id)
    current = amount.on(rs.verified_on)
    if current is None or current.value is None:
        line = rs.text("amount_not_found", lang)
    else:
        line = word("amount_since", lang, amount=counted(current.value, "dirham", lang),
                    date=format_date(current.start, lang))
    # The amount's note repeats the figure for the checker's result page; the pages say the rest in prose.
    return tel_links(str(macros().amount(amount.label.get(lang), line, display.confirm(rs, amount, lang), "")))


def _origin(c: display.Citation) -> Markup:
    """Where a reader finds the source: its address as a link, else who published it."""
    if c.url:
        return Markup(f"[{_ltr(c.url.split('//', 1)[-1].rstrip('/'))}]({c.url})")
    return _name(c.by) if c.by else Markup("")


def _cite_detail(s: Listed, lang: str) -> Markup:
    parts = [escape(format_date(datetime.date.fromisoformat(s.cite.date), lang))] if s.dated else []
    return Markup(word("list_separator", lang)).join(parts + [_origin(s.cite)])


def m_cite(page: Page, ids: str) -> str:
    lang, root = page.lang, page.docs_root
    sources = all_sources(lang)
    lines = [str(macros().citation(sources[i].cite.title, _source_href(i, root), _cite_detail(sources[i], lang),
                                   word(f"confidence_{sources[i].cite.confidence}", lang), word("list_separator", lang)))
             for i in _ids(ids)]
    lines.append(f"- [{word('sources_page', lang)}]({root}sources/index.md)")
    return "\n".join(lines) + "\n"


def m_sources(page: Page, set: str = "rules") -> str:  # noqa: A002  (marker argument name)
    lang = page.lang
    rows = []
    for s in all_sources(lang).values():
        if s.set != set:
            continue
        c = s.cite
        title = escape(c.title)
        if c.number and c.number not in c.title and c.number.replace("-", ".") not in c.title:
            title += escape(f" (n° {c.number})")
        origin = _origin(c)
        if c.url and c.by:
            origin += Markup("<br>") + _name(c.by)
        # Link, publisher and the passage relied on sit under the title: three columns stay readable
        # on a 360-px phone; the passage keeps its own language and direction.
        quote = Markup('<q lang="{}" dir="{}">{}</q>').format(
            c.quote_lang, LANGUAGES[c.quote_lang].dir, c.quote)
        cell = Markup('<span id="src-{}"></span>**{}** <small>({})<br>{}<br>{}</small>').format(
            c.id.replace("_", "-"), title, word("confidence_" + c.confidence, lang), origin, quote)
        # A dated source shows its date; an undated page, the day its passage was read.
        when = escape(format_date(datetime.date.fromisoformat(c.date), lang)) if s.dated else escape(c.when)
        rows.append([cell, when, escape(format_date(s.verified, lang))])
    headers = [word(k, lang) for k in ("col_source", "col_date", "col_verified")]
    return tel_links(str(macros().table(headers, rows)))


def _in(text: str, lang: str) -> Markup:
    """A term in its own language and direction, whatever the page's (screen readers switch voice)."""
    return Markup('<span lang="{}" dir="{}">{}</span>').format(lang, LANGUAGES[lang].dir, text)


def m_glossary(page: Page) -> str:
    lang = page.lang
    others = [other for other in LANGUAGES if other != lang]
    items = [{"term": _in(t[lang], lang), "other": Markup(" ").join(_in(t[other], other) for other in others),
              "note": escape(_with_figures(t["note"][lang], lang)) if "note" in t else ""} for t in data("glossary")["term"]]
    return tel_links(str(macros().glossary(items)))


def m_call(page: Page, id: str) -> str:  # noqa: A002  (marker argument name)
    lang = page.lang
    phone = next(p for p in data("contacts")["phone"] if p["id"] == id)
    return str(macros().call(f"tel:{phone['tel']}", word(phone["label"], lang), phone["number"],
                             icons.for_("places", "phone")))


def m_place(page: Page, id: str) -> str:  # noqa: A002
    lang = page.lang
    place = next(p for p in data("contacts")["place"] if p["id"] == id)
    return str(macros().place(place["name"][lang], contacts.map_href(place), word("map_search", lang),
                              icons.for_("places", "where"), icons.for_("places", "map_search")))


def m_chamber(page: Page) -> str:
    """The deploying chamber's own details (chamber.toml): name, address, hours, a call button and its
    map link; not filled: why no address is given, and a map search for the region's chamber's name."""
    lang = page.lang
    own = chamber.current()
    name = own.name[lang]
    if not own.filled:
        return str(escape(word("chamber_not_set", lang))) + "\n\n" + str(macros().place(
            name, own.map_url, word("map_search", lang), icons.for_("places", "where"), icons.for_("places", "map_search")))
    colon = word("colon", lang)
    lines = [f"**{escape(name)}**", "",
             f"- {escape(word('chamber_address', lang))}{colon} {escape(own.address[lang])}",
             f"- {escape(word('chamber_hours', lang))}{colon} {escape(own.hours[lang])}",
             f'- <a class="map-search" href="{escape(own.map_url)}">{icons.for_("places", "map_search")}'
             f'{escape(word("chamber_map", lang))}</a>', ""]
    return "\n".join(lines) + str(macros().call(f"tel:{own.tel}", word("call_chamber", lang), own.phone,
                                                icons.for_("places", "phone")))


def m_verified_on(page: Page) -> str:
    lang = page.lang
    return str(macros().verified_on(word("verified_on", lang, date=format_date(rules().verified_on, lang))))


def m_question_count(page: Page) -> str:
    """The most questions one path through the checker asks: the number its start page shows."""
    lang = page.lang
    n = web_pages.most_questions(rules=rules())
    return counted(n, "question", lang)
