"""Glue for the web page: a Web Worker calls `run()` through Pyodide.

The only Pyodide-aware module, yet it imports neither `js` nor `pyodide`: strings in, a JSON
string out, so it is tested in CPython too. Nothing the user typed is echoed back.
"""
from __future__ import annotations

import datetime
import json

from .answers import MAX_PAIRS, parse_fragment
from .engine import evaluate
from .load import rules_from_json
from .model import LANGS, RuleSet
from .text import explain

_cache: dict[str, RuleSet] = {}


def _rules(rules_json: str) -> RuleSet:
    rules = _cache.get(rules_json)
    if rules is None:
        _cache.clear()  # one bundle per page: keep memory flat
        rules = _cache[rules_json] = rules_from_json(rules_json)
    return rules


BAD_DATE = json.dumps({"error": "bad_date", "allowed": "YYYY-MM-DD"})


def _day(on: str) -> datetime.date | None:
    """The page's date (YYYY-MM-DD), or None when it is not one."""
    try:
        return datetime.date.fromisoformat(on)
    except (TypeError, ValueError):
        return None


def run(rules_json: str, fragment: str, lang: str, on: str) -> str:
    """Evaluate the answers in a URL fragment; return JSON with the report, questions and texts."""
    lang = lang if lang in LANGS else LANGS[0]
    day = _day(on)
    if day is None:
        return BAD_DATE
    rules = _rules(rules_json)
    answers, rejected = parse_fragment(rules, fragment or "")
    report = evaluate(rules, answers, on=day)
    texts = explain(rules, report, answers, lang)
    # Only what the page reads: the route (its data attributes, kept by tests, links and posters),
    # the questions to show, and the words of the result. The page reads links itself, with the
    # same rules as parse_fragment (checker.answers.input_table).
    return json.dumps({
        "report": {"rna": {"status": report.rna.status, "category": report.rna.route},
                   "amo": {"status": report.amo.status, "regime": report.amo.route}},
        "ask": list(report.ask),
        "texts": texts,
    }, ensure_ascii=False)


def page(rules_json: str, lang: str, code: str, on: str, site_url: str = "") -> str:
    """The checker page at verifier/<code>/ for the day `on`, as the build renders it (the pages'
    renderer, checker.web_pages): JSON {title, html, outcome} or {"error": ...}. The worker uses it
    to render offline a page that was never fetched, and to re-check an outcome for today."""
    from . import web_pages  # only the pages need it; run() stays as light as it was

    lang = lang if lang in LANGS else LANGS[0]
    day = _day(on)
    if day is None:
        return BAD_DATE
    if not (code.isdigit() and len(code) <= MAX_PAIRS):
        return json.dumps({"error": "bad_code"})
    shown = web_pages.render_page(lang, code, day, rules=_rules(rules_json), site_url=site_url)
    if shown is None:
        return json.dumps({"error": "unknown_code"})
    outcome = shown.state.fact is None
    return json.dumps({"title": shown.title, "html": shown.html, "outcome": outcome,
                       "report": shown.state.report.to_dict() if outcome else None}, ensure_ascii=False)
