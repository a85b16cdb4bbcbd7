"""The voice layer: short recordings the chamber makes, played by a ▶ button beside a text.

A recording is a small Opus file in the repository, named after the text it reads:
`docs/audio/<lang>/<key>.opus`, where <lang> is the spoken language (ar: Arabic, ary: Darija,
shi: Tachelhit) and <key> the first 16 hex digits of the SHA-256 of the Arabic text on screen
(`checker.voice.text_key`: the checker's pages compute it in the browser too). When the text changes,
its key changes: the old file no longer matches any text (stale) and the new text has none (missing).
The build reports both, for the texts of the checker's pages and those any page asked a button for,
and ships only valid files; a text with no valid recording gets no button. docs-dev/voice.md tells a
facilitator how to record.

For page builders:
    voice.buttons(text_ar, lang)  ->  the ▶ buttons (one per recorded language), or "" when none
    voice.shipped(site_dir)       ->  the table of shipped recordings the checker's pages are drawn with
"""
from __future__ import annotations

import datetime
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from checker import voice as keys, web_pages
from checker.voice import SPOKEN, normalise, text_key
from sitebuild.website import build_day, rules

ROOT = Path(__file__).resolve().parent.parent
AUDIO = ROOT / "docs" / "audio"
SHIPPED = "audio"  # where the valid recordings go in the built site

# Texts a page asked a button for during this build: the post-build report lists the missing ones.
ASKED: set[str] = set()


def recorded(audio: Path = AUDIO) -> dict[str, tuple[str, ...]]:
    """The table a renderer draws buttons from: text key -> spoken languages with an Opus file."""
    table: dict[str, list[str]] = {}
    for spoken in SPOKEN:
        for path in sorted((audio / spoken).glob("*.opus")):
            if path.read_bytes()[:4] == b"OggS":
                table.setdefault(path.stem, []).append(spoken)
    return {k: tuple(v) for k, v in table.items()}


def shipped(site_dir: str | Path) -> dict[str, tuple[str, ...]]:
    """The recordings this build shipped (ship_recordings ran first): the checker pages' table."""
    return recorded(Path(site_dir) / SHIPPED)


def buttons(text_ar: str, lang: str, audio: Path = AUDIO) -> Markup:
    """▶ buttons for the recordings of `text_ar` (the Arabic text on screen), labelled in `lang`; the
    sound loads only when tapped (voice.js). Nothing when no recording exists."""
    ASKED.add(normalise(text_ar))
    return Markup(keys.buttons(text_ar, lang, recorded(audio)))


@dataclass(frozen=True)
class Report:
    valid: tuple[Path, ...]
    missing: tuple[tuple[str, str], ...]   # (spoken language, text)
    stale: tuple[Path, ...]                # files whose text is no longer on any page

    def lines(self) -> list[str]:
        out = [f"voice: {len(self.valid)} recording(s) shipped"]
        out += [f"voice: missing [{s}] {t}" for s, t in self.missing]
        out += [f"voice: stale (its text changed or is gone): {p.relative_to(p.parents[1])}" for p in self.stale]
        return out


def report(texts: set[str], audio: Path = AUDIO) -> Report:
    keys = {text_key(t): t for t in texts}
    valid, stale = [], []
    for path in sorted(audio.glob("*/*.opus")):
        (valid if path.stem in keys and path.parent.name in SPOKEN else stale).append(path)
    have = {(p.parent.name, p.stem) for p in valid}
    missing = [(s, t) for t in sorted(texts) for s in SPOKEN if (s, text_key(t)) not in have]
    return Report(tuple(valid), tuple(missing), tuple(stale))


def ship_recordings(site_dir: str | Path) -> None:
    """Post-build step: copy the valid recordings into site/audio/, print what is missing or stale."""
    result = report(checker_texts() | ASKED)
    out = Path(site_dir) / SHIPPED
    shutil.rmtree(out, ignore_errors=True)
    for path in result.valid:
        target = out / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    for line in result.lines()[:1] + [f"voice: {len(result.missing)} recording(s) missing, "
                                      f"{len(result.stale)} stale (details: python -m sitebuild.voice)"]:
        print(line, file=sys.stderr)


def checker_texts(on: datetime.date | None = None) -> set[str]:
    """The Arabic texts the checker's pages voice: each question, each answer, the three parts of
    each result (checker/web_pages.py gives these very texts their buttons)."""
    return {normalise(t) for t in web_pages.voice_texts(on or build_day(), rules=rules()) if t.strip()}


def main() -> int:
    """`python -m sitebuild.voice`: every text to record with its file name, then what is stale."""
    texts = checker_texts()
    result = report(texts | ASKED)
    done = {(p.parent.name, p.stem) for p in result.valid}
    for text in sorted(texts):
        have = " ".join(s for s in SPOKEN if (s, text_key(text)) in done) or "-"
        print(f"{text_key(text)}.opus  [{have}]  {text}")
    for line in (l for l in result.lines() if "stale" in l):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
