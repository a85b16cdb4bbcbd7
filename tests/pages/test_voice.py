"""The voice layer with real recordings: a small Opus clip made at test time with Debian's espeak-ng and
opusenc (16 kbit/s mono, as docs-dev/voice.md asks of the chamber). A missing or stale recording is
reported; a valid one gets a button that plays it in real Chromium, fetched only on tap."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sitebuild import voice
from tests.conftest import ROOT
from tests.support.static_server import serve

QUESTION = "منذ كم سنة تمارس حرفتك؟"
ANSWER = "أقل من 3 سنوات"
VOICE_JS = ROOT / "overrides" / "assets" / "javascripts" / "voice.js"

needs_tools = pytest.mark.skipif(not (shutil.which("espeak-ng") and shutil.which("opusenc")),
                                 reason="espeak-ng and opus-tools are Debian test packages (make test installs them)")


def record(text: str, path: Path) -> Path:
    """What a facilitator does with a phone recording, with a synthetic voice instead of a person."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wav = path.with_suffix(".wav")
    subprocess.run(["espeak-ng", "-v", "ar", "-w", str(wav), text], check=True, capture_output=True)
    subprocess.run(["opusenc", "--quiet", "--bitrate", "16", "--downmix-mono", str(wav), str(path)],
                   check=True, capture_output=True)
    wav.unlink()
    return path


def record_shipped(text: str, site: Path, spoken: str = "shi") -> Path:
    """A recording of `text` as the build ships it: site/audio/<spoken>/<key>.<content hash>.opus."""
    made = record(text, site / ".recording" / f"{voice.text_key(text)}.opus")
    target = site / "audio" / spoken / voice.shipped_name(voice.text_key(text), made.read_bytes())
    target.parent.mkdir(parents=True, exist_ok=True)
    made.rename(target)
    (site / ".recording").rmdir()
    return target


def tap_and_hear(page, button) -> None:
    """Tap a ▶ button and wait until its sound has really played some time (not merely started)."""
    page.evaluate("""() => { window.__played = false;
        const play = HTMLMediaElement.prototype.play;
        HTMLMediaElement.prototype.play = function () {
          this.addEventListener('timeupdate', () => { if (this.currentTime > 0) window.__played = true; });
          return play.call(this); }; }""")
    button.click()
    page.wait_for_function("() => window.__played === true", timeout=15_000)  # a function: the page's CSP forbids eval
    assert button.get_attribute("aria-pressed") == "true"


def test_key_ignores_spacing_but_not_words():
    assert voice.text_key(QUESTION) == voice.text_key(f"  {QUESTION.replace(' ', '  ')}\n")
    assert voice.text_key(QUESTION) != voice.text_key(QUESTION.replace("حرفتك", "مهنتك"))


@pytest.mark.process
@needs_tools
def test_missing_and_stale_recordings_are_reported_and_only_valid_ones_ship(tmp_path):
    audio = tmp_path / "audio"
    good = record(QUESTION, audio / "shi" / f"{voice.text_key(QUESTION)}.opus")
    # Recorded when the answer read differently: its text has changed since.
    stale = record("أقل من ثلاث سنوات", audio / "shi" / f"{voice.text_key('أقل من ثلاث سنوات')}.opus")
    result = voice.report({voice.normalise(QUESTION), voice.normalise(ANSWER)}, audio)
    assert result.valid == (good,)
    assert result.stale == (stale,)
    assert ("shi", ANSWER) in result.missing and ("ary", QUESTION) in result.missing
    assert ("shi", QUESTION) not in result.missing
    lines = "\n".join(result.lines())
    assert "stale" in lines and stale.name in lines and f"missing [shi] {ANSWER}" in lines
    assert voice.buttons(ANSWER, "ar", audio) == ""  # no recording, no button
    assert good.stat().st_size < 20_000  # a short clip at 16 kbit/s stays small


@needs_tools
@pytest.mark.parametrize("lang,label", [("ar", "تاشلحيت"), ("fr", "tachelhit")])
def test_a_valid_recording_gets_a_button_that_plays_it(tmp_path, browser, lang, label):
    site, audio = tmp_path / "site", tmp_path / "docs-audio"
    made = record(QUESTION, audio / "shi" / f"{voice.text_key(QUESTION)}.opus")
    shipped = site / "audio" / "shi" / voice.shipped_name(voice.text_key(QUESTION), made.read_bytes())
    shipped.parent.mkdir(parents=True)
    shutil.copy(made, shipped)
    html = voice.buttons(QUESTION, lang, audio)
    assert label in html and f'data-voice="audio/shi/{shipped.name}"' in html
    (site / "assets").mkdir()
    shutil.copy(VOICE_JS, site / "assets" / "voice.js")
    (site / "index.html").write_text(
        f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>t</title>'
        f'<script id="__config" type="application/json">{{"base": "."}}</script>'
        f"<p>{QUESTION} {html}</p><script src=\"assets/voice.js\"></script></html>", encoding="utf-8")
    server = serve(site)
    try:
        ctx = browser.new_context(viewport={"width": 360, "height": 740})
        page = ctx.new_page()
        fetched = []
        page.on("request", lambda r: fetched.append(r.url))
        page.goto(f"http://127.0.0.1:{server.server_port}/")
        assert not [u for u in fetched if u.endswith(".opus")], "a recording was fetched before any tap"
        button = page.locator("button[data-voice]")
        tap_and_hear(page, button)
        assert [u for u in fetched if u.endswith(".opus")]
        ctx.close()
    finally:
        server.shutdown()


def test_the_checker_pages_texts_are_listed_for_recording(built_site, tmp_path):
    """Every question, answer and result part of the checker's pages is a text to record: with no
    recording, each is reported missing in every spoken language, and the build says how many."""
    from checker import web_pages
    from tests.conftest import BUILD_OUTPUT
    texts = voice.checker_texts()
    assert voice.normalise(QUESTION) in texts and voice.normalise(ANSWER) in texts
    # The summary's three parts, each begun by its heading's words (the checker's words, not a copy of
    # them here: the plain-words rewrite changed "توجه إلى" to "إلى أين تذهب؟").
    tx = web_pages.texts("ar")
    for part in ("take", "go", "then"):
        assert any(t.startswith(voice.normalise(tx[part])) for t in texts), part
    assert texts == {voice.normalise(t) for t in web_pages.voice_texts()}
    result = voice.report(texts, tmp_path / "audio")
    assert len(result.missing) == len(voice.SPOKEN) * len(texts) and not result.valid and not result.stale
    said = re.search(r"voice: (\d+) recording\(s\) missing", BUILD_OUTPUT[-1])
    assert said and int(said.group(1)) >= len(voice.SPOKEN) * len(texts) - len(voice.report(texts).valid)


# -- every file read and judged ------------------------------------------------------------------
def _silence_opus(path: Path, seconds: float) -> Path:
    """A real Opus file of `seconds` of silence (a WAV written here, encoded by opusenc)."""
    import wave
    wav = path.with_suffix(".wav")
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes(b"\0\0" * int(16000 * seconds))
    subprocess.run(["opusenc", "--quiet", "--bitrate", "6", str(wav), str(path)], check=True, capture_output=True)
    wav.unlink()
    return path


@pytest.mark.process
@needs_tools
def test_every_rejected_recording_is_named_with_why_and_never_shipped(tmp_path, capsys):
    audio = tmp_path / "audio"
    key = voice.text_key(QUESTION)
    good = record(QUESTION, audio / "shi" / f"{key}.opus")
    data = good.read_bytes()
    wav = audio / "ary" / f"{key}.wav"
    subprocess.run(["espeak-ng", "-v", "ar", "-w", str(wav.parent.mkdir(parents=True) or wav), QUESTION], check=True)
    files = {
        "wrong type (a WAV named .opus)": (audio / "ar" / f"{key}.opus", wav.read_bytes(), "not an Ogg/Opus file"),
        "empty": (audio / "ary" / f"{key}.opus", b"", "empty file"),
        "corrupt (one byte changed)": (audio / "shi" / f"{voice.text_key(ANSWER)}.opus",
                                       data[:len(data) // 2] + bytes([data[len(data) // 2] ^ 0xFF]) + data[len(data) // 2 + 1:],
                                       "fails its checksum"),
        "cut short": (audio / "shi" / "0123456789abcdef.opus", data[:len(data) - 200], "cut short"),
        "oversized (30 MB)": (audio / "shi" / "fedcba9876543210.opus", data + bytes(30 * 1024 * 1024), "over the 256 KB limit"),
    }
    for path, content, _ in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    too_long = _silence_opus(audio / "ar" / "00000000000000aa.opus", voice.MAX_SECONDS + 10)
    result = voice.report({voice.normalise(QUESTION), voice.normalise(ANSWER)}, audio)
    rejected = dict(result.rejected)
    for what, (path, _, why) in files.items():
        assert why in rejected.get(path, ""), (what, rejected.get(path))
    assert "s long: a recording lasts" in rejected[too_long]
    assert "not an .opus file" in rejected[wav]
    assert result.valid == (good,) and not set(rejected) & set(result.stale)
    lines = result.lines()
    for path in rejected:
        assert sum(f"voice: rejected {path.parent.name}/{path.name}: " in line for line in lines) == 1
    # The table the pages are drawn from holds only the valid one: a ▶ for it alone.
    assert voice.recorded(audio) == {key: {"shi": voice.shipped_name(key, data)}}
    assert voice.buttons(ANSWER, "ar", audio) == ""


@pytest.mark.process
@needs_tools
def test_a_valid_recordings_length_is_read_from_its_pages(tmp_path):
    clip = _silence_opus(tmp_path / "a.opus", 3.0)
    assert abs(voice.opus_seconds(clip.read_bytes()) - 3.0) < 0.05
    assert voice.problem(clip.read_bytes()) is None


@pytest.mark.process
@needs_tools
def test_a_re_recording_gets_a_new_address(tmp_path, monkeypatch):
    """The same text recorded again: the shipped name (and the ▶ button's address) changes with the
    bytes, so a phone that kept the old recording fetches the new one."""
    audio, site = tmp_path / "audio", tmp_path / "site"
    key = voice.text_key(QUESTION)
    first = record(QUESTION, audio / "shi" / f"{key}.opus")
    before = voice.buttons(QUESTION, "ar", audio)
    old_name = voice.shipped_name(key, first.read_bytes())
    monkeypatch.setattr(voice, "checker_texts", lambda: {voice.normalise(QUESTION)})
    voice.ship_recordings(site, audio)
    assert [p.name for p in (site / "audio" / "shi").iterdir()] == [old_name]
    _silence_opus(first, 2.0)  # the facilitator records it again
    after = voice.buttons(QUESTION, "ar", audio)
    new_name = voice.shipped_name(key, first.read_bytes())
    assert new_name != old_name and old_name in before and new_name in after and old_name not in after
    voice.ship_recordings(site, audio)
    assert [p.name for p in (site / "audio" / "shi").iterdir()] == [new_name]
    assert voice.shipped(site) == {key: {"shi": new_name}}
