"""How long an answer holds: the days around a date on which every rule and amount in force stays the
same, so that the engine gives every answer code the same page.

The rules change only on the dates they name (a rule's `in_force` start, the day after its `until`,
an amount's start). A page built on day D holds from the last such date on or before D to the day
before the next one; the browser re-checks a page with the engine (a ~5 MB download on a first
visit) only when the phone's date is outside that span (checker-live.js).
"""
from __future__ import annotations

import datetime

from .model import RuleSet

ONE_DAY = datetime.timedelta(days=1)


def change_dates(rules: RuleSet) -> tuple[datetime.date, ...]:
    """Every date on which some rule or amount starts or stops applying, in order."""
    days = set()
    for rule in rules.rules:
        days.add(rule.in_force.start)
        if rule.in_force.until is not None:
            days.add(rule.in_force.until + ONE_DAY)
    for amount in rules.amounts:
        days.update(v.start for v in amount.values)
    return tuple(sorted(days))


def holding(rules: RuleSet, on: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
    """(first day, last day) of the span around `on` with no change; None: no change before / after."""
    days = change_dates(rules)
    since = max((d for d in days if d <= on), default=None)
    after = min((d for d in days if d > on), default=None)
    return since, (after - ONE_DAY if after is not None else None)
