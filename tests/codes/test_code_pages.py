"""Every registered answer code has a page in both languages in the built site, and the build
refuses to publish codes that would change meaning (docs-dev/codes.md)."""
from __future__ import annotations

import datetime
import re

import pytest

import checker
from checker import web_pages
from sitebuild import codes as registry_mod
from sitebuild.postbuild import checker_pages

ROOTS = {"ar": "", "fr": "fr/"}


@pytest.mark.parametrize("lang", ROOTS)
def test_every_registered_code_has_a_built_page_with_its_own_answers(built_site, lang):
    registry = registry_mod.read_registry()
    assert len(registry) >= 400
    for code, answers in registry.items():
        page = built_site / ROOTS[lang] / "verifier" / code / "index.html"
        assert page.is_file(), code
        text = page.read_text(encoding="utf-8")
        shown = re.search(r'data-code="([0-9]*)"', text)
        assert shown is not None and shown.group(1) == ("" if code == "0" else code), code
        if "data-answers=" in text:  # an outcome carries its answers: the ones the code was published with
            assert re.search(r'data-answers="([^"]*)"', text).group(1).replace("&amp;", "&") == answers, code


def test_a_release_refuses_codes_that_would_change_meaning(monkeypatch):
    rules = checker.load_rules()
    on = datetime.date.today()
    states = web_pages.walk(on, rules=rules)
    bad = dict(registry_mod.read_registry())
    bad["1"] = "inscrit_rna=non"  # as if "1" had been published with another answer
    monkeypatch.setattr(registry_mod, "read_registry", lambda path=None: bad)
    monkeypatch.setenv("RELEASE", "1")
    with pytest.raises(SystemExit, match="code 1 stood for inscrit_rna=non"):
        checker_pages.check_codes(rules, states, on)
    monkeypatch.setenv("RELEASE", "0")
    assert checker_pages.check_codes(rules, states, on)  # a plain build says so and goes on
