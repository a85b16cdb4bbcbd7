"""Answer codes that keep their meaning for years: the permanent number of every answer option.

A checker page's address under `verifier/` is its answer code: one number per answer, in the order
the questions were asked. The codes are printed on checklists and posters (QR codes), read over the
phone and shared in messages, so a code must open the same answers in every later release.

Each option has a permanent number (checker/rules/codes.toml, `[numbers]`): a choice by its value id,
a number question's range by its lowest value, an answer beside a number («لا أعرف») by its id. A
number is never changed or given to another option; a new option gets the next free number (`make
codes` writes it); a retired option keeps its number, so its old codes are still recognised (and get
a page that asks that question again). The order in which options are shown is free: it is not part
of any code.

A code writes each number as one digit 1-9; from 10 on, as "0" and two digits ("012" is 12), so
"0" never starts a one-digit number and the first question's address stays `0/`.
docs-dev/codes.md says how to add, reorder and retire options.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import All, AnyOf, Condition, Fact, Leaf, Not, RuleSet

MAX_NUMBER = 99  # two digits after the "0" escape


@dataclass(frozen=True)
class Option:
    """One answer option of a question as a page offers it: its permanent number and its value (a
    choice's id, or a number range's lowest value) with the range's highest value for numbers."""

    number: int
    value: object
    high: int | None = None  # for a number question: the range's highest value


class Retired:
    """A number that the table knows but that no longer stands for an answer one can give."""

    def __repr__(self) -> str:
        return "RETIRED"


RETIRED = Retired()


# Ranges of a number question ------------------------------------------------------------------
def leaves(c: Condition | None):
    """Every fact test (Leaf) inside a condition."""
    if isinstance(c, Leaf):
        yield c
    elif isinstance(c, (All, AnyOf)):
        for part in c.parts:
            yield from leaves(part)
    elif isinstance(c, Not):
        yield from leaves(c.part)


def year_ranges(rules: RuleSet, fact: Fact) -> list[tuple[int, int]]:
    """A number question's ranges, cut where some rule's condition changes value, so that every
    value in a range gives the same result; a range stands for its lowest value."""
    cuts: set[int] = set()
    for rule in rules.rules:
        for leaf in (*leaves(rule.when), *leaves(rule.applies_to)):
            if leaf.fact != fact.id:
                continue
            values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
            for v in values:
                if not isinstance(v, int):
                    continue  # an answer beside a number («لا أعرف») is an option of its own, not a cut
                if leaf.op == "gte":
                    cuts.add(v)
                elif leaf.op == "lte":
                    cuts.add(v + 1)
                else:  # eq / in: the value alone is a range
                    cuts |= {v, v + 1}
    lows = [fact.min] + sorted(c for c in cuts if fact.min < c <= fact.max)
    return [(lo, (lows[i + 1] - 1) if i + 1 < len(lows) else fact.max) for i, lo in enumerate(lows)]


# The table ---------------------------------------------------------------------------------------
def _keys(rules: RuleSet, fact: Fact) -> list[str]:
    """The keys of today's options, in the order they are shown (a number question: its ranges, then
    its answers beside a number, such as «لا أعرف»)."""
    if fact.kind == "choice":
        return list(fact.value_ids())
    return [str(lo) for lo, _ in year_ranges(rules, fact)] + list(fact.value_ids())


def table(rules: RuleSet, fact: Fact) -> dict[str, int]:
    """key -> permanent number for this question: the committed numbers, then a provisional one for
    each option the table lacks (the next free numbers, in the order shown), so that a build of
    changed rules still works; `missing()` lists those and `make codes` commits them."""
    known = dict(rules.numbers_of(fact.id))
    free = max(known.values(), default=0)
    for key in _keys(rules, fact):
        if key not in known:
            free += 1
            known[key] = free
    return known


def missing(rules: RuleSet) -> dict[str, list[str]]:
    """fact id -> keys of today's options that have no committed number (empty: all committed)."""
    out = {}
    for fact in rules.facts:
        committed = dict(rules.numbers_of(fact.id))
        keys = [k for k in _keys(rules, fact) if k not in committed]
        if keys:
            out[fact.id] = keys
    return out


def options(rules: RuleSet, fact: Fact) -> list[Option]:
    """Today's options of a question, in the order shown, each with its permanent number."""
    numbers = table(rules, fact)
    if fact.kind == "choice":
        return [Option(numbers[v], v) for v in fact.value_ids()]
    return ([Option(numbers[str(lo)], lo, hi) for lo, hi in year_ranges(rules, fact)]
            + [Option(numbers[v], v) for v in fact.value_ids()])


def number_of(rules: RuleSet, fact: Fact, value: object) -> int | None:
    """The number an answer is written with today (a number answer: its range's), or None."""
    for opt in options(rules, fact):
        if opt.value == value or (opt.high is not None and isinstance(value, int)
                                  and not isinstance(value, bool) and opt.value <= value <= opt.high):
            return opt.number
    return None


def value_of(rules: RuleSet, fact: Fact, number: int) -> object:
    """The answer a number stands for: a value, RETIRED (a known number whose option is gone), or
    None (no option ever had it). A retired range of a number question still stands for its lowest
    value while that value can be answered."""
    by_number = {n: key for key, n in table(rules, fact).items()}
    key = by_number.get(number)
    if key is None:
        return None
    if fact.kind == "choice" or not key.isdigit():
        return key if key in fact.value_ids() else RETIRED
    low = int(key)
    return low if fact.min <= low <= fact.max else RETIRED


# Writing and reading codes ----------------------------------------------------------------------
def write(number: int) -> str:
    if not 1 <= number <= MAX_NUMBER:
        raise ValueError(f"answer number {number} out of 1..{MAX_NUMBER}")
    return str(number) if number < 10 else f"0{number:02d}"


def split(code: str) -> list[int] | None:
    """A code's numbers, or None when it is not a code (ASCII digits only: "١" is a digit to
    str.isdigit(), not to an address). "" and "0" are the first question: no answer yet."""
    if code == "0":
        return []
    if not all("0" <= ch <= "9" for ch in code):
        return None
    out, i = [], 0
    while i < len(code):
        if code[i] != "0":
            out.append(int(code[i]))
            i += 1
        elif i + 3 <= len(code) and int(code[i + 1:i + 3]) >= 10:
            out.append(int(code[i + 1:i + 3]))
            i += 3
        else:
            return None
    return out


def join(numbers: list[int]) -> str:
    return "".join(write(n) for n in numbers)
