"""Glue for the web page: a Web Worker calls `run()` through Pyodide.

The only Pyodide-aware module, yet it imports neither `js` nor `pyodide`: strings in, a JSON
string out, so it is tested in CPython too. Nothing the user typed is echoed back: rejected
answers are reported by fact id (only when the id is a known fact) and a reason code.
"""
from __future__ import annotations

import datetime
import json
from urllib.parse import unquote_plus

from .answers import AnswerError, parse_value
from .engine import evaluate
from .load import rules_from_json
from .model import LANGS, RuleSet
from .text import explain

MAX_FRAGMENT = 2000  # a real fragment is < 300 characters; more is noise or an attack
MAX_PAIRS = 32

_cache: dict[str, RuleSet] = {}


def _rules(rules_json: str) -> RuleSet:
    rules = _cache.get(rules_json)
    if rules is None:
        _cache.clear()  # one bundle per page: keep memory flat
        rules = _cache[rules_json] = rules_from_json(rules_json)
    return rules


def parse_fragment(rules: RuleSet, fragment: str) -> tuple[dict[str, object], list[dict]]:
    """URL fragment -> (typed answers, rejected entries). Later duplicates are rejected."""
    facts = {f.id: f for f in rules.facts}
    answers: dict[str, object] = {}
    rejected: list[dict] = []
    if len(fragment) > MAX_FRAGMENT:
        rejected.append({"fact": None, "reason": "too_long"})
        fragment = fragment[:MAX_FRAGMENT]
    fragment = fragment.lstrip("#")
    pairs = [p for p in fragment.split("&") if p]
    if len(pairs) > MAX_PAIRS:
        rejected.append({"fact": None, "reason": "too_many"})
        pairs = pairs[:MAX_PAIRS]
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key, value = unquote_plus(key).strip(), unquote_plus(value)
        if not sep:
            rejected.append({"fact": key if key in facts else None, "reason": "malformed"})
            continue
        if key not in facts:
            rejected.append({"fact": None, "reason": "unknown_fact"})
            continue
        if value == "":
            continue  # an empty form field: not answered
        if key in answers:
            rejected.append({"fact": key, "reason": "duplicate"})
            continue
        try:
            answers[key] = parse_value(facts[key], value)
        except AnswerError:
            rejected.append({"fact": key, "reason": "value_not_allowed"})
    return answers, rejected


def run(rules_json: str, fragment: str, lang: str, on: str) -> str:
    """Evaluate the answers in a URL fragment; return JSON with the report, questions and texts."""
    if lang not in LANGS:
        lang = LANGS[0]
    try:
        day = datetime.date.fromisoformat(on)
    except (TypeError, ValueError):
        return json.dumps({"error": "bad_date", "allowed": "YYYY-MM-DD"})
    rules = _rules(rules_json)
    answers, rejected = parse_fragment(rules, fragment or "")
    report = evaluate(rules, answers, on=day)
    texts = explain(rules, report, answers, lang)
    for r in rejected:
        fact = r["fact"]
        if r["reason"] == "value_not_allowed":
            f = rules.fact(fact)
            allowed = (", ".join(v.label.get(lang) for v in f.values) if f.kind == "choice"
                       else f"{f.min}–{f.max}")
            r["message"] = f"{f.question.get(lang)} → {allowed}"
    return json.dumps({
        "lang": lang,
        "report": report.to_dict(),
        "answers": answers,
        "ask": list(report.ask),
        "rejected": rejected,
        "texts": texts,
    }, ensure_ascii=False)


def page(rules_json: str, lang: str, code: str, on: str, site_url: str = "") -> str:
    """The checker page at verifier/<code>/ for the day `on`, as the build renders it (the pages'
    renderer, checker.web_pages): JSON {title, html, outcome} or {"error": ...}. The worker uses it
    to render offline a page that was never fetched, and to re-check an outcome for today."""
    from . import web_pages  # only the pages need it; run() stays as light as it was

    if lang not in LANGS:
        lang = LANGS[0]
    try:
        day = datetime.date.fromisoformat(on)
    except (TypeError, ValueError):
        return json.dumps({"error": "bad_date", "allowed": "YYYY-MM-DD"})
    if not (code.isdigit() and len(code) <= MAX_PAIRS):
        return json.dumps({"error": "bad_code"})
    shown = web_pages.render_page(lang, code, day, rules=_rules(rules_json), site_url=site_url)
    if shown is None:
        return json.dumps({"error": "unknown_code"})
    outcome = shown.state.fact is None
    return json.dumps({"title": shown.title, "html": shown.html, "outcome": outcome,
                       "report": shown.state.report.to_dict() if outcome else None}, ensure_ascii=False)
