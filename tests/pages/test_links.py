"""Internal links resolve (with their #anchors); outbound links are well formed and listed on sources/."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from tests.pages.reading import SLUGS, all_ids, article, built_file


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str]:
    url, anchor = urldefrag(href)
    page_url = "/" + str(page.relative_to(site).parent).replace(".", "").strip("/") + "/"
    target = urljoin(page_url.replace("//", "/"), url) if url else page_url
    path = site / target.lstrip("/")
    if target.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, anchor


def external(href: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I))


@pytest.mark.parametrize("lang", ("ar", "fr"))
def test_internal_links_resolve(built_site, lang):
    broken = []
    for slug in SLUGS:
        page = built_file(built_site, lang, slug)
        hrefs = re.findall(r'<a [^>]*href="([^"]+)"', page.read_text(encoding="utf-8"))
        for href in hrefs:
            if external(href):
                continue
            target, anchor = resolve(built_site, page, href)
            if not target.is_file():
                broken.append(f"/{slug}: {href} → {target.relative_to(built_site)} missing")
            elif anchor and anchor not in all_ids(target):
                broken.append(f"/{slug}: {href} → no #{anchor}")
    assert not broken, "\n".join(broken)


def outbound(site: Path, lang: str, slug: str) -> list[str]:
    return [h for h in article(built_file(site, lang, slug)).links if re.match(r"^https?:", h)]


# A map search for a place's name (sitebuild/contacts.py) is a way to find it, not a source.
MAP_SEARCH = "https://www.google.com/maps/search/"


def norm(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}"


@pytest.mark.parametrize("lang", ("ar", "fr"))
def test_outbound_links_are_well_formed_and_listed_on_sources(built_site, lang):
    listed = {norm(u) for u in outbound(built_site, lang, "sources")}
    # A site's home page (where a page sends people to act, e.g. the register's own platform) counts
    # as listed when a page of that site is cited there.
    listed |= {norm(u).split("/")[0] for u in outbound(built_site, lang, "sources") if urlsplit(u).path.strip("/")}
    problems = []
    for slug in SLUGS:
        for href in outbound(built_site, lang, slug):
            parts = urlsplit(href)
            if parts.scheme != "https" or "." not in parts.netloc or re.search(r"\s", href):
                problems.append(f"/{slug}: malformed {href}")
            elif norm(href) not in listed and not href.startswith(MAP_SEARCH):
                problems.append(f"/{slug}: {href} is not listed on sources/")
    assert not problems, "\n".join(problems)


def test_link_resolution_can_fail(built_site):
    page = built_file(built_site, "fr", "registre")
    assert not resolve(built_site, page, "../nulle-part/")[0].is_file()
    assert resolve(built_site, page, "../sources/#src-faq-rna")[0] == built_file(built_site, "fr", "sources")
