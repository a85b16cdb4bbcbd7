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
    site = tmp_path / "site"
    record(QUESTION, site / "audio" / "shi" / f"{voice.text_key(QUESTION)}.opus")
    html = voice.buttons(QUESTION, lang, site / "audio")
    assert label in html and 'data-voice="audio/shi/' in html
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
    assert any(t.startswith("خذ معك") for t in texts) and any(t.startswith("توجه إلى") for t in texts)
    assert texts == {voice.normalise(t) for t in web_pages.voice_texts()}
    result = voice.report(texts, tmp_path / "audio")
    assert len(result.missing) == len(voice.SPOKEN) * len(texts) and not result.valid and not result.stale
    said = re.search(r"voice: (\d+) recording\(s\) missing", BUILD_OUTPUT[-1])
    assert said and int(said.group(1)) >= len(voice.SPOKEN) * len(texts) - len(voice.report(texts).valid)
