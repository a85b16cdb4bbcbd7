"""The public address a build prints (QR codes, written addresses): a real one, or a placeholder.

`site_url` in mkdocs.yml is a placeholder until SITE_URL names the real site. A build with a
placeholder is a specimen (every PDF says so across every page); a release build refuses it.
"""
from __future__ import annotations

import datetime
import ipaddress
from typing import Mapping
from urllib.parse import urlsplit

# Names reserved for examples and tests (RFC 2606, RFC 6761): they can never be a public site.
RESERVED_DOMAINS = ("example", "example.com", "example.net", "example.org", "invalid", "test", "localhost",
                    "local")


class PlaceholderAddress(ValueError):
    """A release build without a real public address."""


def is_placeholder(url: str) -> bool:
    """True when `url` cannot be the public site: no https host, a reserved name, a bare address."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme != "https" or "." not in host:
        return True
    if any(host == d or host.endswith("." + d) for d in RESERVED_DOMAINS):
        return True
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def check_release(url: str) -> None:
    """Raise PlaceholderAddress unless `url` can be printed on paper that will be handed out."""
    if is_placeholder(url):
        raise PlaceholderAddress(
            f"release: the public address is {url!r}, a placeholder: every QR code and printed address "
            "would point nowhere; build with SITE_URL=https://<the site's address>/ make release")


class SourceWatchTooOld(RuntimeError):
    """A release asked for while the source watch has not run within the rules' freshness window."""


def check_source_watch(report: dict | None, today: datetime.date, max_age_days: int,
                       environ: Mapping[str, str]) -> str:
    """The line a release prints about the last source watch (`make check-sources`), or
    SourceWatchTooOld when there is no report or it is older than `max_age_days` (the rules'
    freshness window). SKIP_SOURCE_WATCH=1 lets a release through anyway, and says so loudly."""
    if report is None:
        said = "source watch: never run here (no build/source-watch.json)"
    else:
        day = datetime.date.fromisoformat(report["date"])
        counts = report.get("counts", {})
        said = (f"source watch: last run {day.isoformat()} ({(today - day).days} days ago): "
                f"{counts.get('found', 0)} found, {counts.get('changed', 0)} changed, "
                f"{counts.get('unreachable', 0)} unreachable")
        if (today - day).days <= max_age_days:
            return said
    if environ.get("SKIP_SOURCE_WATCH", "") == "1":
        return f"{said}\n*** SOURCE WATCH SKIPPED (SKIP_SOURCE_WATCH=1): the quoted pages were not checked ***"
    raise SourceWatchTooOld(
        f"release refused: {said}; the limit is {max_age_days} days. Run `make check-sources` on a machine "
        "with internet access, read what changed, then release (or SKIP_SOURCE_WATCH=1 make release to "
        "publish without it)")
