"""Content-hashed names for our own files that pages reference (stylesheets, scripts, the icon), so that
a host and a browser keep them a year (deploy/nginx/: a hash in the name) and a page never revalidates
them: on a slow link each revalidation is a round trip before the page can paint.

Material's own files already carry its hash (main.<hash>.min.css, bundle.<hash>.min.js); the checker's
scripts and worker get theirs in checker_assets.version_checker_assets. This step renames the others
after they are minified (the hash is of what ships) and rewrites every page that names them. Later
steps find a file's current name with `current(site, rel)`.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

# Every file of ours a page can reference (site-relative). A missing one is a page this site lacks.
PAGE_ASSETS = (
    "assets/stylesheets/extra.css", "assets/stylesheets/print.css", "assets/stylesheets/checker-pages.css",
    "assets/stylesheets/verifier.css",
    "assets/javascripts/material-on-demand.js", "assets/javascripts/sw-register.js",
    "assets/javascripts/checker-start.js", "assets/javascripts/checker-outcome.js", "assets/javascripts/voice.js",
    "assets/images/favicon.svg",
)
HASH = r"[0-9a-f]{12}"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def hashed_name(path: Path) -> Path:
    """`rules.json` -> `rules.<hash>.json`, renamed in place."""
    stem, dot, ext = path.name.partition(".")
    target = path.with_name(f"{stem}.{content_hash(path.read_bytes())}{dot}{ext}")
    path.replace(target)
    return target


def current(site: Path, rel: str) -> str:
    """`rel` as the build named it: `assets/javascripts/voice.<hash>.js` once hashed, else `rel`."""
    folder, _, name = rel.rpartition("/")
    stem, dot, ext = name.partition(".")
    pattern = re.compile(re.escape(stem) + r"\." + HASH + re.escape(dot + ext) + "$")
    found = sorted(p.name for p in (site / folder).glob(f"{stem}.*{dot}{ext}") if pattern.match(p.name))
    return f"{folder}/{found[0]}" if found else rel


def hash_page_assets(site_dir: str | Path) -> dict[str, str]:
    """Rename each of PAGE_ASSETS to its content-hashed name and point every page at it; returns
    old -> new (site-relative)."""
    site = Path(site_dir)
    renamed = {}
    for rel in PAGE_ASSETS:
        path = site / rel
        if path.is_file():
            renamed[rel] = hashed_name(path).relative_to(site).as_posix()
    # A reference is the site-relative name after any number of "../" (or the site's root path).
    names = re.compile(r'(?<=["/])(' + "|".join(re.escape(r) for r in sorted(renamed, key=len, reverse=True)) + r')(?=")')
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        new = names.sub(lambda m: renamed[m.group(1)], text)
        if new != text:
            html.write_text(new, encoding="utf-8")
    return renamed
