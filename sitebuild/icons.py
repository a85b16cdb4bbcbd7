"""Pictograms: Material's bundled icons (its `.icons` folder) inlined as SVG at build time.

Inline, so a page or a PDF makes no extra request; decorative (`aria-hidden`), because the words beside
them always say the same thing. Which icon stands for which document, status, answer or place is data:
`sitebuild/data/pictograms.toml`, keyed by the rules' ids.

The checker's pages (rendered by checker/web_pages.py, in the build and in the browser) name a pictogram
instead (`<span class="ck-pic" data-pic="documents/copie_cin">`): its drawing is a data: image in their
stylesheet, written here at build time (`add_checker_pictograms`), so a page still makes no request.
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import material
from markupsafe import Markup

ICONS = Path(material.__file__).parent / "templates" / ".icons"
DATA = Path(__file__).parent / "data" / "pictograms.toml"
CHECKER_KINDS = ("documents", "statuses", "answers")  # what the checker's pages draw
CHECKER_STYLESHEET = "assets/stylesheets/checker-pages.css"


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


def checker_pictures() -> frozenset[str]:
    """The "kind/id" names the checker's pages draw a pictogram for (web_pages.Media.pictures)."""
    return frozenset(f"{kind}/{key}" for kind in CHECKER_KINDS for key in pictograms()[kind])


def checker_css() -> str:
    """One rule per pictogram: the icon as a mask painted in the text's colour (dark mode included)."""
    rules = [".md-typeset .ck-pic{display:inline-block;width:1.3em;height:1.3em;vertical-align:-.25em;"
             "margin-inline-end:.4em;background-color:currentColor;-webkit-mask:var(--ck-pic) center/contain "
             "no-repeat;mask:var(--ck-pic) center/contain no-repeat;-webkit-print-color-adjust:exact;"
             "print-color-adjust:exact}"]
    for name in sorted(checker_pictures()):
        kind, key = name.split("/")
        drawing = (ICONS / f"{pictograms()[kind][key]}.svg").read_text(encoding="utf-8").strip()
        rules.append(f'.ck-pic[data-pic="{name}"]{{--ck-pic:url("data:image/svg+xml,{quote(drawing, safe="")}")}}')
    return "\n".join(rules) + "\n"


def add_checker_pictograms(site_dir: str | Path) -> None:
    """Post-build step (before the styles are minified): the pictograms into the checker pages' stylesheet."""
    path = Path(site_dir) / CHECKER_STYLESHEET
    path.write_text(path.read_text(encoding="utf-8") + "\n/* Pictograms (sitebuild/icons.py) */\n" + checker_css(),
                    encoding="utf-8")
