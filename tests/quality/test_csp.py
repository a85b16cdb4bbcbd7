"""The Content-Security-Policy: present on every page, strict, and the site still works under it."""
from __future__ import annotations

import re

from tests.quality.test_accessibility import site_paths

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
# Reported by the page itself, so that no violation goes unseen even if the console is quiet.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def test_every_page_carries_a_strict_policy(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 20
    for p in pages:
        html = p.read_text(encoding="utf-8")
        m = CSP_META.search(html)
        assert m, f"{p}: no Content-Security-Policy meta"
        assert html.index(m.group(0)) < html.find("<script"), f"{p}: the policy must come before any script"
        directives = dict((d.split(" ", 1) + [""])[:2] for d in m.group(1).split("; "))
        assert directives["default-src"] == "'self'"
        assert "'unsafe-inline'" not in m.group(1) and "'unsafe-eval'" not in m.group(1)
        assert "http" not in m.group(1), "the policy must name no other host"
        assert directives["object-src"] == "'none'"


def test_pages_work_under_the_policy(built_site, site_server, context):
    """Every page in both languages: no CSP violation, no script error, no failed or foreign request."""
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"{page.url}: script error {exc}"))
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"{page.url}: console {msg.text}"))
    # ERR_ABORTED is the next navigation cutting a background load short, not a fault of the page.
    page.on("requestfailed", lambda req: "ERR_ABORTED" not in (req.failure or "")
            and problems.append(f"{page.url}: failed {req.url} {req.failure}"))
    for path in site_paths(built_site):
        page.goto(site_server + path, wait_until="load")
        page.wait_for_timeout(150)  # let the search worker start
        problems += [f"{path}: CSP {v}" for v in page.evaluate("window.__cspViolations")]
    assert not problems, "\n".join(problems[:30])
    assert not context.requests.foreign(), context.requests.foreign()
