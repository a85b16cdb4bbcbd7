"""The Content-Security-Policy: present on every page, strict, and the site still works under it."""
from __future__ import annotations

import re

import pytest

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


def _csp_module():
    from sitebuild.postbuild import csp
    return csp


def _copy_pages(built_site, dest, names=("404.html", "index.html", "fr/index.html", "verifier/index.html")):
    for name in names:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_text((built_site / name).read_text(encoding="utf-8"), encoding="utf-8")
    return dest


def test_the_policy_hashes_only_the_theme_s_known_inline_scripts(built_site):
    csp = _csp_module()
    hashes = set()
    for p in built_site.rglob("*.html"):
        for body in csp.inline_scripts(p.read_text(encoding="utf-8")):
            assert csp.expected_name(body), f"{p}: {body[:60]}"
        hashes |= csp.inline_script_hashes(p.read_text(encoding="utf-8"))
    policy = CSP_META.search((built_site / "index.html").read_text(encoding="utf-8")).group(1)
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src "))
    assert set(re.findall(r"'sha256-[^']+'", script_src)) == hashes
    assert len(hashes) >= 3  # the scope script differs with page depth


INJECTED = [
    "<script>fetch('/steal?'+document.cookie)</script>",
    '<script type="text/javascript">alert(1)</script>',
    '<script type="module">import("/x.js")</script>',
    '<SCRIPT>alert(1)</SCRIPT>',
    # the theme's own script, altered by one character
    None,
]


@pytest.mark.parametrize("injected", range(len(INJECTED)))
def test_an_injected_inline_script_fails_the_build_step(built_site, tmp_path, injected):
    csp = _csp_module()
    site = _copy_pages(built_site, tmp_path)
    page = site / "fr" / "index.html"
    html = page.read_text(encoding="utf-8")
    script = INJECTED[injected]
    if script is None:
        html = html.replace('var palette=__md_get("__palette")', 'var palette=__md_get("__palettf")', 1)
    else:
        html = html.replace("</body>", script + "</body>", 1)
    page.write_text(html, encoding="utf-8")
    with pytest.raises(csp.UnexpectedInlineScript, match=r"^fr/index\.html: unexpected inline script"):
        csp.add_content_security_policy(site)
    assert not (site / ".csp-header").exists()


def test_only_the_pages_critical_css_is_allowed_inline(built_site):
    """style-src holds exactly the hashes of the content pages' <style data-critical> (critical_css.py):
    one block for all the pages that link the same stylesheets (the checker's start pages add one),
    not one a page, in the policy every response sends."""
    csp = _csp_module()
    hashes = set()
    for p in built_site.rglob("*.html"):
        hashes |= csp.inline_style_hashes(p.read_text(encoding="utf-8"))
    assert len(hashes) == 2
    policy = CSP_META.search((built_site / "fr" / "amo" / "index.html").read_text(encoding="utf-8")).group(1)
    style_src = next(d for d in policy.split("; ") if d.startswith("style-src "))
    assert set(re.findall(r"'sha256-[^']+'", style_src)) == hashes and "'unsafe-inline'" not in style_src


def test_the_same_pages_without_injection_pass(built_site, tmp_path):
    csp = _csp_module()
    site = _copy_pages(built_site, tmp_path)
    meta = csp.add_content_security_policy(site)
    header = (site / ".csp-header").read_text(encoding="utf-8").strip()
    assert header == meta + "; frame-ancestors 'none'"
    assert "frame-ancestors" not in meta  # ignored (with a console warning) in a <meta> policy
