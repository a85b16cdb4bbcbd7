"""Three-valued logic: truth tables, unknown propagation, what is asked and what is read."""
import itertools

import pytest

from checker.conditions import evaluate
from checker.model import All, AnyOf, Leaf, Not, SchemeIs

A = Leaf("a", "eq", "x")
B = Leaf("b", "eq", "x")
VALUES = {True: "x", False: "y", None: None}


def _answers(a, b):
    return {k: VALUES[v] for k, v in (("a", a), ("b", b)) if v is not None}


def _kleene_and(a, b):
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def _kleene_or(a, b):
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


@pytest.mark.parametrize("a,b", list(itertools.product([True, False, None], repeat=2)))
def test_all_any_follow_kleene_logic(a, b):
    ans = _answers(a, b)
    assert evaluate(All((A, B)), ans).value is _kleene_and(a, b)
    assert evaluate(AnyOf((A, B)), ans).value is _kleene_or(a, b)


@pytest.mark.parametrize("a", [True, False, None])
def test_not_keeps_unknown(a):
    e = evaluate(Not(A), _answers(a, None))
    assert e.value is (None if a is None else not a)


def test_all_asks_the_first_unknown_part_only():
    e = evaluate(All((A, B)), {})
    assert e.value is None and e.unknowns == ("a",)


def test_all_false_part_settles_without_asking():
    e = evaluate(All((A, B)), {"b": "y"})
    assert e.value is False and e.unknowns == () and e.consulted == {"b"}


def test_numeric_bounds():
    assert evaluate(Leaf("n", "gte", 3), {"n": 3}).value is True
    assert evaluate(Leaf("n", "gte", 3), {"n": 2}).value is False
    assert evaluate(Leaf("n", "lte", 2), {"n": 2}).value is True
    assert evaluate(Leaf("n", "in", ("a", "b")), {"n": "b"}).value is True


class _Other:
    def __init__(self, status, missing=()):
        self.status, self.missing = status, missing


def test_scheme_condition_is_unknown_while_other_scheme_needs_info():
    c = SchemeIs("rna", ("eligible",))
    assert evaluate(c, {}, {"rna": _Other("eligible")}).value is True
    assert evaluate(c, {}, {"rna": _Other("not_eligible")}).value is False
    e = evaluate(c, {}, {"rna": _Other("need_more_info", ("forme",))})
    assert e.value is None and e.unknowns == ("forme",)
