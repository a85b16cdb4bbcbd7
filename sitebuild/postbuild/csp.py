"""Content-Security-Policy for every built page: only the site itself may load anything.

Material needs three small inline scripts (theme scope, palette, anchors); they are allowed by their
sha256, computed here from the built pages, never by 'unsafe-inline'. Pyodide needs
'wasm-unsafe-eval' to compile WebAssembly, and nothing needs 'unsafe-eval'.
The same policy goes in a <meta> tag of every page and, for hosts that can send headers, in
`site/.csp-header` (the README's nginx sample uses it).
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')
CHARSET = re.compile(r'<meta charset="utf-8">\n?', re.I)

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


def inline_script_hashes(html: str) -> set[str]:
    hashes = set()
    for m in INLINE_SCRIPT.finditer(html):
        attrs = m.group("attrs")
        if "src=" in attrs or re.search(r'type="(?!text/javascript|module)[^"]+"', attrs):
            continue  # external, or data such as Material's application/json config
        digest = hashlib.sha256(m.group("body").encode("utf-8")).digest()
        hashes.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return hashes


def policy(hashes: set[str]) -> str:
    parts = []
    for name, values in DIRECTIVES.items():
        extra = sorted(hashes) if name == "script-src" else []
        parts.append(" ".join([name, *values, *extra]))
    return "; ".join(parts)


def add_content_security_policy(site_dir: str | Path) -> str:
    """Write the policy into every HTML page of the site; returns it."""
    pages = sorted(Path(site_dir).rglob("*.html"))
    texts = {p: META.sub("", p.read_text(encoding="utf-8")) for p in pages}
    csp = policy(set().union(*(inline_script_hashes(t) for t in texts.values())))
    tag = f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
    for p, text in texts.items():
        if not CHARSET.search(text):
            raise SystemExit(f"{p}: no <meta charset> to put the Content-Security-Policy after")
        p.write_text(CHARSET.sub(lambda m: m.group(0) + tag, text, count=1), encoding="utf-8")
    (Path(site_dir) / ".csp-header").write_text(csp + "\n", encoding="utf-8")
    return csp
