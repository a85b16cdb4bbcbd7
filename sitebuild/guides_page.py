"""The guides page (guides/): which PDFs the build makes, and the `rules:guides` marker that lists them.

Apart from pdfs.py so that the marker table can list this marker without importing WeasyPrint,
and pdfs.py can expand markers without the table importing it back.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from checker.model import LANGS
from checker.words import words_in
from sitebuild import render
from sitebuild.website import Page, rules

DATA = tomllib.loads((Path(__file__).parent / "data" / "checklist_answers.toml").read_text(encoding="utf-8"))
CATEGORIES = ("artisan_diplome", "artisan_experience", "maitre_artisan", "cooperative", "entreprise")
POSTER_SIZES = ("a4", "a3")
OUT_DIR = "guides"  # inside the built site


@dataclass(frozen=True)
class Output:
    name: str  # file name in site/guides/
    kind: str  # guide | guide-short | fiche | affiche
    lang: str
    category: str | None = None
    size: str = "a4"


def outputs() -> list[Output]:
    """Every PDF, in the order of the guides page."""
    out = [Output(f"guide-{lang}.pdf", "guide", lang) for lang in LANGS]
    out += [Output(f"guide-court-{lang}.pdf", "guide-short", lang) for lang in LANGS]
    out += [Output(f"fiche-{cat}-{lang}.pdf", "fiche", lang, category=cat)
            for cat in CATEGORIES for lang in LANGS]
    out += [Output(f"affiche-{lang}-{size}.pdf", "affiche", lang, size=size)
            for lang in LANGS for size in POSTER_SIZES]
    return out


def guides_list(page: Page) -> str:
    """Raw HTML list of the PDFs, linked relative to the guides page in its language."""
    lang, rs = page.lang, rules()
    return render.env.get_template("print/guides_list.html.j2").render(
        t=words_in(lang), up=page.site_root + OUT_DIR + "/", files=outputs(), lang=lang,
        labels={c: rs.text(c, lang) for c in CATEGORIES})
