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


ARG = st.one_of(
    st.builds(lambda f, v: f"{f}={v}", st.sampled_from(FACT_IDS + ["x", ""]),
              st.one_of(st.text(max_size=8), st.integers(-10**12, 10**12).map(str), st.sampled_from(["oui", "non", "3"]))),
    st.sampled_from(["--json", "--lang", "ar", "fr", "de", "--on", "2026-11-29", "2026-13-40", "-h", "--", "="]),
    st.text(max_size=12),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(ARG, max_size=8))
def test_cli_gives_a_result_or_one_clear_line(argv):
    """Any command line: exit 0 with a result, or exit 2 with exactly one line on stderr; never a traceback."""
    import contextlib
    import io

    from checker import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # argparse's own exits (-h) must still be clean
            code = exc.code
    assert code in (0, 2), (argv, code, err.getvalue())
    assert "Traceback" not in out.getvalue() + err.getvalue()
    if code == 2:
        lines = err.getvalue().strip().splitlines()
        assert len(lines) == 1 and lines[0], (argv, err.getvalue())
    elif "-h" not in argv and "--help" not in argv:
        assert out.getvalue().strip(), argv
