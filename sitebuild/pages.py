"""Markers for the information pages: they render what `checker/rules/` and `docs/_data/` hold.

Listed in `markers.MARKERS`, so a page writes `<!-- rules:documents scheme=rna -->` instead of
retyping a list: a change in the rules changes every page (and the printed guides that reuse
`templates/_macros.j2`).

Markers (all take the page language; `root` is the path to the site root, "../" by default, "./" on home):
  rules:conditions scheme=rna     categories with the conditions that decide them
  rules:obstacles scheme=rna      what blocks registration or needs checking first
  rules:documents scheme=rna      documents per category, with where to get them and "to confirm"
  rules:steps scheme=rna | ids=a,b  numbered steps (derived from the scheme's positive rules, or listed)
  rules:regimes scheme=amo        AMO regimes and their start dates
  rules:notes ids=a,b             notes, with "to confirm" when uncertain
  rules:amount id=...             a contribution amount and the decree date it comes from
  rules:cite ids=a,b [root=..]    a page's sources, linked to their row on sources/
  rules:sources set=rules|pages   the sources table (rules' sources / docs/_data/sources.toml)
  rules:glossary                  docs/_data/glossary.toml as a table
  rules:verified-on               the "last verified" stamp (the rules' verified_on)
"""
from __future__ import annotations

import datetime
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

import checker
from checker import display
from checker.dates import format_date
from checker.words import word
from sitebuild import render

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "docs" / "_data"
RULES_DIR = Path(checker.__file__).parent / "rules"
SUCCESS = ("eligible", "to_enrol")  # statuses whose rules carry the documents and steps of a category
BLOCKING = ("not_eligible", "need_more_info")


def _stamp(*paths: Path) -> tuple[float, ...]:
    return tuple(max(f.stat().st_mtime for f in p.glob("*.toml")) if p.is_dir() else p.stat().st_mtime for p in paths)


@lru_cache(maxsize=2)
def _rules_at(stamp: tuple[float, ...]) -> checker.RuleSet:
    return checker.load_rules()


def rules() -> checker.RuleSet:
    """The rules, loaded once per build (reloaded only if a rule file changed, e.g. under `mkdocs serve`)."""
    return _rules_at(_stamp(RULES_DIR))


@lru_cache(maxsize=8)
def _data_at(name: str, stamp: tuple[float, ...]) -> dict[str, Any]:
    return tomllib.loads((DATA / f"{name}.toml").read_text(encoding="utf-8"))


def data(name: str) -> dict[str, Any]:
    """A file of `docs/_data/` (not published: `exclude_docs: _*`)."""
    return _data_at(name, _stamp(DATA / f"{name}.toml"))


fmt_date = format_date  # one date style for the checker's texts, the pages and the PDFs


def macros():
    return render.env.get_template("_macros.j2").module


def where_md(w: display.Where | None) -> Markup:
    """A Where item as Markdown: only the address is a link (kept left-to-right in Arabic lines)."""
    if w is None:
        return Markup("")
    if not w.address:
        return escape(w.text)
    return escape(w.before) + Markup(f"[{_ltr(w.address)}]({w.url})") + escape(w.after)


def item_md(entry_id: str, lang: str, rs: checker.RuleSet | None = None) -> dict[str, Any]:
    """A document, step or note (display.Item) as the macros take it: text, where (Markdown), confirm."""
    it = display.item(rs or rules(), entry_id, lang)
    return {"text": it.text, "where": where_md(it.where), "confirm": it.confirm}


def _ltr(text: str) -> Markup:
    """Latin text (a web address, a French outlet name) kept left-to-right inside Arabic lines."""
    return Markup('<span dir="ltr">{}</span>').format(text)


def _source_href(source_id: str, root: str) -> str:
    return f"{root}sources/index.md#src-{source_id.replace('_', '-')}"


def all_sources(lang: str) -> dict[str, dict[str, Any]]:
    """Rules sources and page-only sources, as plain dicts keyed by id (rules first)."""
    rs = rules()
    out: dict[str, dict[str, Any]] = {}
    for s in rs.sources:
        out[s.id] = {"id": s.id, "title": s.title.get(lang), "number": s.number, "date": s.date, "url": s.url,
                     "outlet": s.outlet, "confidence": s.confidence, "verified": rs.verified_on, "set": "rules"}
    for s in data("sources")["source"]:
        out[s["id"]] = {"id": s["id"], "title": s["title"][lang], "number": s.get("number"), "date": s.get("date"),
                        "url": s.get("url"), "outlet": s.get("outlet"), "confidence": s["confidence"],
                        "verified": s["verified"], "set": "pages"}
    return out


def _ids(arg: str) -> list[str]:
    return [i for i in arg.split(",") if i]


# Markers ------------------------------------------------------------------------------------
def m_conditions(lang: str, scheme: str = "rna") -> str:
    rs = rules()
    items = []
    for outcome in (o for o in rs.outcomes if o.scheme == scheme):
        deciding = [r for r in rs.scheme_rules(scheme) if r.category == outcome.id and r.status in SUCCESS]
        items.append({"title": outcome.label.get(lang), "text": " ".join(r.label.get(lang) for r in deciding),
                      "rules": [], "source": ""})
    return str(macros().conditions(items))


def m_obstacles(lang: str, scheme: str = "rna") -> str:
    items = [{"text": r.label.get(lang), "confirm": ""} for r in rules().scheme_rules(scheme) if r.status in BLOCKING]
    return str(macros().plain_list(items))


def m_documents(lang: str, scheme: str = "rna") -> str:
    rs = rules()
    out = []
    for outcome in (o for o in rs.outcomes if o.scheme == scheme):
        doc_ids: list[str] = []
        for r in rs.scheme_rules(scheme):
            if r.category == outcome.id and r.status in SUCCESS:
                doc_ids += [d for d in r.documents if d not in doc_ids]
        items = [item_md(d, lang, rs) for d in doc_ids]
        title = word("documents_for", lang, category=outcome.label.get(lang))
        out.append(str(macros().checklist(title, items, word("where", lang))))
    return "\n".join(out)


def m_steps(lang: str, scheme: str = "", ids: str = "") -> str:
    rs = rules()
    step_ids = _ids(ids)
    if not step_ids:
        for r in rs.scheme_rules(scheme):
            if r.status in SUCCESS:
                step_ids += [s for s in r.steps if s not in step_ids]
    return str(macros().steps([item_md(sid, lang, rs) for sid in step_ids], word("where", lang)))


def m_regimes(lang: str, scheme: str = "amo") -> str:
    items = [{"title": o.label.get(lang), "text": o.description.get(lang)} for o in rules().outcomes if o.scheme == scheme]
    return str(macros().definitions(items))


def m_notes(lang: str, ids: str) -> str:
    return str(macros().plain_list([item_md(n, lang) for n in _ids(ids)]))


def m_amount(lang: str, id: str) -> str:  # noqa: A002  (marker argument name)
    rs = rules()
    amount = rs.get(id)
    current = amount.on(rs.verified_on)
    if current is None or current.value is None:
        line = rs.text("amount_not_found", lang)
    else:
        line = word("amount_since", lang, amount=str(display.number(current.value)), date=fmt_date(current.start, lang))
    # The amount's note repeats the figure for the checker's result page; the pages say the rest in prose.
    return str(macros().amount(amount.label.get(lang), line, display.confirm(rs, amount, lang), ""))


def _cite_detail(s: dict[str, Any], lang: str) -> Markup:
    parts = []
    if s["date"]:
        parts.append(escape(fmt_date(s["date"], lang)))
    if s["url"]:
        shown = s["url"].split("//", 1)[-1].rstrip("/")
        parts.append(Markup(f"[{_ltr(shown)}]({s['url']})"))
    elif s["outlet"]:
        parts.append(_ltr(s["outlet"]))
    return Markup(word("list_separator", lang)).join(parts)


def m_cite(lang: str, ids: str, root: str = "../") -> str:
    sources = all_sources(lang)
    lines = [str(macros().citation(sources[i]["title"], _source_href(i, root), _cite_detail(sources[i], lang),
                                   word(f"confidence_{sources[i]['confidence']}", lang))) for i in _ids(ids)]
    lines.append(f"- [{word('sources_page', lang)}]({root}sources/index.md)")
    return "\n".join(lines) + "\n"


def m_sources(lang: str, set: str = "rules") -> str:  # noqa: A002  (marker argument name)
    rows = []
    for s in all_sources(lang).values():
        if s["set"] != set:
            continue
        title = escape(s["title"])
        if s["number"] and s["number"] not in s["title"] and s["number"].replace("-", ".") not in s["title"]:
            title += escape(f" (n° {s['number']})")
        if s["url"]:
            shown = s["url"].split("//", 1)[-1].rstrip("/")
            origin = Markup(f"[{_ltr(shown)}]({s['url']})")
            if s["outlet"]:
                origin += Markup("<br>") + _ltr(s["outlet"])
        else:
            origin = _ltr(s["outlet"]) if s["outlet"] else ""
        # Link and publisher sit under the title: three columns stay readable on a 360-px phone.
        cell = Markup('<span id="src-{}"></span>**{}** <small>({})<br>{}</small>').format(
            s["id"].replace("_", "-"), title, word("confidence_" + s["confidence"], lang), origin)
        rows.append([cell, escape(fmt_date(s["date"], lang)) if s["date"] else "", escape(fmt_date(s["verified"], lang))])
    headers = [word(k, lang) for k in ("col_source", "col_date", "col_verified")]
    return str(macros().table(headers, rows))


def _in(text: str, lang: str) -> Markup:
    """A term in its own language and direction, whatever the page's (screen readers switch voice)."""
    return Markup('<span lang="{}" dir="{}">{}</span>').format(lang, "rtl" if lang == "ar" else "ltr", text)


def m_glossary(lang: str) -> str:
    rows = [[_in(t["ar"], "ar"), _in(t["fr"], "fr"), escape(t["note"][lang]) if "note" in t else ""]
            for t in data("glossary")["term"]]
    return str(macros().table([word("lang_name_ar", lang), word("lang_name_fr", lang), word("col_note", lang)], rows))


def m_verified_on(lang: str) -> str:
    return str(macros().verified_on(word("verified_on", lang, date=fmt_date(rules().verified_on, lang))))

