"""Helpers for the checker page: one page per language, Pyodide loaded once and reused."""
from __future__ import annotations

import datetime
from urllib.parse import unquote

import pytest

import checker
from checker.text import explain
from tests.conftest import PHONE, RequestLog, page_url_path

READY = "#verifier[data-checker=ready]"
FAILED = "#verifier[data-checker=failed]"
LOAD_MS = 180_000  # a cold Pyodide start on a busy 2-core machine
RESULT_JS = """() => { const r = document.getElementById('resultat');
  return r !== null && r.dataset.answers === location.hash.replace(/^#/, ''); }"""


@pytest.fixture(scope="session")
def rules():
    return checker.load_rules()


def verifier_url(site_server: str, lang: str, fragment: str = "") -> str:
    return site_server + page_url_path(lang, "verifier/") + (f"#{fragment}" if fragment else "")


def wait_ready(page) -> None:
    page.wait_for_selector(f"{READY}, {FAILED}", state="attached", timeout=LOAD_MS)
    assert page.locator(READY).count() == 1, page.locator("#verifier-failure").inner_text()


def wait_result(page) -> None:
    """Until the result shown is the one for the answers now in the URL."""
    page.wait_for_function(RESULT_JS, timeout=30_000)


def fragment_answers(page) -> dict[str, str]:
    text = page.evaluate("location.hash").lstrip("#")
    return dict(unquote(p).split("=", 1) for p in text.split("&") if p)


def answer(page, fact: str, value: str) -> None:
    """Answer one question the way a person does: tap the option's label, or type the number."""
    q = page.locator(f"#q-{fact}")
    assert q.is_visible(), f"question {fact} is not shown"
    if q.get_attribute("data-kind") == "int":
        q.locator("input").fill(str(value))
    else:
        q.locator("label.verifier-option").filter(has=page.locator(f'input[value="{value}"]')).click()
    wait_result(page)


def answer_through_form(page, rules, answers: dict[str, str]) -> None:
    """Top to bottom, answering each question of `answers` that the checker shows when reached."""
    for fact in rules.facts:
        if fact.id in answers and page.locator(f"#q-{fact.id}").is_visible():
            answer(page, fact.id, answers[fact.id])


def engine_view(rules, answers: dict[str, str], lang: str) -> tuple[dict, dict]:
    """What the engine (CPython, not the page) says for these answers today: report and texts."""
    parsed = checker.parse_answers(rules, answers)
    report = checker.evaluate(rules, parsed, on=datetime.date.today())
    return report.to_dict(), explain(rules, report, parsed, lang)


def result_attrs(page) -> dict[str, str]:
    r = page.locator("#resultat")
    return {k: r.get_attribute(f"data-{k}") for k in ("rna-status", "rna-category", "amo-status", "amo-regime")}


def expected_attrs(report: dict) -> dict[str, str]:
    return {"rna-status": report["rna"]["status"], "rna-category": report["rna"]["category"] or "",
            "amo-status": report["amo"]["status"], "amo-regime": report["amo"]["regime"] or ""}


@pytest.fixture(scope="module")
def checker_pages(browser, site_server):
    """One phone-sized page per language with the checker ready, shared by a module's tests."""
    made: dict = {}

    def get(lang: str):
        if lang not in made:
            ctx = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
            ctx.requests = RequestLog()
            ctx.on("request", lambda req, log=ctx.requests: log.append(req.url))
            page = ctx.new_page()
            page.goto(verifier_url(site_server, lang))
            wait_ready(page)
            made[lang] = (ctx, page)
        return made[lang][1]

    yield get
    for ctx, _ in made.values():
        ctx.close()
