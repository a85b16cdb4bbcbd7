"""Helpers for the checker's pages in a browser: the result an outcome page shows, what the engine says."""
from __future__ import annotations

import datetime

import pytest

import checker
from checker.text import explain


@pytest.fixture(scope="session")
def rules():
    return checker.load_rules()


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
