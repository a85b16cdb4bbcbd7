"""The checker pages' ▶ buttons and pictograms. A recording (espeak-ng + opusenc, made at test time as
a facilitator would with a phone) is put beside a copy of the built start pages, and the real build
step writes the checker pages with it: the recorded texts get a button that plays in real Chromium,
the others none; Python as shipped to browsers renders the same HTML from the same table; the
documents to bring carry their pictogram with their words, drawn from the stylesheet (no request)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from checker import voice as keys, web_pages
from checker.text import explain
from sitebuild import icons, voice
from sitebuild.postbuild import checker_pages
from tests.checker_page.test_checker_pages import built_on, page_file  # noqa: F401  (a fixture)
from tests.conftest import LANGS, PHONE, ROOT, page_url_path
from tests.pages.test_voice import needs_tools, record_shipped, tap_and_hear
from tests.support.static_server import serve

RENDER = ROOT / "tests" / "pyodide" / "render_shipped_pages.mjs"
VOICE_BUTTON = re.compile(r'data-voice="audio/([a-z]+)/([0-9a-f]{16})\.[0-9a-f]{8}\.opus"')
QR = re.compile(r'\n<div class="ck-print-qr">.*?</div>', re.S)


@pytest.fixture(scope="module")
def first_question(rules, built_on):
    return rules.fact(web_pages.decode("0", built_on, rules=rules).fact)


@pytest.fixture(scope="module")
def voiced_site(built_site, tmp_path_factory, rules, built_on, first_question):
    """The built start pages and assets, the first question and its first answer recorded in
    Tachelhit, and every checker page written by the build's own step."""
    if not (shutil.which("espeak-ng") and shutil.which("opusenc")):
        pytest.skip("espeak-ng and opus-tools are Debian test packages (make test installs them)")
    site = tmp_path_factory.mktemp("voiced") / "site"
    for lang in LANGS:
        start = page_file(built_site, lang, "")
        target = page_file(site, lang, "")
        target.parent.mkdir(parents=True)
        shutil.copy(start, target)
    (site / "assets").symlink_to(built_site / "assets")
    answer = web_pages.options(rules, first_question, "ar")[0][1]
    for text in (first_question.question.ar, answer):
        record_shipped(text, site)
    checker_pages.build_checker_pages(site, on=built_on)
    return site


@pytest.fixture(scope="module")
def with_documents(rules, built_on) -> str:
    """The path of an outcome whose summary lists documents that have a pictogram."""
    for st in web_pages.walk(built_on, rules=rules):
        if st.fact is None:
            sm = web_pages.summary(rules, explain(rules, st.report, dict(st.answers), "ar"), "ar")
            if {"copie_cin", "copie_diplome"} <= set(sm.document_ids):
                return st.path
    raise AssertionError("no outcome asks for an identity card and a diploma")


def buttons_in(html: str) -> list[tuple[str, str]]:
    return VOICE_BUTTON.findall(html)


@pytest.mark.parametrize("lang", LANGS)
def test_a_recorded_text_gets_a_button_and_no_other_text_does(voiced_site, rules, built_on, first_question, lang):
    page = page_file(voiced_site, lang, "0/").read_text(encoding="utf-8")
    answer = web_pages.options(rules, first_question, "ar")[0][1]
    # The question's and the first answer's recordings, keyed by the Arabic words on a French page too.
    assert buttons_in(page) == [("shi", keys.text_key(first_question.question.ar)), ("shi", keys.text_key(answer))]
    h1 = re.search(r'<h1 class="ck-q">.*?</h1>(.*?)<p class="ck-help">', page, re.S).group(1)
    assert "data-voice" in h1  # beside the question
    assert page.count('class="voice"') == 2
    for st in web_pages.walk(built_on, rules=rules)[1:40]:  # elsewhere, only the same answer's words
        for _, key in buttons_in(page_file(voiced_site, lang, st.path).read_text(encoding="utf-8")):
            assert key == keys.text_key(answer), st.path
    start = page_file(voiced_site, lang, "").read_text(encoding="utf-8")
    assert re.search(r"assets/javascripts/voice\.[0-9a-f]{12}\.js", start)  # the player, cached by the start page


def test_without_a_recording_no_checker_page_has_a_button(built_site, rules, built_on):
    """The built site ships only the repository's valid recordings: every ▶ of every checker page
    plays a file the build shipped, and there is none when none shipped."""
    shipped = voice.shipped(built_site)
    count = 0
    for lang in LANGS:
        for st in web_pages.walk(built_on, rules=rules):
            for spoken, key in buttons_in(page_file(built_site, lang, st.path).read_text(encoding="utf-8")):
                assert spoken in shipped.get(key, ()), (lang, st.path, key)
                count += 1
    assert count or not shipped


@needs_tools
@pytest.mark.parametrize("lang", LANGS)
def test_the_button_plays_the_recording_in_chromium(browser, voiced_site, first_question, lang):
    server = serve(voiced_site)
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        fetched = []
        page.on("request", lambda r: fetched.append(r.url))
        page.goto(f"http://127.0.0.1:{server.server_port}" + page_url_path(lang, "verifier/0/"))
        page.wait_for_load_state("load")
        assert not [u for u in fetched if u.endswith(".opus")], "a recording was fetched before any tap"
        button = page.locator("h1.ck-q + .voice button[data-voice]")
        assert button.is_visible()
        tap_and_hear(page, button)
        assert [u for u in fetched if re.search(rf"/audio/shi/{keys.text_key(first_question.question.ar)}"
                                                r"\.[0-9a-f]{8}\.opus$", u)]
        assert all(u.startswith("http://127.0.0.1:") or u.startswith("data:") for u in fetched)
    finally:
        ctx.close()
        server.shutdown()


def test_the_shipped_python_renders_the_same_buttons_and_pictograms(voiced_site, built_site, built_on, with_documents,
                                                                    tmp_path):
    """A browser re-rendering a page (Pyodide, the lean zip, rules.json) with the build's media table
    writes exactly what the static page holds (the printed QR code aside: it is the build's own)."""
    outcome = with_documents.strip("/")
    pages = [[lang, code, built_on.isoformat()] for lang in LANGS for code in ("0", outcome)]
    media = checker_pages.media(voiced_site).to_json()
    assert media == json.loads(json.dumps(web_pages.Media.from_json(media).to_json()))  # the table round-trips
    base = checker_pages.site_url().rstrip("/") + "/"
    (tmp_path / "cases.json").write_text(json.dumps({"media": media, "site_url": base, "pages": pages}),
                                         encoding="utf-8")
    proc = subprocess.run(["node", str(RENDER), str(built_site), str(tmp_path / "cases.json")], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rendered = json.loads(proc.stdout.strip().splitlines()[-1])
    for (lang, code, _), html in zip(pages, rendered):
        static = page_file(voiced_site, lang, code + "/").read_text(encoding="utf-8")
        article = checker_pages.ARTICLE.search(static).group(2)
        assert QR.sub("", article).strip() == html.strip(), (lang, code)
    assert "data-voice" in rendered[0] and 'data-pic="documents/' in rendered[1]


@pytest.mark.parametrize("lang", LANGS)
def test_documents_to_bring_carry_their_pictogram_beside_their_words(built_site, site_server, context, with_documents,
                                                                     lang):
    path = with_documents
    html = page_file(built_site, lang, path).read_text(encoding="utf-8")
    take = re.search(r'<ul class="ck-take">(.*?)</ul>', html).group(1)
    drawn = re.findall(r'<li><span class="ck-pic" data-pic="documents/([a-z_]+)" aria-hidden="true"></span>([^<]+)</li>', take)
    assert len(drawn) >= 2 and all(text.strip() for _, text in drawn)  # the words always beside the picture
    assert {d for d, _ in drawn} <= {n.split("/")[1] for n in icons.checker_pictures() if n.startswith("documents/")}
    page = context.new_page()
    page.goto(site_server + page_url_path(lang, "verifier/" + path))
    pics = page.locator(".ck-take .ck-pic")
    assert pics.count() == len(drawn)
    for i in range(pics.count()):
        style = pics.nth(i).evaluate("""e => { const s = getComputedStyle(e), r = e.getBoundingClientRect();
            return {mask: s.webkitMaskImage || s.maskImage, w: r.width, h: r.height}; }""")
        assert style["mask"].startswith('url("data:image/svg+xml') and style["w"] >= 12 and style["h"] >= 12, style
    status = page.locator(".ck-sentence .ck-pic").first
    assert status.evaluate("e => getComputedStyle(e).webkitMaskImage").startswith('url("data:')
    assert not context.requests.foreign()
