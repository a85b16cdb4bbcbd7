"""axe-core (the real engine, from npm) on every built page in both languages and both palettes:
zero violations of the WCAG 2.x A/AA rules."""
from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from tests.support.checker_pages import sampled

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def site_paths(site) -> list[str]:
    """URL paths of every built page (index.html files), both languages, plus the 404 page."""
    paths = []
    for p in sorted(site.rglob("index.html")):
        rel = p.relative_to(site).parent.as_posix()
        if rel.startswith("assets"):
            continue
        paths.append("/" if rel == "." else f"/{rel}/")
    return sampled(paths)  # the checker's hundreds of generated pages: a sample (tests/checker_page checks them all)


def run_axe(page) -> list[dict]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        WCAG_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_wcag_violation(built_site, site_server, browser, scheme):
    assert AXE.is_file(), "node_modules/axe-core is missing: run npm ci"
    paths = site_paths(built_site)
    assert len(paths) >= 20, paths
    # bypass_csp lets the test inject axe itself; the policy is tested on its own in test_csp.py
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme, bypass_csp=True)
    page = ctx.new_page()
    failures = {}
    for path in paths:
        page.goto(site_server + path)
        violations = run_axe(page)
        if violations:
            failures[path] = violations
    ctx.close()
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)[:6000]
