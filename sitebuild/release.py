"""The public address a build prints (QR codes, written addresses): a real one, or a placeholder.

`site_url` in mkdocs.yml is a placeholder until SITE_URL names the real site. A build with a
placeholder is a specimen (every PDF says so across every page); a release build refuses it.
"""
from __future__ import annotations

import ipaddress
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
