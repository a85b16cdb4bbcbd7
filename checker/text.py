"""Words at the edges: a Report (ids) + RuleSet -> every user-visible text in one language.

`explain()` returns plain data (used by the browser glue and the CLI); `render()` turns it into
the CLI's text. The engine never sees a language.
"""
from __future__ import annotations

import datetime
from typing import Any

from .engine import Report, SchemeReport
from .model import LANGS, RuleSet, SourceRef


# Month names as Moroccan administrations write them (Arabic: the French-derived series used in Morocco).
MONTHS = {
    "ar": ("يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
}
FIRST_DAY = {"ar": "فاتح", "fr": "1er"}  # how each language writes the first day of a month


def format_date(day: datetime.date, lang: str) -> str:
    """`29 novembre 2026` / `29 نونبر 2026`: read as words, not as a numeric date that right-to-left
    text would turn around (2026-11-29 shows as 29-11-2026 in an Arabic line)."""
    shown = FIRST_DAY[lang] if day.day == 1 else str(day.day)
    return f"{shown} {MONTHS[lang][day.month - 1]} {day.year}"


def _confirm(rules: RuleSet, item: Any, lang: str) -> str | None:
    who = getattr(item, "confirm_with", None)
    if not getattr(item, "uncertain", False) or who is None:
        return None
    return rules.text(f"confirm_{who}", lang)


def citation(rules: RuleSet, ref: SourceRef, lang: str) -> dict:
    src = rules.get(ref.ref)
    title = rules.text(src, lang)
    parts = [title]
    if ref.article:
        parts.append(ref.article)
    if src.number is None and src.outlet:  # press: outlet and date say where it comes from
        parts.append(src.outlet)
    return _source_item(rules, src, " — ".join(parts), lang)


def _source_item(rules: RuleSet, src: Any, text: str, lang: str) -> dict:
    """A source as the outputs show it: what it is, who published it and when, where, and the passage."""
    day = src.date or src.accessed
    when = rules.text("source_dated" if src.date else "source_accessed", lang).format(date=format_date(day, lang))
    return {"id": src.id, "text": text, "url": src.url, "confidence": src.confidence,
            "by": src.publisher or src.outlet, "date": day.isoformat(), "when": when,
            "quote": src.quote, "quote_lang": src.quote_lang}


def _scheme(rules: RuleSet, rep: SchemeReport, answers: dict, lang: str) -> dict:
    t = lambda x: rules.text(x, lang)  # noqa: E731
    provisional = rep.status == "need_more_info"
    out: dict[str, Any] = {
        "title": t(rep.scheme),
        "status": rep.status,
        "status_text": t(f"status_{rep.scheme}_{rep.status}"),
        "outcome": None,
        "why": [{"id": r, "label": t(r), "source": citation(rules, rules.get(r).source, lang)}
                for r in rep.decided_by],
        "failed": [{"id": r, "label": t(r)} for r in rep.failed],
        "documents": [{"id": d, "label": t(d), "where": rules.get(d).where.get(lang),
                       "uncertain": rules.get(d).uncertain, "confirm": _confirm(rules, rules.get(d), lang)}
                      for d in rep.documents],
        "steps": [{"id": s, "text": t(s), "where": rules.get(s).where.get(lang), "url": rules.get(s).url,
                   "uncertain": rules.get(s).uncertain, "confirm": _confirm(rules, rules.get(s), lang)}
                  for s in rep.steps],
        "notes": [{"id": n, "text": t(n), "uncertain": rules.get(n).uncertain,
                   "confirm": _confirm(rules, rules.get(n), lang)} for n in rep.notes],
        "sources": [],
        "missing": [{"id": f, "question": t(f)} for f in rep.missing],
        "to_confirm": [{"id": f, "question": t(f), "answer": _answer_label(rules, f, answers.get(f), lang)}
                       for f in rep.to_confirm],
    }
    if rep.scheme == "rna":
        out["also"] = [{"id": a, "label": t(a), "description": rules.get(a).description.get(lang),
                        "text": t(f"also_{a}")} for a in rep.also]
    if rep.outcome:
        o = rules.get(rep.outcome)
        out["outcome"] = {"id": o.id, "label": t(o), "description": o.description.get(lang),
                          "provisional": provisional, "provisional_text": t("provisional") if provisional else None}
    seen = set()
    for r in rep.decided_by:
        c = citation(rules, rules.get(r).source, lang)
        seen.add(c["id"])
        out["sources"].append(c)
    for sid in rep.sources:
        if sid not in seen:
            seen.add(sid)
            src = rules.get(sid)
            out["sources"].append(_source_item(rules, src, t(src), lang))
    if rep.scheme == "amo":
        amount = None
        if rep.amount is not None:
            a = rules.get(rep.amount_id)
            value = int(rep.amount) if float(rep.amount).is_integer() else rep.amount
            amount = {"value": rep.amount, "since": rep.amount_since.isoformat(),
                      "text": t("amount_line").format(amount=value, date=format_date(rep.amount_since, lang)),
                      "uncertain": a.uncertain, "confirm": _confirm(rules, a, lang)}
        elif rep.outcome is not None:
            amount = {"value": None, "since": None, "text": t("amount_not_found"), "uncertain": True,
                      "confirm": t("confirm_cnss")}
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


def questions(rules: RuleSet, ids: tuple[str, ...] | list[str], answers: dict, lang: str) -> list[dict]:
    out = []
    for fid in ids:
        f = rules.fact(fid)
        q = {"id": f.id, "kind": f.kind, "question": f.question.get(lang), "help": f.help.get(lang),
             "answer": answers.get(fid)}
        if f.kind == "choice":
            q["values"] = [{"id": v.id, "label": v.label.get(lang)} for v in f.values]
        else:
            q["min"], q["max"] = f.min, f.max
        out.append(q)
    return out


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
    return {"answers": ordered, "fragment": "&".join(f"{k}={v}" for k, v in ordered.items()),
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
        "questions": questions(rules, report.ask, answers, lang),
    }


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
        if s["failed"] and s["status"] == "not_eligible":  # they explain a refusal; otherwise noise
            lines.append(h["failed"])
            lines += [f"  - {f['label']}" for f in s["failed"]]
        if s["documents"]:
            lines.append(h["documents"])
            for d in s["documents"]:
                lines.append(f"  [ ] {d['label']} — {lab['where']} {d['where']}"
                             + (f" ({d['confirm']})" if d["confirm"] else ""))
        if s["steps"]:
            lines.append(h["steps"])
            for i, st in enumerate(s["steps"], 1):
                lines.append(f"  {i}. {st['text']} — {lab['where']} {st['where']}"
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
            lines.append(f"{s['rerun']['text']} {' '.join(f'{k}={v}' for k, v in s['rerun']['answers'].items())}")
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
