"""Pictograms: Material's bundled icons (its `.icons` folder) inlined as SVG at build time.

Inline, so a page or a PDF makes no extra request; decorative (`aria-hidden`), because the words beside
them always say the same thing. Which icon stands for which document, status or place is data:
`sitebuild/data/pictograms.toml`, keyed by the rules' ids.
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

import material
from markupsafe import Markup

ICONS = Path(material.__file__).parent / "templates" / ".icons"
DATA = Path(__file__).parent / "data" / "pictograms.toml"


@lru_cache(maxsize=None)
def svg(name: str) -> Markup:
    """The icon `set/name` (e.g. "material/map-marker-outline") as inline, decorative SVG."""
    text = (ICONS / f"{name}.svg").read_text(encoding="utf-8").strip()
    # A size in the markup too: without CSS (feed readers, a PDF stylesheet that misses it) an SVG
    # with only a viewBox would fill the whole width.
    return Markup(text.replace("<svg ", '<svg aria-hidden="true" focusable="false" width="20" height="20" ', 1))


@lru_cache(maxsize=1)
def pictograms() -> dict[str, dict[str, str]]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


def for_(kind: str, key: str) -> Markup:
    """The pictogram of a document / status / place id, or nothing when the data names none."""
    name = pictograms()[kind].get(key)
    return svg(name) if name else Markup("")
