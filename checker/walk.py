"""The walk of the answer space: states, answer codes, number ranges (standard library only).

A state is a point of the answer space: the answers so far, in asking order, each with its option's
permanent number (checker/codes.py), and the next question (None at an outcome). `walk()` visits every
state reachable from no answers; `state_for()` replays answers, `decode()` reads an answer code.
The pages (checker/web_pages.py) lay states out as HTML; the build and the browser's worker both
use them (docs-dev/web.md).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Mapping

from . import codes
from .answers import parse_value
from .engine import Report, evaluate
from .load import load_rules
from .model import RuleSet

_rules_cache: list[RuleSet] = []


def default_rules() -> RuleSet:
    """The packaged rules, loaded once (the build passes its own `rules=`, the browser its bundle's)."""
    if not _rules_cache:
        _rules_cache.append(load_rules())
    return _rules_cache[0]


def day(on: datetime.date | None) -> datetime.date:
    """The day asked for, or today."""
    return on if on is not None else datetime.date.today()


@dataclass(frozen=True)
class State:
    """A point of the answer space: the answers so far (in asking order) and what comes next."""

    numbers: tuple[int, ...]  # the permanent number of each answer (checker/codes.py)
    answers: tuple[tuple[str, object], ...]
    fact: str | None  # the next question; None at an end state (an outcome page)
    report: Report

    @property
    def code(self) -> str:
        """The answer code: "" before the first answer."""
        return codes.join(list(self.numbers))

    def code_before(self, i: int) -> str:
        """The code of the first `i` answers (where "change answer i+1" leads)."""
        return codes.join(list(self.numbers[:i]))

    @property
    def path(self) -> str:
        return (self.code or "0") + "/"


def _state(rules: RuleSet, numbers: tuple[int, ...], answers: tuple, on: datetime.date) -> State:
    given = dict(answers)
    report = evaluate(rules, given, on=on)
    nxt = next((f for f in report.ask if f not in given), None)
    return State(numbers, answers, nxt, report)


def first(rules: RuleSet, on: datetime.date) -> State:
    """The state before any answer (the first question)."""
    return _state(rules, (), (), on)


def _next(rules: RuleSet, st: State, number: int, value: object, on: datetime.date) -> State:
    return _state(rules, st.numbers + (number,), st.answers + ((st.fact, value),), on)


def walk(on: datetime.date | None = None, *, rules: RuleSet | None = None) -> list[State]:
    """Every question state and end state reachable from no answers, depth first."""
    rules = rules or default_rules()
    on = day(on)
    out: list[State] = []
    todo = [first(rules, on)]
    while todo:
        st = todo.pop()
        out.append(st)
        if st.fact is None:
            continue
        kids = [_next(rules, st, o.number, o.value, on) for o in codes.options(rules, rules.fact(st.fact))]
        todo.extend(reversed(kids))
    return out


def _typed(rules: RuleSet, answers: Mapping[str, object]) -> dict[str, object]:
    known = rules.fact_map()
    return {k: parse_value(known[k], v) for k, v in answers.items() if k in known and v not in (None, "")}


def state_for(answers: Mapping[str, object], on: datetime.date | None = None, *,
              rules: RuleSet | None = None) -> State:
    """Replay the questions in asking order with these answers; stop at the first one not answered.
    Answers that no question asked on the way are left out (they change nothing)."""
    rules = rules or default_rules()
    on = day(on)
    given = _typed(rules, answers)
    st = first(rules, on)
    while st.fact is not None and st.fact in given:
        fact = rules.fact(st.fact)
        number = codes.number_of(rules, fact, given[st.fact])
        if number is None:
            break
        st = _next(rules, st, number, codes.value_of(rules, fact, number), on)
    return st


def decode(code: str, on: datetime.date | None = None, *, rules: RuleSet | None = None) -> State | None:
    """The state an answer code leads to today, or None if it leads to none: not a code, a number no
    option has, a retired option, or more answers than the questions ask (`reopen` handles a
    published code among these)."""
    rules = rules or default_rules()
    on = day(on)
    numbers = codes.split(code.strip().strip("/"))
    if numbers is None or len(numbers) > len(rules.facts):
        return None
    st = first(rules, on)
    for n in numbers:
        if st.fact is None:
            return None
        value = codes.value_of(rules, rules.fact(st.fact), n)
        if value is None or value is codes.RETIRED:
            return None
        st = _next(rules, st, n, value, on)
    return st


def path_for(answers: Mapping[str, object], on: datetime.date | None = None, *,
             rules: RuleSet | None = None) -> str:
    """The path, relative to verifier/, of the page these answers lead to ("0/" = first question)."""
    return state_for(answers, on, rules=rules).path


_longest_memo: dict[tuple, int] = {}


def longest(st: State, rules: RuleSet, on: datetime.date) -> int:
    """The number of answers of the longest path through `st` (for "question 3 of at most 6")."""
    key = (id(rules), on, st.code)
    if key not in _longest_memo:
        if st.fact is None:
            n = len(st.answers)
        else:
            n = max(longest(_next(rules, st, o.number, o.value, on), rules, on)
                    for o in codes.options(rules, rules.fact(st.fact)))
        _longest_memo[key] = n
    return _longest_memo[key]


def most_questions(on: datetime.date | None = None, *, rules: RuleSet | None = None) -> int:
    """The most questions one path asks (the start page's and the home page's "at most N")."""
    rules = rules or default_rules()
    on = day(on)
    return longest(first(rules, on), rules, on)
