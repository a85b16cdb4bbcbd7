"""Page-weight budget, measured on the built files: what a first visit to each page transfers,
gzip-compressed as the README's host config serves it (HTML + its stylesheets, scripts and icons).
The checker's Python runtime is not counted: it loads in a worker after the page is usable."""
from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

from tests.quality.test_accessibility import site_paths
from tests.support.html_resources import LoadedResources

BUDGET_BYTES = 75 * 1024
# The sources page is the project's evidence: every source with its quoted passage. It is read by
# those who check a claim, not by an artisan on the way to an answer, so it gets 5 KB more.
EVIDENCE_PAGES = {"/sources/", "/fr/sources/"}
EVIDENCE_BUDGET_BYTES = 80 * 1024
# The checker's question and outcome pages also load checker-live.js (≈ 1.7 KB gzip), the module that
# starts the engine's worker once the page is usable and re-checks an outcome for today: 3 KB more.
CHECKER_PAGE = re.compile(r"^/(?:fr/)?verifier/\d+/$")
CHECKER_PAGE_BUDGET_BYTES = BUDGET_BYTES + 3 * 1024


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def first_visit_bytes(site: Path, url_path: str) -> dict[str, int]:
    html_file = site / url_path.lstrip("/") / "index.html"
    parser = LoadedResources()
    parser.feed(html_file.read_text(encoding="utf-8"))
    sizes = {url_path: gz(html_file)}
    for url in parser.urls:
        target = urlparse(urljoin(f"http://h{url_path}", url)).path
        file = site / target.lstrip("/")
        assert file.is_file(), f"{url_path} loads {url}, which is not in the site"
        sizes[target] = gz(file)
    return sizes


def test_every_page_first_visit_fits_the_budget(built_site):
    over = {}
    for path in site_paths(built_site):
        sizes = first_visit_bytes(built_site, path)
        budget = EVIDENCE_BUDGET_BYTES if path in EVIDENCE_PAGES else \
            CHECKER_PAGE_BUDGET_BYTES if CHECKER_PAGE.match(path) else BUDGET_BYTES
        if sum(sizes.values()) > budget:
            over[path] = (sum(sizes.values()), sorted(sizes.items(), key=lambda kv: -kv[1])[:5])
    assert not over, f"over budget ({BUDGET_BYTES} bytes, {EVIDENCE_BUDGET_BYTES} for sources): {over}"


def test_the_budget_counts_what_a_page_loads(built_site):
    """Guard against a budget that measures nothing: a page's count includes the theme's CSS and JS."""
    sizes = first_visit_bytes(built_site, "/fr/amo/")
    assert any(k.endswith(".css") for k in sizes) and any(k.endswith(".js") for k in sizes)
    assert sum(sizes.values()) > 40 * 1024
