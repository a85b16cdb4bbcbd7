"""The engine: answers + date -> Report (ids only; words are resolved at the edges)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Mapping

from .answers import AnswerError, parse_value
from .conditions import evaluate as eval_condition
from .model import POSITIVE, Rule, RuleSet



@dataclass(frozen=True)
class SchemeReport:
    scheme: str
    status: str
    route: str | None  # rna category / amo regime; provisional when status is need_more_info
    missing: tuple[str, ...]
    to_confirm: tuple[str, ...]  # answered "I don't know": answered, yet undecided
    documents: tuple[str, ...]
    steps: tuple[str, ...]
    notes: tuple[str, ...]
    sources: tuple[str, ...]
    decided_by: tuple[str, ...]
    failed: tuple[str, ...]
    also: tuple[str, ...] = ()  # rna: other categories open to the person
    consulted: frozenset[str] = field(default=frozenset(), compare=False)
    amount: float | None = None
    amount_since: datetime.date | None = None
    amount_id: str | None = None

    def to_dict(self) -> dict:
        d = {
            "status": self.status,
            "category" if self.scheme == "rna" else "regime": self.route,
            "missing": list(self.missing),
            "to_confirm": list(self.to_confirm),
            "documents": list(self.documents),
            "steps": list(self.steps),
            "sources": list(self.sources),
            "decided_by": list(self.decided_by),
            "failed": list(self.failed),
            "notes": list(self.notes),
        }
        if self.scheme == "rna":
            d["also"] = list(self.also)
        if self.scheme == "amo":
            d["cotisation_mensuelle_mad"] = self.amount
            d["cotisation_depuis"] = self.amount_since.isoformat() if self.amount_since else None
        return d


@dataclass(frozen=True)
class Report:
    on: datetime.date
    verified_on: datetime.date
    rna: SchemeReport
    amo: SchemeReport
    ask: tuple[str, ...]  # facts that matter now, answered or not, in asking order
    ignored: tuple[str, ...]  # answered facts that change nothing

    def to_dict(self) -> dict:
        return {
            "on": self.on.isoformat(),
            "verified_on": self.verified_on.isoformat(),
            "rna": self.rna.to_dict(),
            "amo": self.amo.to_dict(),
            "ask": list(self.ask),
            "ignored": list(self.ignored),
        }


def _unique(items) -> tuple:
    return tuple(dict.fromkeys(items))


def _scheme(rules: RuleSet, scheme_id: str, answers: Mapping[str, object], on: datetime.date,
            done: Mapping[str, SchemeReport]) -> SchemeReport:
    order = rules.fact_order()
    scheme = next(s for s in rules.schemes if s.id == scheme_id)
    missing: list[str] = []
    consulted: set[str] = set()
    failed: list[str] = []
    pending: list[Rule] = []
    borrowed_confirm: list[str] = []
    final: Rule | None = None
    undecided = False
    conditions = rules.conditions
    for rule in rules.scheme_rules(scheme_id):
        if not rule.in_force.covers(on):
            continue
        ev = eval_condition(conditions[rule.id], answers, done)
        consulted |= ev.consulted
        if ev.value is False:
            if rule.applies_to is not None and eval_condition(rule.applies_to, answers, done).value:
                failed.append(rule.id)
            continue
        if ev.value is None:
            # An earlier rule we cannot settle: whatever comes next is only provisional.
            undecided = True
            missing.extend(ev.unknowns)
            for other in done.values():
                if other.status == "need_more_info":
                    borrowed_confirm.extend(other.to_confirm)
            continue
        if rule.pending:
            pending.append(rule)
            continue
        final = rule
        break

    decided = pending + ([final] if final else [])
    if final is None and not undecided and not pending:
        status = scheme.fallback_status
    elif final is None or undecided:
        status = "need_more_info"
    elif pending and final.status in POSITIVE:
        status = "need_more_info"
    else:
        status = final.status

    notes = [n for r in decided for n in r.notes]
    if final is None and not undecided and not pending:
        notes.extend(scheme.fallback_notes)
    documents = final.documents if final else ()
    steps = [s for r in decided for s in r.steps]
    outcome = None
    if final is not None:
        outcome = final.route

    amount = since = amount_id = None
    if scheme_id == "amo" and outcome is not None:
        for a in rules.amounts:
            if a.regime == outcome:
                current = a.on(on)
                if current is not None:
                    amount, since, amount_id = current.value, current.start, a.id

    sources = list(scheme.source.ids()) if decided and scheme.source is not None else []
    sources += [i for r in decided for i in r.source.ids()]
    for ids in (documents, steps, notes):
        for i in ids:
            sources.extend(rules.get(i).source.ids())  # type: ignore[attr-defined]
    if amount_id is not None:
        sources.extend(next(a for a in rules.amounts if a.id == amount_id).on(on).source.ids())

    return SchemeReport(
        scheme=scheme_id, status=status, route=outcome,
        missing=tuple(sorted(set(missing), key=order.__getitem__)),
        to_confirm=tuple(sorted(set([f for r in decided for f in r.to_confirm] + borrowed_confirm),
                                key=order.__getitem__)),
        documents=_unique(documents), steps=_unique(steps), notes=_unique(notes),
        sources=_unique(sources), decided_by=tuple(r.id for r in decided), failed=tuple(failed),
        also=final.also if final is not None else (),
        consulted=frozenset(consulted), amount=amount, amount_since=since, amount_id=amount_id,
    )


def _checked(rules: RuleSet, answers: Mapping[str, object]) -> dict[str, object]:
    """Answers must be typed already (parse_answers); re-check so a bad dict fails loudly here."""
    known = rules.fact_map()
    out = {}
    for key, value in answers.items():
        if key not in known:
            names = ", ".join(known)
            raise AnswerError(str(key), value, names, unknown_fact=True)
        if value is not None:
            if known[key].kind == "int" and isinstance(value, str) and value not in known[key].value_ids():
                raise AnswerError(key, value, "int (use parse_answers)")
            out[key] = parse_value(known[key], value)
    return out


def evaluate(rules: RuleSet, answers: Mapping[str, object], on: datetime.date) -> Report:
    """Evaluate both schemes on the date `on` (time is an input: rules never read today's date)."""
    if not isinstance(on, datetime.date) or isinstance(on, datetime.datetime):
        raise TypeError("`on` must be a datetime.date")
    typed = _checked(rules, answers)
    done: dict[str, SchemeReport] = {}
    done["rna"] = _scheme(rules, "rna", typed, on, done)
    done["amo"] = _scheme(rules, "amo", typed, on, done)
    order = rules.fact_order()
    relevant = set(done["rna"].consulted | done["amo"].consulted) | set(done["rna"].missing) \
        | set(done["amo"].missing) | set(done["rna"].to_confirm) | set(done["amo"].to_confirm)
    ask = tuple(sorted(relevant, key=order.__getitem__))
    ignored = tuple(sorted((f for f in typed if f not in relevant), key=order.__getitem__))
    return Report(on, rules.verified_on, done["rna"], done["amo"], ask, ignored)
