"""Dates as words in every language (`29 novembre 2026` / `29 نونبر 2026`), for every output."""
from __future__ import annotations

import datetime

from .words import word


def format_date(day: datetime.date, lang: str) -> str:
    """`29 novembre 2026` / `29 نونبر 2026`: read as words, not as a numeric date that right-to-left
    text would turn around (2026-11-29 shows as 29-11-2026 in an Arabic line)."""
    shown = word("first_day", lang) if day.day == 1 else str(day.day)
    return f"{shown} {word(f'month_{day.month}', lang)} {day.year}"


def month_year(day: datetime.date, lang: str) -> str:
    """`décembre 2021` / `دجنبر 2021`: when an amount was fixed (a rule text's {AMOUNT|since})."""
    return f"{word(f'month_{day.month}', lang)} {day.year}"
