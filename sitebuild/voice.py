"""The voice layer: short recordings the chamber makes, played by a ▶ button beside a text.

A recording is a small Opus file in the repository, named after the text it reads:
`docs/audio/<lang>/<key>.opus`, where <lang> is the spoken language (ar: Arabic, ary: Darija,
shi: Tachelhit) and <key> the first 16 hex digits of the SHA-256 of the Arabic text on screen
(`checker.voice.text_key`: the checker's pages compute it in the browser too). When the text changes,
its key changes: the old file no longer matches any text (stale) and the new text has none (missing).
The build reports both, for the texts of the checker's pages and those any page asked a button for,
reads every file (Ogg/Opus, checksums, size and length limits: `problem`), names each rejected one
with why, and ships only valid files, as `<key>.<hash of the bytes>.opus` (`shipped_name`), so a new
recording of a text has a new address; a text with no valid recording gets no button. docs-dev/voice.md tells a
facilitator how to record.

For page builders:
    voice.buttons(text_ar, lang)  ->  the ▶ buttons (one per recorded language), or "" when none
    voice.shipped(site_dir)       ->  the table of shipped recordings the checker's pages are drawn with
"""
from __future__ import annotations

import datetime
import hashlib
import re
import shutil
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from checker import voice as keys, web_pages
from checker.voice import SPOKEN, normalise, text_key

ROOT = Path(__file__).resolve().parent.parent
AUDIO = ROOT / "docs" / "audio"
SHIPPED = "audio"  # where the valid recordings go in the built site

# Texts a page asked a button for during this build: the post-build report lists the missing ones.
ASKED: set[str] = set()

# What a recording may be (docs-dev/voice.md asks for 5-15 s at 16 kbit/s, about 20 KB): a clip far
# outside is a wrong file (a whole interview, a 30 MB export) that a phone on a weak signal would pay for.
MAX_BYTES = 256 * 1024
MAX_SECONDS = 60.0
MIN_SECONDS = 0.5
SHIPPED_NAME = re.compile(r"([0-9a-f]{16})\.([0-9a-f]{8})\.opus")  # <text key>.<content hash>.opus


def _crc_table() -> tuple[int, ...]:
    """Ogg's page checksum: CRC-32, polynomial 0x04C11DB7, not reflected (zlib's crc32 is)."""
    table = []
    for i in range(256):
        r = i << 24
        for _ in range(8):
            r = ((r << 1) ^ 0x04C11DB7) if r & 0x80000000 else r << 1
        table.append(r & 0xFFFFFFFF)
    return tuple(table)


_CRC = _crc_table()


def _ogg_crc(page: bytes) -> int:
    crc = 0
    for byte in page:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _CRC[((crc >> 24) ^ byte) & 0xFF]
    return crc


def opus_seconds(data: bytes) -> float:
    """The length of an Ogg/Opus file in seconds, read from its pages; ValueError saying what is wrong
    (every page's checksum is checked, so a cut or damaged file is found here, not on a phone)."""
    pos, pages, granule, serial, last_flags, first_packet = 0, 0, 0, None, 0, b""
    while pos < len(data):
        if data[pos:pos + 4] != b"OggS" or len(data) < pos + 27:
            raise ValueError(f"damaged: no Ogg page at byte {pos}")
        version, flags, granule, page_serial, _seq, crc, nsegs = struct.unpack_from("<BBqIIIB", data, pos + 4)
        size = 27 + nsegs + sum(data[pos + 27:pos + 27 + nsegs])
        page = data[pos:pos + size]
        if version != 0 or len(page) < size or len(data) < pos + 27 + nsegs:
            raise ValueError(f"damaged or cut short: page {pages + 1} is incomplete")
        if _ogg_crc(page[:22] + b"\0\0\0\0" + page[26:]) != crc:
            raise ValueError(f"damaged: page {pages + 1} fails its checksum")
        if serial is None:
            serial, first_packet = page_serial, page[27 + nsegs:]
        elif page_serial != serial:
            raise ValueError("more than one stream in the file")
        pages, last_flags, pos = pages + 1, flags, pos + size
    if not first_packet.startswith(b"OpusHead") or len(first_packet) < 19:
        raise ValueError("an Ogg file, but not Opus (no OpusHead)")
    if not last_flags & 0x04:
        raise ValueError("cut short: the last page does not end the stream")
    pre_skip = struct.unpack_from("<H", first_packet, 10)[0]
    return max(granule - pre_skip, 0) / 48000


def problem(data: bytes) -> str | None:
    """Why these bytes cannot be shipped as a recording, or None."""
    if not data:
        return "empty file"
    if len(data) > MAX_BYTES:
        return f"{len(data) // 1024} KB, over the {MAX_BYTES // 1024} KB limit (see docs-dev/voice.md, step 3)"
    if data[:4] != b"OggS":
        return f"not an Ogg/Opus file (it starts with {data[:8]!r})"
    try:
        seconds = opus_seconds(data)
    except ValueError as e:
        return str(e)
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        return f"{seconds:.1f} s long: a recording lasts {MIN_SECONDS:g} to {MAX_SECONDS:g} s"
    return None


def shipped_name(key: str, data: bytes) -> str:
    """The recording's name in the site: its text key and a hash of its bytes, so that a new recording
    of the same text has a new address and reaches every phone (the old one stays in no cache's way)."""
    return f"{key}.{hashlib.sha256(data).hexdigest()[:8]}.opus"


def recorded(audio: Path = AUDIO) -> dict[str, dict[str, str]]:
    """The table a renderer draws buttons from: text key -> {spoken language: shipped file name}, for
    the valid recordings of the repository's docs/audio/."""
    table: dict[str, dict[str, str]] = {}
    for spoken in SPOKEN:
        for path in sorted((audio / spoken).glob("*.opus")):
            data = _read(path)
            if data is not None and problem(data) is None:
                table.setdefault(path.stem, {})[spoken] = shipped_name(path.stem, data)
    return table


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def shipped(site_dir: str | Path) -> dict[str, dict[str, str]]:
    """The recordings this build shipped (ship_recordings ran first), by their names in site/audio/:
    the checker pages' table."""
    table: dict[str, dict[str, str]] = {}
    for spoken in SPOKEN:
        for path in sorted((Path(site_dir) / SHIPPED / spoken).glob("*.opus")):
            m = SHIPPED_NAME.fullmatch(path.name)
            if m:
                table.setdefault(m.group(1), {})[spoken] = path.name
    return table


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
    rejected: tuple[tuple[Path, str], ...] = ()  # (file, why): never shipped, never a button

    def lines(self) -> list[str]:
        out = [f"voice: {len(self.valid)} recording(s) shipped"]
        out += [f"voice: rejected {_shown(p)}: {why}" for p, why in self.rejected]
        out += [f"voice: missing [{s}] {t}" for s, t in self.missing]
        out += [f"voice: stale (its text changed or is gone): {_shown(p)}" for p in self.stale]
        return out


def _shown(path: Path) -> str:
    return path.relative_to(path.parents[1]).as_posix()


def report(texts: set[str], audio: Path = AUDIO) -> Report:
    """Every file under audio/<spoken>/ read and judged: valid (shipped), stale, or rejected with why."""
    keys = {text_key(t): t for t in texts}
    valid, stale, rejected = [], [], []
    for path in sorted(p for p in audio.glob("*/*") if p.parent.is_dir() and not p.name.startswith(".")):
        if path.parent.name not in SPOKEN:
            rejected.append((path, f"not a spoken language folder (allowed: {', '.join(SPOKEN)})"))
            continue
        if path.suffix != ".opus":
            rejected.append((path, "not an .opus file (docs-dev/voice.md, step 3, converts it)"))
            continue
        data = _read(path)
        why = "not a readable file" if data is None else problem(data)
        if why:
            rejected.append((path, why))
        else:
            (valid if path.stem in keys else stale).append(path)
    have = {(p.parent.name, p.stem) for p in valid}
    missing = [(s, t) for t in sorted(texts) for s in SPOKEN if (s, text_key(t)) not in have]
    return Report(tuple(valid), tuple(missing), tuple(stale), tuple(rejected))


def ship_recordings(site_dir: str | Path, audio: Path | None = None) -> None:
    """Post-build step: copy the valid recordings into site/audio/ under their content-hashed names;
    print each rejected file with why, and how many are missing or stale."""
    result = report(checker_texts() | ASKED, audio or AUDIO)
    out = Path(site_dir) / SHIPPED
    shutil.rmtree(out, ignore_errors=True)
    for path in result.valid:
        target = out / path.parent.name / shipped_name(path.stem, path.read_bytes())
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    rejected = [line for line in result.lines() if line.startswith("voice: rejected ")]
    for line in result.lines()[:1] + rejected + [f"voice: {len(result.missing)} recording(s) missing, "
                                                 f"{len(result.stale)} stale (details: python -m sitebuild.voice)"]:
        print(line, file=sys.stderr)


def checker_texts(on: datetime.date | None = None) -> set[str]:
    """The Arabic texts the checker's pages voice: each question, each answer, the three parts of
    each result (checker/web_pages.py gives these very texts their buttons)."""
    return {normalise(t) for t in web_pages.voice_texts(on) if t.strip()}


def main() -> int:
    """`python -m sitebuild.voice`: every text to record with its file name, then what is stale."""
    texts = checker_texts()
    result = report(texts | ASKED)
    done = {(p.parent.name, p.stem) for p in result.valid}
    for text in sorted(texts):
        have = " ".join(s for s in SPOKEN if (s, text_key(text)) in done) or "-"
        print(f"{text_key(text)}.opus  [{have}]  {text}")
    for line in (l for l in result.lines() if "stale" in l or "rejected" in l):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
