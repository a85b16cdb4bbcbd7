"""A figure's noun agrees with it (checker/words/counted.toml, words.counted): Arabic takes the noun
alone for 1 and 2 (dual, nominative or oblique), the plural for 3-10, the singular accusative for
11-99, the singular from 100 on (the last two digits deciding); French the plural from 2."""
import pytest

from checker.model import LANGS
from checker.words import NUMBER_CLASSES, count_nouns, counted, number_class, words


@pytest.mark.parametrize("n, ar, ar_oblique, fr", [
    (1, "سنة", "سنة", "1 an"),
    (2, "سنتان", "سنتين", "2 ans"),
    (3, "3 سنوات", "3 سنوات", "3 ans"),
    (10, "10 سنوات", "10 سنوات", "10 ans"),
    (11, "11 سنة", "11 سنة", "11 ans"),
    (100, "100 سنة", "100 سنة", "100 ans"),
])
def test_years_agree_with_their_figure(n, ar, ar_oblique, fr):
    assert counted(n, "year", "ar") == ar
    assert counted(n, "year", "ar", oblique=True) == ar_oblique
    assert counted(n, "year", "fr") == fr == counted(n, "year", "fr", oblique=True)


@pytest.mark.parametrize("n, ar, fr", [(1, "درهم", "1 DH"), (2, "درهمان", "2 DH"), (3, "3 دراهم", "3 DH"),
                                       (10, "10 دراهم", "10 DH"), (11, "11 درهما", "11 DH"),
                                       (100, "100 درهم", "100 DH"), (135, "135 درهما", "135 DH")])
def test_dirhams_agree_with_their_figure(n, ar, fr):
    assert (counted(n, "dirham", "ar"), counted(n, "dirham", "fr")) == (ar, fr)


@pytest.mark.parametrize("n, cls", [(0, "other"), (1, "one"), (2, "two"), (3, "few"), (10, "few"), (11, "many"),
                                    (99, "many"), (100, "other"), (101, "other"), (103, "few"), (111, "many"),
                                    (1.5, "other")])
def test_number_classes_follow_the_last_two_digits(n, cls):
    assert number_class(n) == cls


def test_every_counted_noun_has_every_class_in_every_language():
    table = words()
    for noun in count_nouns():
        for cls in NUMBER_CLASSES:
            text = table[f"count_{noun}_{cls}"]
            assert all(text.get(lang) for lang in LANGS), (noun, cls)
    assert {"year", "month", "day", "dirham"} <= count_nouns()


def test_an_unknown_noun_names_the_known_ones():
    with pytest.raises(KeyError, match="no counted noun 'week'.*year"):
        counted(3, "week", "ar")
