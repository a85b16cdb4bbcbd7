import pytest

import checker


def test_strings_in_typed_values_out(rules):
    a = checker.parse_answers(rules, {"forme": "individuel", "annees_pratique": "5"})
    assert a == {"forme": "individuel", "annees_pratique": 5}


def test_arabic_indic_and_persian_digits_are_read(rules):
    assert checker.parse_answers(rules, {"annees_pratique": "١٢"})["annees_pratique"] == 12
    assert checker.parse_answers(rules, {"annees_pratique": "۰۱۲"})["annees_pratique"] == 12


def test_an_empty_answer_is_no_answer(rules):
    """As an empty form field or `fact=` in a link: the page and the CLI agree (tests/parsing)."""
    assert checker.parse_answers(rules, {"annees_pratique": "", "diplome": " "}) == {}


@pytest.mark.parametrize("value", ["-1", "81", "5.0", "cinq", "1e3", "99999999999999999999", "１２", "00005"])
def test_bad_years_are_refused_naming_the_fact(rules, value):
    with pytest.raises(checker.AnswerError) as err:
        checker.parse_answers(rules, {"annees_pratique": value})
    e = err.value
    assert e.fact == "annees_pratique" and e.value == value
    assert "annees_pratique" in e.message("fr") and "0" in e.message("fr") and "80" in e.message("fr")
    assert "annees_pratique" in e.message("ar") and "عدد صحيح" in e.message("ar")


def test_value_not_allowed_lists_allowed_values(rules):
    with pytest.raises(checker.AnswerError) as err:
        checker.parse_answers(rules, {"diplome": "peut-etre"})
    assert "oui, non" in err.value.message("fr")


def test_unknown_fact_is_refused(rules):
    with pytest.raises(checker.AnswerError) as err:
        checker.parse_answers(rules, {"age": "30"})
    assert err.value.fact == "age" and "forme" in err.value.message("fr")


def test_evaluate_refuses_untyped_or_unknown_answers(rules):
    import datetime
    with pytest.raises(checker.AnswerError):
        checker.evaluate(rules, {"annees_pratique": "5"}, on=datetime.date(2026, 11, 29))
    with pytest.raises(checker.AnswerError):
        checker.evaluate(rules, {"couleur": "bleu"}, on=datetime.date(2026, 11, 29))
    with pytest.raises(TypeError):
        checker.evaluate(rules, {}, on="2026-11-29")
