"""The public address a build prints (QR codes, written addresses): a real one, or a placeholder.

`site_url` in mkdocs.yml is a placeholder until SITE_URL names the real site. A build with a
placeholder is a specimen (every PDF says so across every page); a release build refuses it.
"""
from __future__ import annotations

import datetime
import ipaddress
import re
from typing import Mapping
from urllib.parse import urlsplit

from checker.schema import invisible, shown

# Names that can never be the public site: reserved for examples and tests (RFC 2606, RFC 6761),
# special-use or private suffixes (RFC 6762 .local, RFC 8375 home.arpa, ICANN's .internal) and the
# names home and office networks use (.lan, .home, .corp…).
RESERVED_DOMAINS = ("example", "example.com", "example.net", "example.org", "invalid", "test", "localhost",
                    "local", "localdomain", "lan", "internal", "intranet", "private", "home", "home.arpa",
                    "arpa", "corp", "onion")
LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
TOP_LABEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")


class PlaceholderAddress(ValueError):
    """A release build without a real public address."""


def address_problem(url: str) -> str | None:
    """Why `url` cannot be the public site printed on paper, or None: only https:// with a public host
    name, nothing else in front of the path (credentials, port) and nothing after it (query, fragment)."""
    if not isinstance(url, str) or not url:
        return "no address"
    if any(ch.isspace() for ch in url):
        return "a space in the address"
    if any(invisible(ch) for ch in url):
        return "an invisible or control character in the address"
    if "\\" in url:
        return "a backslash in the address"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "not an address (a bad port or bracket)"
    if parts.scheme.lower() != "https":
        return f"not https:// (scheme {parts.scheme or 'missing'!r})"
    if "@" in parts.netloc:
        return "credentials (user:password@) in the address"
    if port is not None or parts.netloc.endswith(":"):
        return "a port in the address"
    if "?" in url:
        return "a query (?…) in the address"
    if "#" in url:
        return "a fragment (#…) in the address"
    return host_problem((parts.hostname or "").lower())


def host_problem(host: str) -> str | None:
    """Why `host` is not a public DNS name, or None."""
    host = host.removesuffix(".")
    if not host:
        return "no host name"
    try:
        ipaddress.ip_address(host)
        return f"a numeric address ({host}), not a host name"
    except ValueError:
        pass
    labels = host.split(".")
    # 127.1, 2130706433, 0x7f.1: what a browser reads as an IP address; no top-level name is numeric
    if all(re.fullmatch(r"[0-9]+|0x[0-9a-f]*", x) for x in labels) or labels[-1].isdigit():
        return f"a numeric address ({host}), not a host name"
    if len(labels) < 2:
        return f"a one-word host name ({host}), not a public one"
    reserved = next((d for d in RESERVED_DOMAINS if host == d or host.endswith("." + d)), None)
    if reserved:
        return f"a reserved or private name (.{reserved})"
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return f"not a valid host name ({host})"
    ascii_labels = ascii_host.split(".")
    if not all(LABEL.fullmatch(x) for x in ascii_labels) or not TOP_LABEL.fullmatch(ascii_labels[-1]) \
            or len(ascii_host) > 253:
        return f"not a valid host name ({host})"
    return None


def is_placeholder(url: str) -> bool:
    """True when `url` cannot be the public site (address_problem names why)."""
    return address_problem(url) is not None


def check_release(url: str) -> None:
    """Raise PlaceholderAddress unless `url` can be printed on paper that will be handed out."""
    problem = address_problem(url)
    if problem:
        raise PlaceholderAddress(
            f"release: the public address is {shown(repr(url))}, refused: {problem}; every QR code and printed "
            "address would point nowhere; build with SITE_URL=https://<the site's address>/ make release")


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
