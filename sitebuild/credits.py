"""Credits: the third-party code and fonts the site ships, with their licences, from data/credits.toml.
One source for the credits page (marker rules:credits, both languages) and site/credits.txt."""
from __future__ import annotations

import importlib.metadata
import json
import tomllib
from pathlib import Path

from checker.words import word
from sitebuild.website import Page

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "credits.toml"


def version(source: str | None) -> str:
    """The version the build ships, read where it is installed (never typed by hand)."""
    if source is None:
        return ""
    kind, _, name = source.partition(":")
    if kind == "npm":
        return json.loads((ROOT / "node_modules" / name / "package.json").read_text(encoding="utf-8"))["version"]
    if kind == "pypi":
        return importlib.metadata.version(name)
    if kind == "pyodide-python":
        lock = ROOT / "node_modules" / "pyodide" / "pyodide-lock.json"
        return json.loads(lock.read_text(encoding="utf-8"))["info"]["python"]
    raise ValueError(f"{DATA.name}: unknown version source {source!r}")


def credits() -> list[dict]:
    entries = tomllib.loads(DATA.read_text(encoding="utf-8"))["credit"]
    return [{**e, "version": version(e.get("version"))} for e in entries]


def _licence(lang: str, spdx: str) -> str:
    return word("credits_see_upstream", lang) if spdx == "see-upstream" else spdx


def m_credits(page: Page) -> str:
    """Marker rules:credits: a table of what the site ships, in the page's language."""
    lang = page.lang
    h = [word(f"credits_{key}", lang) for key in ("component", "version", "licence", "role")]
    rows = [f"| {h[0]} | {h[1]} | {h[2]} | {h[3]} |", "|---|---|---|---|"]
    for c in credits():
        role = word(f"credit_{c['id']}", lang)
        rows.append(f"| [{c['name']}]({c['url']}) | {c['version']} | {_licence(lang, c['licence'])} | {role} |")
    return "\n".join(rows)


def write_credits_file(site_dir: str | Path) -> None:
    """Post-build step: site/credits.txt, the same list as plain text for anyone who looks."""
    lines = ["Third-party code and fonts shipped by this site", word("credits_title", "fr"),
             word("credits_title", "ar"), ""]
    for c in credits():
        role = f"credit_{c['id']}"
        version_part = f" {c['version']}" if c["version"] else ""
        lines += [f"{c['name']}{version_part}", f"  licence: {c['licence']}", f"  {c['url']}",
                  f"  {word(role, 'fr')}", f"  {word(role, 'ar')}", ""]
    (Path(site_dir) / "credits.txt").write_text("\n".join(lines), encoding="utf-8")
