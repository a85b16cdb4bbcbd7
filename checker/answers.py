"""Turning user input (strings from the CLI or a URL fragment) into typed answers: the one parser.

The checker page reads links before Python has loaded; it does so with `input_table()`, which the
build writes into the page, so the page and the CLI accept and refuse the same answers
(tests/parsing/cases.toml runs against both).
"""
from __future__ import annotations

from typing import Mapping
from urllib.parse import quote, unquote_plus

from .model import Fact, RuleSet
from .words import word

Answers = dict[str, object]  # fact id -> str (choice) or int; absent = not answered


class AnswerError(ValueError):
    """A bad answer: `.fact`, `.value`, and `.message(lang)` naming the fact and what is allowed."""

    def __init__(self, fact: str, value: object, allowed: Fact | str, unknown_fact: bool = False):
        # `allowed`: the fact (its values or range are said in the reader's language), or a plain list.
        self.fact, self.value, self.unknown_fact = fact, value, unknown_fact
        self._allowed = allowed
        super().__init__(self.message("fr"))

    def allowed(self, lang: str) -> str:
        a = self._allowed
        if isinstance(a, str):
            return a
        if a.kind == "int":
            return ", ".join((word("whole_number", lang, min=a.min, max=a.max),) + a.value_ids())
        return ", ".join(a.value_ids())

    def message(self, lang: str = "fr") -> str:
        """One line in `lang` (checker/words/input.toml) naming the fact and what is allowed."""
        if self.unknown_fact:
            return word("unknown_fact", lang, fact=self.fact, allowed=self.allowed(lang))
        shown = str(self.value)
        if len(shown) > 40:
            shown = shown[:40] + "…"
        return word("value_not_allowed", lang, fact=self.fact, value=shown, allowed=self.allowed(lang))


# Digits a phone keyboard types, each read as its ASCII digit: ASCII, Arabic-Indic (U+0660…, Arabic
# keyboards in Morocco) and Eastern Arabic-Indic (U+06F0…, Persian keyboards). Other scripts' digits
# (full-width, Devanagari…) are refused: no one here types them, and the page must agree.
DIGITS = {chr(zero + i): str(i) for zero in (0x30, 0x660, 0x6F0) for i in range(10)}
MAX_DIGITS = 4  # leading zeros allowed ("0005"), never a long number
MAX_FRAGMENT = 2000  # a real fragment is < 300 characters; more is noise or an attack: read nothing
MAX_PAIRS = 32  # only the first 32 pairs are read


def read_number(raw: str) -> int | None:
    """`raw` as a whole number (spaces around allowed), or None."""
    text = raw.strip()
    if not 1 <= len(text) <= MAX_DIGITS or any(c not in DIGITS for c in text):
        return None
    return int("".join(DIGITS[c] for c in text))


def parse_value(fact: Fact, raw: object) -> object:
    """One answer: str (or int for int facts) in, typed value out; AnswerError if not allowed."""
    if fact.kind == "int":
        if isinstance(raw, str) and raw.strip() in fact.value_ids():
            return raw.strip()  # an answer beside a number («لا أعرف»)
        if isinstance(raw, bool):
            raise AnswerError(fact.id, raw, fact)
        n = raw if isinstance(raw, int) else read_number(raw) if isinstance(raw, str) else None
        if n is None:
            raise AnswerError(fact.id, raw, fact)
        if not fact.min <= n <= fact.max:
            raise AnswerError(fact.id, raw, fact)
        return n
    if isinstance(raw, str):
        value = raw.strip()
        for v in fact.values:
            if v.id == value:
                return v.id
    raise AnswerError(fact.id, raw, fact)


def parse_answers(rules: RuleSet, raw: Mapping[str, object]) -> Answers:
    """Validate and type answers; a None value means "not answered" and is dropped."""
    known = rules.fact_map()
    out: Answers = {}
    for key, value in raw.items():
        if key not in known:
            names = ", ".join(known)
            raise AnswerError(str(key), value, names, unknown_fact=True)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # not answered (an empty form field, `fact=` on the command line)
        out[key] = parse_value(known[key], value)
    return out


def parse_fragment(rules: RuleSet, fragment: str) -> tuple[Answers, list[dict]]:
    """URL fragment -> (typed answers, rejected entries): what can be read is kept, the rest reported
    by reason (and by fact id only when the id is a known fact: nothing typed is echoed back).
    The first answer to a question counts; later ones are rejected."""
    facts = rules.fact_map()
    answers: Answers = {}
    rejected: list[dict] = []
    fragment = fragment.removeprefix("#")
    if len(fragment) > MAX_FRAGMENT:
        return {}, [{"fact": None, "reason": "too_long"}]
    pairs = [p for p in fragment.split("&") if p]
    if len(pairs) > MAX_PAIRS:
        rejected.append({"fact": None, "reason": "too_many"})
        pairs = pairs[:MAX_PAIRS]
    for pair in pairs:
        key, sep, value = pair.partition("=")
        try:
            key = unquote_plus(key, errors="strict").strip()
            value = unquote_plus(value, errors="strict")
        except UnicodeDecodeError:
            rejected.append({"fact": None, "reason": "malformed"})
            continue
        if not sep:
            rejected.append({"fact": key if key in facts else None, "reason": "malformed"})
            continue
        if key not in facts:
            rejected.append({"fact": None, "reason": "unknown_fact"})
            continue
        if not value.strip():
            continue  # an empty form field: not answered
        if key in answers:
            rejected.append({"fact": key, "reason": "duplicate"})
            continue
        try:
            answers[key] = parse_value(facts[key], value)
        except AnswerError:
            rejected.append({"fact": key, "reason": "value_not_allowed"})
    return answers, rejected


def to_fragment(rules: RuleSet, answers: Mapping[str, object]) -> str:
    """The clean fragment for typed answers, in the questions' order (what the page writes back)."""
    return "&".join(f"{f.id}={quote(str(answers[f.id]), safe='')}" for f in rules.facts if f.id in answers)


def spaces() -> str:
    """What str.strip() removes (str.isspace()): a page strips exactly these, no more (U+FEFF is not one).
    Computed when the build asks (a scan of Unicode), never when the checker starts in a phone."""
    return "".join(chr(c) for c in range(0x110000) if chr(c).isspace())


def input_table(rules: RuleSet | None = None) -> dict:
    """What a page script needs to read answers exactly as parse_fragment does (written by the build
    for overrides/assets/javascripts/fragment-reader.js): digits, spaces, limits, and with `rules`
    the questions in asking order (a choice's option ids; a number's bounds and its answers beside a number)."""
    table: dict = {"digits": DIGITS, "spaces": spaces(), "max_digits": MAX_DIGITS, "max_fragment": MAX_FRAGMENT,
                   "max_pairs": MAX_PAIRS}
    if rules is not None:
        table["facts"] = [{"id": f.id, "kind": f.kind, "min": f.min, "max": f.max, "values": list(f.value_ids())}
                          if f.kind == "int" else {"id": f.id, "kind": f.kind, "values": list(f.value_ids())}
                          for f in rules.facts]
    return table
