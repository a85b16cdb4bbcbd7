"""checker.browser.run in CPython: JSON in, JSON out, nothing the user typed echoed back."""
import json

import pytest

import checker
from checker import browser
from checker.answers import parse_fragment

HOSTILE = [
    "forme=<script>alert(1)</script>",
    'diplome="><img src=x onerror=alert(1)>',
    "%3Cscript%3E=1",
    "<script>alert(1)</script>=oui",
    "annees_pratique=" + "9" * 5000,
    "forme=individuel&" * 200,
    "javascript:alert(1)",
    "annees_pratique=%3Csvg%20onload%3Dalert(1)%3E",
    "forme=%E0%A4%A",
]


@pytest.fixture(scope="module")
def bundle(rules):
    return checker.rules_to_json(rules)


def call(bundle, fragment, lang="fr", on="2026-11-29"):
    out = browser.run(bundle, fragment, lang, on)
    return out, json.loads(out)


def test_fragment_answers_are_evaluated(bundle):
    _, d = call(bundle, "#forme=individuel&annees_pratique=12&inscrit_rna=non&activite_listee=oui"
                        "&reconnaissance_maitre=oui")
    assert d["report"]["rna"]["status"] == "eligible"
    assert d["report"]["rna"]["category"] == "maitre_artisan"
    assert d["ask"][:2] == ["inscrit_rna", "forme"]
    assert d["texts"]["rna"]["outcome"]["label"] == "Maître artisan (« maâlem »)"


def test_run_returns_only_what_the_page_reads(bundle):
    """The route (the page's data attributes: rna.category and amo.regime, kept by tests, links and
    posters), the questions to show, and the result's words; nothing else to pin or to leak."""
    _, d = call(bundle, "forme=individuel&annees_pratique=%31%32&inscrit_rna=%6Fui")
    assert set(d) == {"report", "ask", "texts"}
    assert d["report"] == {"rna": {"status": "already_registered", "category": None},
                           "amo": {"status": "need_more_info", "regime": None}}


def test_percent_encoding_and_plus_are_decoded(rules):
    answers, rejected = parse_fragment(rules, "forme=individuel&annees_pratique=%31%32&inscrit_rna=%6Fui+")
    assert answers == {"forme": "individuel", "annees_pratique": 12, "inscrit_rna": "oui"} and not rejected


def test_texts_are_resolved_in_the_requested_language(bundle):
    _, ar = call(bundle, "inscrit_rna=oui&couverture_actuelle=aucune&regime_fiscal=aucun", lang="ar")
    assert ar["texts"]["dir"] == "rtl"
    assert ar["texts"]["amo"]["amount"]["value"] == 135
    assert "تأكد لدى" in ar["texts"]["amo"]["amount"]["confirm"]
    assert "راجعنا هذه المعلومات" in ar["texts"]["verified_on"]
    _, fr = call(bundle, "inscrit_rna=oui&couverture_actuelle=aucune&regime_fiscal=aucun", lang="fr")
    assert fr["texts"]["dir"] == "ltr" and "23 décembre 2021" in fr["texts"]["amo"]["amount"]["text"]
    assert "23 دجنبر 2021" in ar["texts"]["amo"]["amount"]["text"]  # dates as words: no digits turned around in RTL
    why = fr["texts"]["amo"]["why"][0]
    assert why["source"]["text"] and why["source"]["quote"] and why["source"]["by"] and why["source"]["when"]


def test_questions_are_the_relevant_facts_in_order(bundle):
    _, d = call(bundle, "forme=cooperative&diplome=oui")
    assert "diplome" not in d["ask"] and "forme" in d["ask"]


@pytest.mark.parametrize("fragment", HOSTILE)
def test_hostile_fragments_are_rejected_and_never_echoed(bundle, fragment):
    out, d = call(bundle, fragment)
    for needle in ("<script", "onerror", "<img", "<svg", "javascript:", "alert(", "9999999"):
        assert needle not in out.lower()
    assert set(d) == {"report", "ask", "texts"}


def test_rejected_entries_name_known_facts_only(rules):
    _, rejected = parse_fragment(rules, "age=30&diplome=peut_etre&forme&annees_pratique=200")
    reasons = {(r["fact"], r["reason"]) for r in rejected}
    assert reasons == {(None, "unknown_fact"), ("diplome", "value_not_allowed"),
                       ("forme", "malformed"), ("annees_pratique", "value_not_allowed")}


def test_bad_language_falls_back_and_bad_date_is_an_error(bundle):
    _, d = call(bundle, "", lang="xx")
    assert d["texts"]["lang"] == "ar"
    _, d = call(bundle, "", on="not-a-date")
    assert d == {"error": "bad_date", "allowed": "YYYY-MM-DD"}


def test_empty_fragment_asks_the_first_questions(bundle):
    _, d = call(bundle, "")
    assert d["ask"] == ["inscrit_rna", "forme", "activite_listee", "couverture_actuelle", "regime_fiscal"]


def test_browser_module_does_not_import_pyodide_at_top_level():
    import ast
    import inspect
    tree = ast.parse(inspect.getsource(browser))
    names = {a.name for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
             for a in node.names} | {node.module for node in tree.body if isinstance(node, ast.ImportFrom)}
    assert not names & {"js", "pyodide"}


def test_page_by_code_and_by_answers_is_the_pages_renderer(bundle, rules):
    """page() as the worker calls it: by code (offline) or by an outcome's answers (re-check),
    the same HTML as checker.web_pages; answers win over the code; media draws the pictograms."""
    import datetime

    from checker import web_pages
    on = datetime.date(2026, 11, 29)
    st = next(s for s in web_pages.walk(on, rules=rules) if s.fact is None)
    by_code = json.loads(browser.page(bundle, "fr", st.code, on.isoformat(), "https://x/"))
    assert by_code["html"] == web_pages.page_for_state("fr", st, on, rules=rules, site_url="https://x/").html
    assert by_code["outcome"] and by_code["code"] == st.code
    by_answers = json.loads(browser.page(bundle, "fr", "9", on.isoformat(), "https://x/",
                                         web_pages.fragment(st.answers)))
    assert by_answers == by_code
    assert json.loads(browser.page(bundle, "fr", "9", on.isoformat()))["error"] == "unknown_code"
    assert json.loads(browser.page(bundle, "fr", "<b>", on.isoformat()))["error"] == "bad_code"
    media = web_pages.Media({}, frozenset({f"statuses/{st.report.rna.status}"}))
    drawn = json.loads(browser.page(bundle, "fr", st.code, on.isoformat(), "", None, json.dumps(media.to_json())))
    assert 'class="ck-pic"' in drawn["html"] and 'class="ck-pic"' not in by_code["html"]
