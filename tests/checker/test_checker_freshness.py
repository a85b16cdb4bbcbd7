"""Freshness: a release build refuses rules last verified more than twelve months ago."""
import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.freshness import MAX_AGE_DAYS, StaleRulesError, check_release, stale
from checker_testlib import IN_PYODIDE, ON

ROOT = Path(__file__).resolve().parents[2]


def test_the_limit_is_twelve_months():
    assert MAX_AGE_DAYS == 365


def test_rules_checked_today_pass_a_release(rules):
    assert stale(rules, ON) == []
    check_release(rules, ON, {"RELEASE": "1"})


def test_a_release_fails_once_the_rules_are_older_than_twelve_months(rules):
    later = max(r.verified_on for r in rules.rules) + datetime.timedelta(days=MAX_AGE_DAYS + 1)
    ids = {i for i, _ in stale(rules, later)}
    assert {"rules", "cotisation_artisan_non_fiscalise"} | {r.id for r in rules.rules} <= ids
    with pytest.raises(StaleRulesError, match="release refused"):
        check_release(rules, later, {"RELEASE": "1"})


def test_an_ordinary_build_only_reports(rules):
    later = ON + datetime.timedelta(days=2 * MAX_AGE_DAYS)
    check_release(rules, later, {})
    check_release(rules, later, {"RELEASE": "0"})


def test_the_day_before_the_limit_still_passes(rules):
    oldest = min(r.verified_on for r in rules.rules)
    check_release(rules, oldest + datetime.timedelta(days=MAX_AGE_DAYS), {"RELEASE": "1"})


def _release(*args):
    env = dict(os.environ, RELEASE="1")
    return subprocess.run([sys.executable, "-m", "checker.freshness", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(IN_PYODIDE, reason="no subprocess in Pyodide")
def test_the_release_command_fails_on_an_old_date_and_passes_on_the_verification_day():
    old = _release("--today", "2028-06-01")
    assert old.returncode == 2 and "release refused" in old.stderr and "Traceback" not in old.stderr
    assert len(old.stderr.strip().splitlines()) == 1
    fresh = _release("--today", ON.isoformat())
    assert fresh.returncode == 0, fresh.stderr


def test_dates_after_the_build_day_are_named_by_file_entry_and_key():
    from checker.freshness import FutureDateError, check_dates, future_dates
    files = [("checker/rules/meta.toml", {"verified_on": datetime.date(2062, 11, 29)}),
             ("checker/rules/sources.toml", {"source": [{"id": "s1", "date": "2027-01-02", "accessed": "2026-11-29"}]}),
             ("checker/rules/amo.toml", {"amount": [{"id": "a1", "verified_on": "2026-12-04",
                                                      "value": [{"from": "2030-01-01"}]}]})]
    day = datetime.date(2026, 12, 4)
    assert future_dates(files, day) == [
        "checker/rules/meta.toml: top level: key 'verified_on': 2062-11-29 is after 2026-12-04",
        "checker/rules/sources.toml: source 's1': key 'date': 2027-01-02 is after 2026-12-04",
    ]  # the build's own day passes; an amount's future `from` is an announced change, not a typo
    with pytest.raises(FutureDateError) as err:
        check_dates(files, day)
    assert str(err.value).startswith("checker/rules/meta.toml: top level: key 'verified_on': 2062-11-29")
    assert "(and 1 more)" in str(err.value) and "\n" not in str(err.value)
    check_dates(files, datetime.date(2062, 11, 29))


def test_the_build_day_is_the_latest_calendar_day_on_earth():
    from checker.freshness import latest_day_on_earth
    # 2026-12-04 23:30 UTC is already 2026-12-05 in Morocco's east and in Kiribati (UTC+14)
    epoch = datetime.datetime(2026, 12, 4, 23, 30, tzinfo=datetime.timezone.utc).timestamp()
    assert latest_day_on_earth(epoch) == datetime.date(2026, 12, 5)
    assert latest_day_on_earth(epoch - 12 * 3600) == datetime.date(2026, 12, 5)  # 11:30 UTC: +14 h
    assert latest_day_on_earth(epoch - 15 * 3600) == datetime.date(2026, 12, 4)
