"""The voice layer's keys and ▶ buttons: standard library only, so the build (CPython) and the browser
(Pyodide) render the same buttons from the same table.

A recording is named after the Arabic text it reads: `<key>.opus`, `text_key(text)` = the first 16 hex
digits of the SHA-256 of the text (NFC, spaces collapsed), in `audio/<spoken>/` (ar: Arabic, ary:
Darija, shi: Tachelhit). Which recordings a build ships is the build's business (sitebuild/voice.py);
a renderer is handed them as a plain table, key -> spoken languages, and draws a button per recording.
"""
from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from typing import Mapping

from .words import words_in

SPOKEN = ("shi", "ary", "ar")  # the order of the buttons: Tachelhit first, the first language in Souss-Massa

# text_key -> {spoken language: file name in audio/<spoken>/}; the name holds a hash of the recording's
# bytes (sitebuild/voice.py), so a new recording of a text has a new address.
Recordings = Mapping[str, Mapping[str, str]]


def normalise(text: str) -> str:
    """The text as a reader hears it: Unicode NFC, spaces collapsed (a line break is not a new text)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def text_key(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


def buttons(text_ar: str, lang: str, recorded: Recordings) -> str:
    """▶ buttons (one per recorded spoken language, labelled in `lang`) for the Arabic text `text_ar`,
    or "" when it has no recording. `data-voice` is relative to the site's root (the theme's `base`);
    the sound loads only when tapped (assets/javascripts/voice.js)."""
    key = text_key(text_ar)
    files = recorded.get(key, {})
    found = [s for s in SPOKEN if s in files]
    if not found:
        return ""
    tx = words_in(lang)
    return ('<span class="voice">' + "".join(
        f'<button type="button" class="voice__play" data-voice="audio/{s}/{html.escape(files[s])}" aria-pressed="false">'
        f'<span aria-hidden="true">▶</span> {html.escape(tx["voice_listen"])} · {html.escape(tx[f"voice_name_{s}"])}'
        "</button>" for s in found) + "</span>")
