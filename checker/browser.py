"""Glue for the browser: the checker's Web Worker calls `page()` through Pyodide (a checker page
rendered offline, or an outcome re-checked for today); `run()` is the engine's result as JSON
(the shipped Python's tests run it under Node).

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


def page(rules_json: str, lang: str, code: str, on: str, site_url: str = "", answers: str | None = None,
         media_json: str = "") -> str:
    """The checker page at verifier/<code>/ for the day `on`, as the build renders it (the pages'
    renderer, checker.web_pages): JSON {title, html, outcome, code, report} or {"error": ...}. The
    worker uses it to render offline a page that was never fetched. With `answers` (an outcome's
    `data-answers`, a fragment) the page is the one those answers lead to on `on`, whatever `code`
    says: re-checking an outcome for today, when the rules may ask other questions than at the build.
    `media_json`: the build's recordings and pictograms (web_pages.Media, as JSON), so that the page
    has the same ▶ buttons and pictograms as the static one."""
    from . import web_pages  # only the pages need it; run() stays as light as it was

    lang = lang if lang in LANGS else LANGS[0]
    day = _day(on)
    if day is None:
        return BAD_DATE
    rules = _rules(rules_json)
    if isinstance(answers, str):  # not None, nor Pyodide's jsnull
        st = web_pages.state_for(parse_fragment(rules, answers)[0], day, rules=rules)  # the one parser
    elif not (code.isdigit() and len(code) <= MAX_PAIRS):
        return json.dumps({"error": "bad_code"})
    else:
        st = web_pages.decode(code, day, rules=rules)
        if st is None:
            return json.dumps({"error": "unknown_code"})
    media = web_pages.Media.from_json(json.loads(media_json)) if isinstance(media_json, str) and media_json \
        else web_pages.NO_MEDIA
    shown = web_pages.page_for_state(lang, st, day, rules=rules, site_url=site_url, media=media)
    outcome = st.fact is None
    return json.dumps({"title": shown.title, "html": shown.html, "outcome": outcome, "code": st.code,
                       "report": st.report.to_dict() if outcome else None}, ensure_ascii=False)
