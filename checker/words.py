"""Every interface word, in one place and one format: `checker/words/*.toml`, one line per key,
`key = { ar = "…", fr = "…" }`, `{name}` filled in by the code.

The checker's outputs (CLI, browser, result texts) and the site's build (pages, checker page, PDFs)
read words only through this module, or through `RuleSet.text(key, lang)`, which holds the same
words (`load_rules` adds them). Words travel with the code (the package; in the browser, the
Python zip), never inside rules.json. A rule entry's own texts (questions, labels, documents, steps, notes)
stay on the entry. Adding a language: `LANGS` in model.py, then a text for it on every line here
(tests/structure/test_words.py lists every key that still lacks one).
"""
from __future__ import annotations

import encodings.cp437  # noqa: F401  (zipfile reads a zip's names with it: the words sit in the browser's zip)
import functools
import tomllib
from importlib import resources
from typing import Any

from .model import LANGS, Text
from .schema import RulesError, _Where

FOLDER = "words"
DOC_PREFIX = FOLDER + "/"  # how errors and lists name a word file


def word_files() -> list[tuple[str, dict[str, Any]]]:
    """The packaged word files as (name, {key: {lang: text}}), in name order."""
    out = []
    for entry in sorted(resources.files("checker").joinpath(FOLDER).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            try:
                out.append((entry.name, tomllib.loads(entry.read_text(encoding="utf-8"))))
            except tomllib.TOMLDecodeError as e:
                raise RulesError(f"{DOC_PREFIX}{entry.name}: TOML syntax error: {e}") from None
    return out


def missing_texts() -> list[str]:
    """`file: key: lang` for every key without a text in some language of LANGS."""
    out = []
    for name, table in word_files():
        for key, text in table.items():
            for lang in LANGS:
                if not isinstance(text, dict) or not str(text.get(lang, "")).strip():
                    out.append(f"{DOC_PREFIX}{name}: {key}: {lang}")
    return out


@functools.cache
def words() -> dict[str, Text]:
    """Every packaged word, validated as the rules' texts are (each language, non-empty, unique key)."""
    out: dict[str, Text] = {}
    for name, table in word_files():
        for key in table:
            w = _Where(DOC_PREFIX + name, "message", key)
            if key in out:
                raise w.fail("id", "duplicate id")
            out[key] = w.text(table, key)
    return out


def word(key: str, lang: str, **fmt: object) -> str:
    """One word in `lang`, with its `{placeholders}` filled in."""
    try:
        text = words()[key]
    except KeyError:
        raise KeyError(f"no word {key!r} in checker/{FOLDER}/") from None
    return text.get(lang).format(**fmt) if fmt else text.get(lang)


def words_in(lang: str) -> dict[str, str]:
    """Every word in `lang`, placeholders left in (for templates, which fill them in themselves)."""
    return {key: text.get(lang) for key, text in words().items()}


# The number classes a counted noun has a form for (checker/words/counted.toml): Arabic's, the finest
# any language of LANGS needs; a language with fewer forms repeats one on several lines.
NUMBER_CLASSES = ("one", "two", "two_obl", "few", "many", "other")


def number_class(n: float, oblique: bool = False) -> str:
    """The class of `n` a noun after it agrees with: 1 one, 2 two (two_obl after a preposition or as
    an object), 3-10 few, 11-99 many, else other; from 100 on, the last two digits decide, as Arabic
    counts (103 few, 111 many, 100 and 101 other). A fraction is `other`."""
    if not float(n).is_integer() or n < 0:
        return "other"
    n = int(n)
    if n == 1:
        return "one"
    if n == 2:
        return "two_obl" if oblique else "two"
    last = n % 100
    return "few" if 3 <= last <= 10 else "many" if 11 <= last <= 99 else "other"


def count_nouns() -> frozenset[str]:
    """The nouns counted.toml gives forms for (`count_NOUN_CLASS` keys)."""
    return frozenset(k[len("count_"):-len("_one")] for k in words() if k.startswith("count_") and k.endswith("_one"))


def counted(n: float, noun: str, lang: str, oblique: bool = False) -> str:
    """`n` with `noun` in the form that agrees with it, in `lang`: counted(3, "year", "ar") is
    "3 سنوات", counted(2, "year", "ar", oblique=True) "سنتين", counted(11, "year", "ar") "11 سنة",
    counted(2, "year", "fr") "2 ans"."""
    if noun not in count_nouns():
        raise KeyError(f"no counted noun {noun!r} in checker/{FOLDER}/counted.toml (known: "
                       f"{', '.join(sorted(count_nouns()))})")
    shown = str(int(n)) if float(n).is_integer() else str(n)
    return word(f"count_{noun}_{number_class(n, oblique)}", lang, n=shown)
