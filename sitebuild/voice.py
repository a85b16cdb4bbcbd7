"""The voice layer: short recordings the chamber makes, played by a ▶ button beside a text.

A recording is a small Opus file in the repository, named after the text it reads:
`docs/audio/<lang>/<key>.opus`, where <lang> is the spoken language (ar: Arabic, ary: Darija,
shi: Tachelhit) and <key> the first 16 hex digits of the SHA-256 of the Arabic text on screen
(`text_key`). When the text changes, its key changes: the old file no longer matches any text
(stale) and the new text has none (missing). The build reports both and ships only valid files;
a text with no valid recording gets no button. docs-dev/voice.md tells a facilitator how to record.

For page builders (the checker's question and result pages):
    voice.buttons(text_ar, lang)  ->  the ▶ buttons (one per recorded language), or "" when none
"""
from __future__ import annotations

import hashlib
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from checker.words import word
from sitebuild import render

ROOT = Path(__file__).resolve().parent.parent
AUDIO = ROOT / "docs" / "audio"
SPOKEN = ("shi", "ary", "ar")  # the order of the buttons: Tachelhit first, the first language in Souss-Massa

# Texts a page asked a button for during this build: the post-build report lists the missing ones.
ASKED: set[str] = set()


def normalise(text: str) -> str:
    """The text as a reader hears it: Unicode NFC, spaces collapsed (a line break is not a new text)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def text_key(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


def recording(text: str, spoken: str, audio: Path = AUDIO) -> Path | None:
    path = audio / spoken / f"{text_key(text)}.opus"
    return path if path.is_file() and path.read_bytes()[:4] == b"OggS" else None


def buttons(text_ar: str, lang: str, audio: Path = AUDIO) -> Markup:
    """▶ buttons for the recordings of `text_ar` (the Arabic text on screen), labelled in `lang`; the
    sound loads only when tapped (voice.js). Nothing when no recording exists."""
    ASKED.add(normalise(text_ar))
    found = [(s, f"audio/{s}/{text_key(text_ar)}.opus") for s in SPOKEN if recording(text_ar, s, audio)]
    if not found:
        return Markup("")
    names = {s: word(f"voice_name_{s}", lang) for s in SPOKEN}  # in the page's language
    return Markup(render.env.get_template("voice.html.j2").render(
        found=found, names=names, listen=word("voice_listen", lang)))


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
    result = report(ASKED)
    out = Path(site_dir) / "audio"
    shutil.rmtree(out, ignore_errors=True)
    for path in result.valid:
        target = out / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    for line in result.lines()[:1] + [f"voice: {len(result.missing)} recording(s) missing, "
                                      f"{len(result.stale)} stale (details: python -m sitebuild.voice)"]:
        print(line, file=sys.stderr)


def checker_texts() -> set[str]:
    """The Arabic texts the checker shows and voices: each question, each answer, each result's name
    and description (what a facilitator records; P1's pages call `buttons` with the same texts)."""
    from sitebuild.pages import rules
    rs = rules()
    texts = {f.question.ar for f in rs.facts} | {v.label.ar for f in rs.facts for v in f.values}
    texts |= {o.label.ar for o in rs.outcomes} | {o.description.ar for o in rs.outcomes if o.description.ar}
    return {normalise(t) for t in texts if t.strip()}


def main() -> int:
    """`python -m sitebuild.voice`: every text to record with its file name, then what is stale."""
    result = report(checker_texts() | ASKED)
    done = {(p.parent.name, p.stem) for p in result.valid}
    for text in sorted(checker_texts()):
        have = " ".join(s for s in SPOKEN if (s, text_key(text)) in done) or "-"
        print(f"{text_key(text)}.opus  [{have}]  {text}")
    for line in (l for l in result.lines() if "stale" in l):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
