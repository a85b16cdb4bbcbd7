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
    """(id, verified_on) of every rule, amount and the rule set itself checked before the limit."""
    limit = today - datetime.timedelta(days=max_age_days)
    dated = [("rules", rules.verified_on)] + [(r.id, r.verified_on) for r in rules.rules] \
        + [(a.id, a.verified_on) for a in rules.amounts]
    return [(i, d) for i, d in dated if d < limit]


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
    args = sys.argv[1:] if argv is None else argv
    try:
        today = datetime.date.fromisoformat(args[1]) if args[:1] == ["--today"] and len(args) == 2 \
            else datetime.date.today()
        if args and args[:1] != ["--today"]:
            raise ValueError
    except (ValueError, IndexError):
        print("checker: error: usage: python -m checker.freshness [--today YYYY-MM-DD]", file=sys.stderr)
        return 2
    rules = load_rules()
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
