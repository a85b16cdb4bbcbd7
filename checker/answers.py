"""Turning user input (strings from the CLI or a URL fragment) into typed answers."""
from __future__ import annotations

from typing import Mapping

from .model import Fact, RuleSet

Answers = dict[str, object]  # fact id -> str (choice) or int; absent = not answered


class AnswerError(ValueError):
    """A bad answer: `.fact`, `.value`, and `.message(lang)` naming the fact and what is allowed."""

    def __init__(self, fact: str, value: object, allowed_fr: str, allowed_ar: str, unknown_fact: bool = False):
        self.fact, self.value, self.unknown_fact = fact, value, unknown_fact
        self._allowed = {"fr": allowed_fr, "ar": allowed_ar}
        super().__init__(self.message("fr"))

    def message(self, lang: str = "fr") -> str:
        shown = str(self.value)
        if len(shown) > 40:
            shown = shown[:40] + "…"
        if self.unknown_fact:
            if lang == "ar":
                return f"سؤال غير معروف «{self.fact}»؛ الأسئلة المعروفة: {self._allowed['ar']}"
            return f"question inconnue « {self.fact} » ; questions connues : {self._allowed['fr']}"
        if lang == "ar":
            return f"{self.fact}: القيمة «{shown}» غير مقبولة؛ القيم المسموح بها: {self._allowed['ar']}"
        return f"{self.fact} : valeur « {shown} » non acceptée ; valeurs permises : {self._allowed['fr']}"


def _allowed(fact: Fact) -> tuple[str, str]:
    if fact.kind == "int":
        return (f"un nombre entier de {fact.min} à {fact.max}", f"عدد صحيح من {fact.min} إلى {fact.max}")
    ids = ", ".join(fact.value_ids())
    return ids, ids


def parse_value(fact: Fact, raw: object) -> object:
    """One answer: str (or int for int facts) in, typed value out; AnswerError if not allowed."""
    if fact.kind == "int":
        if isinstance(raw, bool):
            raise AnswerError(fact.id, raw, *_allowed(fact))
        if isinstance(raw, int):
            n = raw
        elif isinstance(raw, str) and raw.strip().isdecimal() and len(raw.strip()) <= 4:
            n = int(raw.strip())  # Arabic-Indic digits (٥) are accepted too: int() reads them
        else:
            raise AnswerError(fact.id, raw, *_allowed(fact))
        if not fact.min <= n <= fact.max:
            raise AnswerError(fact.id, raw, *_allowed(fact))
        return n
    if isinstance(raw, str):
        value = raw.strip()
        for v in fact.values:
            if v.id == value:
                return v.id
    raise AnswerError(fact.id, raw, *_allowed(fact))


def parse_answers(rules: RuleSet, raw: Mapping[str, object]) -> Answers:
    """Validate and type answers; a None value means "not answered" and is dropped."""
    known = rules.fact_map()
    out: Answers = {}
    for key, value in raw.items():
        if key not in known:
            names = ", ".join(known)
            raise AnswerError(str(key), value, names, names, unknown_fact=True)
        if value is None:
            continue
        out[key] = parse_value(known[key], value)
    return out
