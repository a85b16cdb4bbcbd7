"""Post-build step: the words people type (AMO, «لامو», «الكارط», CNSS, CPU…) added to the search index.

Material's search plugin indexes the pages' own words; readers search with the acronyms on their CNSS
papers and with Darija. Every entry of site/search/search_index.json whose title or text holds one of
a group's terms (sitebuild/data/search_synonyms.toml) gets the group's aliases in a field of its own,
`aliases`, which the search worker indexes (every field of the index's config) but a result never
shows: results show the page's own words. Each entry also gets the `boost` of its page's kind
(`[boost]` in the same file): the task pages come before the glossary, the sources and the news.
The page itself is unchanged.
"""
from __future__ import annotations

import html
import json
import re
import tomllib
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "search_synonyms.toml"


def groups() -> list[dict[str, list[str]]]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))["group"]


def boosts() -> dict[str, float]:
    """Page folder ("registre/") → the boost of its search entries (1 when not listed)."""
    return tomllib.loads(DATA.read_text(encoding="utf-8"))["boost"]


def boost_for(location: str) -> float:
    folder = location.removeprefix("fr/").split("#")[0].split("/")[0]
    return boosts().get(folder + "/", 1.0)


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", text)).casefold()


def aliases_for(title: str, text: str) -> list[str]:
    """The aliases an entry earns by its words, in data order, without duplicates or words it has."""
    plain = _plain(f"{title} {text}")
    out: list[str] = []
    for group in groups():
        if any(term.casefold() in plain for term in group["terms"]):
            out += [a for a in group["aliases"] if a not in out and a.casefold() not in plain]
    return out


def add_search_synonyms(site_dir: str | Path) -> None:
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return  # a build without the search plugin
    index = json.loads(path.read_text(encoding="utf-8"))
    index["config"]["fields"]["aliases"] = {"boost": 1.0}  # indexed like the text, never shown
    for doc in index["docs"]:
        extra = aliases_for(doc.get("title", ""), doc.get("text", ""))
        if extra:
            doc["aliases"] = " ".join(extra)
        boost = boost_for(doc["location"])
        if boost != 1.0:
            doc["boost"] = boost
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
