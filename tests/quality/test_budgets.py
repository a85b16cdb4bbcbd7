"""Page-weight budgets on the built files, as Debian's nginx with deploy/nginx/ sends them (brotli twins,
every header counted): a content page's first visit (its HTML and its render path: screen stylesheets
and scripts, sitebuild/postbuild/page_weight.py) ≤ 40 KB; a checker question page, reached from the start page whose files the phone holds, ≤ 12 KB.
The checker's Python runtime is not counted: it loads in a worker after the page is usable; nor is
Material's bundle.js, which loads on the first tap on the search, the menu or the palette switch."""
from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest

from sitebuild.postbuild import page_weight


def response_bytes(base: str, path: str) -> tuple[int, int]:
    """(header bytes, body bytes) of one GET as a phone's browser makes it (brotli accepted)."""
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "br, gzip"})
        r = conn.getresponse()
        body = r.read()
        assert r.status == 200, (path, r.status)
        head = len(f"HTTP/1.1 {r.status} {r.reason}\r\n") + sum(len(k) + len(v) + 4 for k, v in r.getheaders()) + 2
        return head, len(body)
    finally:
        conn.close()


def visit_bytes(base: str, paths: list[str]) -> dict[str, int]:
    return {p: sum(response_bytes(base, p)) for p in paths}


def over_budget(base: str, visits: dict[str, list[str]], budget: int) -> dict[str, tuple[int, list]]:
    """Pages whose visit weighs more than `budget` bytes."""
    over = {}
    for page, paths in visits.items():
        sizes = visit_bytes(base, paths)
        if sum(sizes.values()) > budget:
            over[page] = (sum(sizes.values()), sorted(sizes.items(), key=lambda kv: -kv[1])[:5])
    return over


def test_a_content_page_first_visit_fits_40_kb(built_site, nginx_server):
    """Every content page ≤ 40 KB, the sources page included (its quoted passages: the heaviest)."""
    pages = page_weight.content_pages(built_site)
    assert len(pages) > 20
    visits = {p: [p, *page_weight.loads(built_site, p)] for p in pages}
    assert "/fr/sources/" in visits
    over = over_budget(nginx_server, visits, page_weight.CONTENT_PAGE_BUDGET)
    assert not over, f"over {page_weight.CONTENT_PAGE_BUDGET} bytes: {over}"


def test_a_checker_question_page_after_the_start_page_fits_12_kb(built_site, nginx_server):
    pages = page_weight.question_pages(built_site)
    assert len(pages) > 20
    visits = {}
    for p in pages:
        held = set(page_weight.loads(built_site, page_weight.start_page_of(p), render_path=False))
        visits[p] = [p, *(u for u in page_weight.loads(built_site, p) if u not in held)]
    over = over_budget(nginx_server, visits, page_weight.QUESTION_PAGE_BUDGET)
    assert not over, f"over {page_weight.QUESTION_PAGE_BUDGET} bytes: {over}"


def test_the_budget_counts_what_a_page_loads_and_the_headers(built_site, nginx_server):
    """Guard against a budget that measures nothing: a page's count includes the theme's CSS (inline in
    its HTML on a content page, linked on a question page), our scripts and the headers nginx sends;
    the build's own count (bodies only) is the same bodies."""
    question = page_weight.question_pages(built_site)[0]
    assert any(p.endswith(".css") for p in page_weight.loads(built_site, question))
    assert "<style data-critical>" in (built_site / "fr" / "amo" / "index.html").read_text(encoding="utf-8")
    paths = ["/fr/amo/", *page_weight.loads(built_site, "/fr/amo/")]
    assert any(p.endswith(".js") for p in paths)
    sizes = {p: response_bytes(nginx_server, p) for p in paths}
    assert sum(h for h, _ in sizes.values()) > 1500  # the page's policy alone is ~700 bytes
    assert sum(b for _, b in sizes.values()) == sum(page_weight.first_visit(built_site, "/fr/amo/").values())
    assert sum(map(sum, sizes.values())) > 15 * 1024


@pytest.mark.parametrize("path", ["/", "/fr/amo/", "/verifier/", "/fr/verifier/"])
def test_no_page_loads_materials_bundle_on_arrival(built_site, path):
    assert not [u for u in page_weight.loads(built_site, path) if "/bundle." in u]


def test_the_build_prints_the_page_weights(built_site):
    from tests.conftest import BUILD_OUTPUT
    said = BUILD_OUTPUT[-1] if BUILD_OUTPUT else ""
    line = page_weight.report(built_site)
    assert "content pages" in line and "checker question pages" in line and "KB" in line
    assert line in said, "the build's output does not print the page weights"
