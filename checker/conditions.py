"""Three-valued evaluation of rule conditions (True / False / None = unknown).

Besides the value, an evaluation says which unanswered facts would settle it (`unknowns`,
in the order the condition reads, so the question to ask next comes first) and which facts
it actually read (`consulted`: a fact that cannot change the result is not consulted, so the
page does not keep asking it).
"""
from __future__ import annotations

from typing import Mapping, NamedTuple, Protocol

from .model import All, AnyOf, Condition, Leaf, Not, SchemeIs


class SchemeOutcome(Protocol):
    status: str
    missing: tuple[str, ...]


class Eval(NamedTuple):  # a tuple: the engine builds many of these per evaluation
    value: bool | None
    unknowns: tuple[str, ...] = ()
    consulted: frozenset[str] = frozenset()


_READ: dict[str, frozenset[str]] = {}


def _leaf(c: Leaf, answers: Mapping[str, object]) -> Eval:
    answer = answers.get(c.fact)
    if answer is None:
        return Eval(None, (c.fact,))
    if c.op == "eq":
        ok = answer == c.value
    elif c.op == "in":
        ok = answer in c.value
    elif c.op == "gte":
        ok = isinstance(answer, int) and answer >= c.value
    elif c.op == "lte":
        ok = isinstance(answer, int) and answer <= c.value
    else:  # schema.py only lets the four operators through
        raise ValueError(f"unknown operator {c.op!r}")
    read = _READ.get(c.fact)
    if read is None:
        read = _READ[c.fact] = frozenset((c.fact,))
    return Eval(ok, (), read)


def evaluate(c: Condition, answers: Mapping[str, object],
             schemes: Mapping[str, SchemeOutcome] | None = None) -> Eval:
    """Evaluate `c`; `schemes` holds the results already computed for other schemes."""
    if isinstance(c, Leaf):
        return _leaf(c, answers)
    if isinstance(c, SchemeIs):
        other = (schemes or {}).get(c.scheme)
        if other is None or (other.status == "need_more_info" and "need_more_info" not in c.statuses):
            return Eval(None, tuple(other.missing) if other else ())
        return Eval(other.status in c.statuses)
    if isinstance(c, Not):
        e = evaluate(c.part, answers, schemes)
        return Eval(None if e.value is None else not e.value, e.unknowns, e.consulted)
    if isinstance(c, (All, AnyOf)):
        decisive = c.__class__ is AnyOf  # the child value that settles the whole: True for any, False for all
        parts = [evaluate(p, answers, schemes) for p in c.parts]
        settling = [e for e in parts if e.value is decisive]
        if settling:
            return Eval(decisive, (), frozenset().union(*(e.consulted for e in settling)))
        consulted = frozenset().union(*(e.consulted for e in parts))
        first_unknown = next((e for e in parts if e.value is None), None)
        if first_unknown is not None:
            return Eval(None, first_unknown.unknowns, consulted)
        return Eval(not decisive, (), consulted)
    raise TypeError(f"not a condition: {c!r}")
