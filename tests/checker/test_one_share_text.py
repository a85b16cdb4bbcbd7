"""One WhatsApp text for the same answers, from any page: the static outcome page the build writes,
the page the engine renders in the browser by its code, and by its answers (the live re-check) all
carry `web_pages.share_text`, word for word (checker-outcome.js hands that same text to the phone's
share sheet). No other page of the checker shares a result."""
from __future__ import annotations

import datetime
import html
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

import checker
from checker import browser, web_pages
from checker.answers import to_fragment
from checker.model import LANGUAGES
from checker.text import explain

ON = datetime.date(2026, 11, 29)
BASE = "https://guide.example.org/"
WHATSAPP = re.compile(r'href="https://wa\.me/\?text=([^"]*)" data-whatsapp')
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rules():
    return checker.load_rules()


@pytest.fixture(scope="module")
def outcomes(rules):
    ends = [st for st in web_pages.walk(ON, rules=rules) if st.fact is None]
    return ends[:: max(1, len(ends) // 12)]  # a dozen outcomes across the walk


def shared(page_html: str) -> str:
    found = WHATSAPP.findall(page_html)
    assert len(found) == 1, "one WhatsApp link per outcome page"
    return unquote(html.unescape(found[0]))


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_outcome_page_shares_the_one_text(rules, outcomes, lang):
    rules_json = checker.rules_to_json(rules)
    for st in outcomes:
        url = BASE + LANGUAGES[lang].root + "verifier/" + st.path
        text = web_pages.share_text(rules, explain(rules, st.report, dict(st.answers), lang), lang, st.code, url)
        static = web_pages.page_for_state(lang, st, ON, rules=rules, site_url=BASE)
        by_code = json.loads(browser.page(rules_json, lang, st.code, ON.isoformat(), site_url=BASE))
        by_answers = json.loads(browser.page(rules_json, lang, "", ON.isoformat(), site_url=BASE,
                                             answers=to_fragment(rules, dict(st.answers))))
        assert shared(static.html) == shared(by_code["html"]) == shared(by_answers["html"]) == text, st.code
        assert st.code in text and url in text


def test_no_page_script_writes_a_share_text_of_its_own():
    """The scripts only hand on the page's text (checker-outcome.js); none composes one."""
    scripts = sorted((ROOT / "overrides" / "assets" / "javascripts").glob("*.*js"))
    writers = [p.name for p in scripts if "wa.me" in p.read_text(encoding="utf-8")]
    assert writers == []
