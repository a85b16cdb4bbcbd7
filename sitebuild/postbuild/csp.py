"""Content-Security-Policy for every built page: only the site itself may load anything.

Material needs three small inline scripts (theme scope, palette, anchors); they are allowed by their
sha256, computed here from the built pages, never by 'unsafe-inline'. Only the inline scripts listed
in sitebuild/data/inline_scripts.toml are hashed: any other one (a template change, content injected into a
page) stops the build, so the policy can still refuse what nobody meant to ship. Pyodide needs
'wasm-unsafe-eval' to compile WebAssembly, and nothing needs 'unsafe-eval'.
The same policy goes in a <meta> tag of every page and, for hosts that can send headers, in
`site/.csp-header`, and as an nginx line in `site/.nginx-csp.conf` (deploy/nginx/ includes it).
"""
from __future__ import annotations

import base64
import hashlib
import re
import tomllib
from pathlib import Path

from sitebuild.website import BuildError

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')
CHARSET = re.compile(r'<meta charset="utf-8">\n?', re.I)
# Script elements the browser does not run: data for scripts (Material's config, the checker's texts).
DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json\b""", re.I)
# Material writes the page's path to the site root into its scope script ("/", "..", "../.." …).
SCOPE = re.compile(r'new URL\("[./]*",location\)')
EXPECTED = {s["body"]: s["name"] for s in tomllib.loads(
    (Path(__file__).resolve().parents[1] / "data" / "inline_scripts.toml").read_text(encoding="utf-8"))["script"]}


class UnexpectedInlineScript(BuildError):
    """A page holds an inline script that is not one of the theme's known ones."""


DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],  # + the hashes of the inline scripts
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # Material's icons are data: SVGs in its CSS
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def inline_scripts(html: str) -> list[str]:
    """The bodies of the inline scripts a browser would run (not src=, not JSON data blocks)."""
    return [m.group("body") for m in INLINE_SCRIPT.finditer(html)
            if not re.search(r"\bsrc\s*=", m.group("attrs"), re.I) and not DATA_TYPE.search(m.group("attrs"))]


def expected_name(body: str) -> str | None:
    """Which known theme script this is (None for any other)."""
    return EXPECTED.get(SCOPE.sub('new URL(".",location)', body, count=1))


def inline_script_hashes(html: str, page: str = "page") -> set[str]:
    hashes = set()
    for body in inline_scripts(html):
        if expected_name(body) is None:
            shown = " ".join(body.split())
            raise UnexpectedInlineScript(
                f"{page}: unexpected inline script <script>{shown[:80]}{'…' if len(shown) > 80 else ''}"
                "</script>: move it to a file under assets/, or, if it is the theme's, add it to "
                "sitebuild/data/inline_scripts.toml")
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return hashes


INLINE_STYLE = re.compile(r"<style data-critical>(?P<body>.*?)</style>", re.S)


def inline_style_hashes(html: str) -> set[str]:
    """The content pages' inline critical CSS (critical_css.py), allowed by its hash; any other inline
    style stays refused by the policy."""
    return {"'sha256-" + base64.b64encode(hashlib.sha256(m.group("body").encode("utf-8")).digest()).decode("ascii") + "'"
            for m in INLINE_STYLE.finditer(html)}


def policy(hashes: set[str], style_hashes: set[str] = frozenset()) -> str:
    parts = []
    for name, values in DIRECTIVES.items():
        extra = sorted(hashes) if name == "script-src" else sorted(style_hashes) if name == "style-src" else []
        parts.append(" ".join([name, *values, *extra]))
    return "; ".join(parts)


def header_policy(meta_policy: str) -> str:
    """The policy a host sends as a header: the pages' policy, and no framing by any other page."""
    return meta_policy + "; frame-ancestors 'none'"


def add_content_security_policy(site_dir: str | Path) -> str:
    """Write the policy into every HTML page of the site; returns it."""
    pages = sorted(Path(site_dir).rglob("*.html"))
    texts = {p: META.sub("", p.read_text(encoding="utf-8")) for p in pages}
    site = Path(site_dir)
    csp = policy(set().union(*(inline_script_hashes(t, str(p.relative_to(site))) for p, t in texts.items())),
                 set().union(*(inline_style_hashes(t) for t in texts.values())))
    tag = f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
    for p, text in texts.items():
        if not CHARSET.search(text):
            raise BuildError(f"{p.relative_to(site)}: no <meta charset> to put the Content-Security-Policy after")
        p.write_text(CHARSET.sub(lambda m: m.group(0) + tag, text, count=1), encoding="utf-8")
    # Only a header can forbid framing (browsers ignore frame-ancestors in a <meta> policy).
    (site / ".csp-header").write_text(header_policy(csp) + "\n", encoding="utf-8")
    # The same, as the line deploy/nginx/snippets/artisan-guide-headers.conf includes (a variable: the
    # server sends it only on pages and scripts, deploy/nginx/artisan-guide.conf).
    (site / ".nginx-csp.conf").write_text(
        f'set $artisan_guide_policy "{header_policy(csp)}";\n', encoding="utf-8")
    return csp
