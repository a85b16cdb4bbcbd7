"""Freshness: every rule says when it was last checked; a release refuses rules checked too long ago.

Amounts and rules change (a contribution fixed in 2021 may be higher today), so a site whose facts
were last checked more than MAX_AGE_DAYS ago must not be published silently. Ordinary builds only
report; a release build (environment variable RELEASE=1) fails.
"""
from __future__ import annotations

import datetime
import os
import sys
from typing import Mapping

from .model import RuleSet

MAX_AGE_DAYS = 365  # twelve months


class StaleRulesError(RuntimeError):
    """A release was asked for while some rules were last checked more than MAX_AGE_DAYS ago."""


def stale(rules: RuleSet, today: datetime.date, max_age_days: int = MAX_AGE_DAYS) -> list[tuple[str, datetime.date]]:
    """(id, verified_on) of every rule, amount, duration, limit and the rule set itself checked before the limit."""
    limit = today - datetime.timedelta(days=max_age_days)
    dated = [("rules", rules.verified_on)] + [(r.id, r.verified_on) for r in rules.rules] \
        + [(a.id, a.verified_on) for a in rules.amounts] + [(d.id, d.verified_on) for d in rules.durations + rules.limits]
    return [(i, d) for i, d in dated if d < limit]


# Keys that say when something was published, read or checked: none can be after the build's day.
# (in_force and amounts' `from` may lie ahead: a change announced for later is a fact.)
PAST_KEYS = ("verified_on", "verified", "date", "accessed")


class FutureDateError(ValueError):
    """A date that says something was checked or published later than the build: a typo (2062 for 2026)
    that would print a false "verified on" on every page and switch the freshness gate off."""


def latest_day_on_earth(epoch: float) -> datetime.date:
    """The calendar day at `epoch` in the latest time zone (UTC+14): a date after it is in the future
    everywhere, whatever the time zone of whoever typed it."""
    return (datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc) + datetime.timedelta(hours=14)).date()


def future_dates(files: list[tuple[str, dict]], day: datetime.date) -> list[str]:
    """'file: entry: key: date' for every PAST_KEYS date after `day`, in raw rule or page-data files
    (TOML dates, or ISO strings as in rules.json)."""
    found = []

    def walk(name: str, where: str, node: object) -> None:
        if isinstance(node, list):
            for x in node:
                walk(name, where, x)
        if not isinstance(node, dict):
            return
        here = f"{where} '{node['id']}'" if isinstance(node.get("id"), str) else where
        for key, value in node.items():
            if key in PAST_KEYS:
                try:
                    when = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
                except (TypeError, ValueError):
                    continue  # not a date: the schema says so in its own words
                if when > day:
                    found.append(f"{name}: {here}: key '{key}': {when.isoformat()} is after {day.isoformat()}")
            else:
                walk(name, key if where == "top level" else where, value)

    for name, data in files:
        walk(name, "top level", data)
    return found


def check_dates(files: list[tuple[str, dict]], day: datetime.date) -> None:
    """Raise FutureDateError (one line: the first date, file and key; how many more) if any PAST_KEYS
    date lies after `day`, the build's day."""
    found = future_dates(files, day)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise FutureDateError(f"{found[0]}: a date in the future, a typo?{more}")


def is_release(environ: Mapping[str, str] | None = None) -> bool:
    return (os.environ if environ is None else environ).get("RELEASE", "") == "1"


def check_release(rules: RuleSet, today: datetime.date, environ: Mapping[str, str] | None = None) -> None:
    """Raise StaleRulesError on a release build (RELEASE=1) when any rule is too old to publish."""
    if not is_release(environ):
        return
    old = stale(rules, today)
    if old:
        shown = ", ".join(f"{i} ({d.isoformat()})" for i, d in old[:5]) + (" …" if len(old) > 5 else "")
        raise StaleRulesError(
            f"release refused: {len(old)} rule(s) last verified more than {MAX_AGE_DAYS} days before "
            f"{today.isoformat()}: {shown}. Check them against their sources and update verified_on.")


def main(argv: list[str] | None = None) -> int:
    """python -m checker.freshness [--today YYYY-MM-DD]: list stale rules; exit 2 on a release build
    (RELEASE=1) if there are any. --today replays the check on another day."""
    from .load import load_rules
    from .schema import RulesError, shown
    args = sys.argv[1:] if argv is None else argv
    try:
        today = datetime.date.fromisoformat(args[1]) if args[:1] == ["--today"] and len(args) == 2 \
            else datetime.date.today()
        if args and args[:1] != ["--today"]:
            raise ValueError
    except (ValueError, IndexError):
        print("checker: error: usage: python -m checker.freshness [--today YYYY-MM-DD]", file=sys.stderr)
        return 2
    try:
        rules = load_rules()
    except RulesError as e:
        print(f"checker: error: rules: {shown(str(e))}", file=sys.stderr)
        return 2
    try:
        check_release(rules, today)
    except StaleRulesError as e:
        print(f"checker: error: {e}", file=sys.stderr)
        return 2
    for i, d in stale(rules, today):
        print(f"stale: {i} verified on {d.isoformat()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
