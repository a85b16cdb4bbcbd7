"""Property tests (host only: hypothesis is not loaded inside Pyodide)."""
import datetime
import json

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings, strategies as st  # noqa: E402

import checker  # noqa: E402
from checker import browser  # noqa: E402

RULES = checker.load_rules()
BUNDLE = checker.rules_to_json(RULES)
FACT_IDS = [f.id for f in RULES.facts]


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=200),
                 st.lists(st.sampled_from(list("<>\"'=&#%+ abc_-019") + FACT_IDS + ["oui", "%3C", "12"]),
                          max_size=40).map("".join)))
def test_any_fragment_gives_json_without_the_input(fragment):
    out = browser.run(BUNDLE, fragment, "fr", "2026-11-29")
    d = json.loads(out)
    assert "report" in d
    assert "<" not in out  # no markup can come back, whatever was typed


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(FACT_IDS), st.text(max_size=6)),
       st.dates(datetime.date(2015, 1, 1), datetime.date(2035, 12, 31)))
def test_parse_then_evaluate_never_crashes(raw, on):
    try:
        answers = checker.parse_answers(RULES, raw)
    except checker.AnswerError as e:
        assert e.fact in raw and e.message("ar") and e.message("fr")
        return
    json.dumps(checker.evaluate(RULES, answers, on=on).to_dict())
