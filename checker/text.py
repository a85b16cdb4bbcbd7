"""Words at the edges: a Report (ids) + RuleSet -> every user-visible text in one language.

`explain()` returns plain data made of display items (checker/display.py), for the browser glue and
the CLI; `render()` turns it into the CLI's text. The engine never sees a language.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from . import display
from .dates import format_date
from .answers import to_fragment
from .engine import Report, SchemeReport
from .model import LANGS, RuleSet
from .words import words


def _status_key(rep: SchemeReport) -> str:
    """The headline's word: `status_<scheme>_<status>`, or, where one exists, the same followed by the
    outcome (an eligible result says how one registers: «… كصانع بالخبرة»)."""
    key = f"status_{rep.scheme}_{rep.status}"
    return f"{key}_{rep.route}" if rep.route and f"{key}_{rep.route}" in words() else key


def _scheme(rules: RuleSet, rep: SchemeReport, answers: dict, lang: str) -> dict:
    """One scheme's result as plain data (JSON for the page), made of display items."""
    t = lambda x: rules.text(x, lang)  # noqa: E731
    provisional = rep.status == "need_more_info"
    why = [(r, display.citation(rules, rules.get(r).source, lang)) for r in rep.decided_by]
    out: dict[str, Any] = {
        "title": t(rep.scheme),
        "status": rep.status,
        "status_text": t(_status_key(rep)),
        "outcome": None,
        "why": [{"id": r, "label": t(r), "source": asdict(c)} for r, c in why],
        # Unmet conditions only where they explain something (display.shows_failed): every output agrees.
        "failed": [{"id": r, "label": t(r)} for r in rep.failed] if display.shows_failed(rep.status) else [],
        "documents": [asdict(display.item(rules, d, lang)) for d in rep.documents],
        "steps": [asdict(display.item(rules, s, lang)) for s in rep.steps],
        "notes": [asdict(display.item(rules, n, lang)) for n in rep.notes],
        "sources": [],
        "missing": [{"id": f, "question": t(f)} for f in rep.missing],
        "to_confirm": [{"id": f, "question": t(f), "answer": _answer_label(rules, f, answers.get(f), lang)}
                       for f in rep.to_confirm],
    }
    if rep.scheme == "rna":
        out["also"] = [{"id": a, "label": t(a), "description": rules.get(a).description.get(lang),
                        "text": t(f"also_{a}")} for a in rep.also]
    if rep.route:
        o = rules.get(rep.route)
        out["outcome"] = {"id": o.id, "label": t(o), "description": o.description.get(lang),
                          "provisional": provisional, "provisional_text": t("provisional") if provisional else None}
    cited: dict[str, display.Citation] = {}
    for c in [c for _, c in why] + [display.citation(rules, s, lang) for s in rep.sources]:
        cited.setdefault(c.id, c)  # the first citation of a source, with its article, wins
    out["sources"] = [asdict(c) for c in cited.values()]
    if rep.scheme == "amo":
        amount = None
        if rep.amount is not None:
            a = display.amount(rules, rep.amount_id, rep.amount_since, lang)
            amount = {**asdict(a), "since": a.since.isoformat()}
        elif rep.route is not None:
            amount = {"value": None, "since": None, "text": t("amount_not_found"), "confirm": t("confirm_cnss")}
        out["amount"] = amount
    return out


def _answer_label(rules: RuleSet, fact_id: str, value: object, lang: str) -> str | None:
    if value is None:
        return None
    fact = rules.fact(fact_id)
    for v in fact.values:
        if v.id == value:
            return v.label.get(lang)
    return str(value) if isinstance(value, int) else None


# Facts that only describe a structure: dropped when a cooperative or an enterprise re-runs as a person.
STRUCTURE_ONLY = ("encadrement_artisan_inscrit",)


def rerun_as_individual(rules: RuleSet, report: Report, answers: dict, lang: str) -> dict | None:
    """AMO is personal: the answers to run again as an individual, keeping the RNA answers already given."""
    if report.amo.status != "per_person":
        return None
    kept = {k: v for k, v in answers.items() if k not in STRUCTURE_ONLY}
    kept["forme"] = "individuel"
    order = rules.fact_order()
    ordered = dict(sorted(kept.items(), key=lambda kv: order[kv[0]]))
    return {"answers": ordered, "fragment": to_fragment(rules, ordered),
            "text": rules.text("rerun_individual", lang)}


def explain(rules: RuleSet, report: Report, answers: dict, lang: str) -> dict:
    """Every text the result needs, resolved in `lang`."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    t = lambda x: rules.text(x, lang)  # noqa: E731
    amo = _scheme(rules, report.amo, answers, lang)
    amo["rerun"] = rerun_as_individual(rules, report, answers, lang)
    return {
        "lang": lang,
        "dir": "rtl" if lang == "ar" else "ltr",
        "on": report.on.isoformat(),
        "verified_on_date": report.verified_on.isoformat(),
        "result_on": t("result_on").format(date=format_date(report.on, lang)),
        "verified_on": t("rules_verified_on").format(date=format_date(report.verified_on, lang)),
        "not_official": t("not_official"),
        "headings": {k: t(f"heading_{k}") for k in (
            "status", "category", "regime", "why", "failed", "documents", "steps", "notes", "sources",
            "missing", "to_confirm", "amount", "also")},
        "labels": {"where": t("where"), "source": t("source")},
        "rna": _scheme(rules, report.rna, answers, lang),
        "amo": amo,
    }


def _where(w: dict) -> str:
    """A Where item as text: the address as it stands in the sentence (a terminal cannot link)."""
    return w["before"] + w["address"] + w["after"]


def render(ex: dict) -> str:
    """Plain text for the terminal, from `explain()` output."""
    h, lab = ex["headings"], ex["labels"]
    lines = [ex["result_on"], ""]
    for scheme in ("rna", "amo"):
        s = ex[scheme]
        lines += [f"== {s['title']} ==", s["status_text"]]
        if s["outcome"]:
            head = h["category"] if scheme == "rna" else h["regime"]
            extra = f" {s['outcome']['provisional_text']}" if s["outcome"]["provisional"] else ""
            lines.append(f"{head}: {s['outcome']['label']}{extra} — {s['outcome']['description']}")
        for a in s.get("also", []):
            lines.append(f"{h['also']}: {a['label']} — {a['text']}")
        if scheme == "amo" and s.get("amount"):
            a = s["amount"]
            lines.append(f"{h['amount']}: {a['text']}" + (f" {a['confirm']}" if a["confirm"] else ""))
        if s["why"]:
            lines.append(f"{h['why']}")
            for w in s["why"]:
                lines.append(f"  - {w['label']} ({lab['source']}: {w['source']['text']})")
        if s["failed"]:  # only under a refusal (display.shows_failed)
            lines.append(h["failed"])
            lines += [f"  - {f['label']}" for f in s["failed"]]
        if s["documents"]:
            lines.append(h["documents"])
            for d in s["documents"]:
                lines.append(f"  [ ] {d['text']} — {lab['where']} {_where(d['where'])}"
                             + (f" ({d['confirm']})" if d["confirm"] else ""))
        if s["steps"]:
            lines.append(h["steps"])
            for i, st in enumerate(s["steps"], 1):
                lines.append(f"  {i}. {st['text']} — {lab['where']} {_where(st['where'])}"
                             + (f" ({st['confirm']})" if st["confirm"] else ""))
        if s["notes"]:
            lines.append(h["notes"])
            for n in s["notes"]:
                lines.append(f"  * {n['text']}" + (f" ({n['confirm']})" if n["confirm"] else ""))
        if s["to_confirm"]:
            lines.append(h["to_confirm"])
            lines += [f"  ? {q['question']}" for q in s["to_confirm"]]
        if s["missing"]:
            lines.append(h["missing"])
            lines += [f"  ? {q['question']} ({q['id']}=…)" for q in s["missing"]]
        if s.get("rerun"):
            lines.append(f"{s['rerun']['text']}: {' '.join(f'{k}={v}' for k, v in s['rerun']['answers'].items())}")
        if s["sources"]:
            lines.append(h["sources"])
            for src in s["sources"]:
                lines.append(f"  - {src['text']} ({src['by']}, {src['when']})"
                             + (f" <{src['url']}>" if src["url"] else ""))
        lines.append("")
    shown = {n["id"] for s in ("rna", "amo") for n in ex[s]["notes"]}
    if "note_resultat_indicatif" not in shown:
        lines.append(ex["not_official"])
    lines.append(ex["verified_on"])
    return "\n".join(lines) + "\n"
