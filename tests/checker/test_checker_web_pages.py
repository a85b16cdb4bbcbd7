"""checker.web_pages, the renderer shared by the build and the browser: the walk, answer codes and
page HTML. Standard library only, so the same tests also run inside Pyodide."""
import html
import re
from urllib.parse import parse_qsl, unquote

import pytest

import checker
from checker import codes, web_pages
from checker_testlib import IN_PYODIDE, ON

RULES = checker.load_rules()
STATES = web_pages.walk(ON, rules=RULES)
ENDS = [s for s in STATES if s.fact is None]
# Inside Pyodide (several times slower) the page tests render a spread sample; CPython renders all.
SAMPLE = STATES[::7] if IN_PYODIDE else STATES


def test_the_walk_reaches_every_end_state_once_with_every_question_answered():
    assert len({s.code for s in STATES}) == len(STATES)
    for st in ENDS:
        given = dict(st.answers)
        assert all(f in given for f in st.report.ask), st.code
        assert st.report.to_dict() == checker.evaluate(RULES, given, on=ON).to_dict()
    # Every question state offers every option of its question, at its permanent number.
    for st in STATES:
        if st.fact is not None:
            numbers = [o.number for o, _ in web_pages.numbered_options(RULES, RULES.fact(st.fact), "fr")]
            assert {st.code + codes.write(n) for n in numbers} <= {s.code for s in STATES}


def test_codes_and_paths_round_trip():
    for st in STATES:
        assert web_pages.decode(st.code, ON, rules=RULES) == st
        assert web_pages.path_for(dict(st.answers), ON, rules=RULES) == st.path
    assert web_pages.path_for({}, ON, rules=RULES) == "0/"
    assert web_pages.decode("0", ON, rules=RULES).code == ""


@pytest.mark.parametrize("code", ["x", "1a", "9", "0" * 3, "1" * 40, "-1", "١", " "])
def test_a_code_that_is_not_one_leads_nowhere(code):
    st = web_pages.decode(code, ON, rules=RULES)
    assert st is None or st.code == "", code
    assert web_pages.render_page("fr", code, ON, rules=RULES) is None or st.code == ""


def test_answers_no_question_asked_are_left_out_and_numbers_fall_in_their_range():
    answers = {"inscrit_rna": "non", "forme": "cooperative", "diplome": "oui", "annees_pratique": "7"}
    st = web_pages.state_for(answers, ON, rules=RULES)
    assert "diplome" not in dict(st.answers) and "annees_pratique" not in dict(st.answers)
    st = web_pages.state_for({"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui",
                              "annees_pratique": "7"}, ON, rules=RULES)
    assert dict(st.answers)["annees_pratique"] in [lo for lo, _ in codes.year_ranges(RULES, RULES.fact("annees_pratique"))]
    assert dict(st.answers)["annees_pratique"] <= 7


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_outcome_html_carries_the_engine_result_and_no_raw_text(lang):
    for st in (s for s in SAMPLE if s.fact is None):
        page = web_pages.render_outcome(lang, dict(st.answers), ON, rules=RULES, site_url="https://example.org/")
        attrs = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', page.split(">", 1)[0]))
        rep = st.report.to_dict()
        assert (attrs["rna-status"], attrs["rna-category"], attrs["amo-status"], attrs["amo-regime"]) == (
            rep["rna"]["status"], rep["rna"]["category"] or "", rep["amo"]["status"], rep["amo"]["regime"] or "")
        assert dict(parse_qsl(html.unescape(attrs["answers"]))) == {k: str(v) for k, v in st.answers}
        assert page.count("<details") == 2 and "<details open" not in page
        assert page.count("data-summary") == 1 and page.count("data-change") == len(st.answers)
        message = unquote(re.search(r'wa\.me/\?text=([^"]+)"', page).group(1))
        assert len(message) <= web_pages.SHARE_MAX and st.code in message


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_question_html_offers_one_link_per_option(lang):
    for st in SAMPLE:
        if st.fact is None:
            with pytest.raises(ValueError):
                web_pages.render_question(lang, dict(st.answers), on=ON, rules=RULES)
            continue
        page = web_pages.render_question(lang, dict(st.answers), on=ON, rules=RULES)
        links = re.findall(r'href="\.\./(\d+)/" data-fact="([a-z_]+)" data-value="([^"]*)"', page)
        numbers = [o.number for o, _ in web_pages.numbered_options(RULES, RULES.fact(st.fact), lang)]
        assert [c for c, _, _ in links] == [st.code + codes.write(n) for n in numbers]
        assert {f for _, f, _ in links} == {st.fact}


def test_rendering_is_the_same_every_time():
    st = ENDS[len(ENDS) // 2]
    first = web_pages.render_outcome("ar", dict(st.answers), ON, rules=RULES)
    assert web_pages.render_outcome("ar", dict(st.answers), ON, rules=RULES) == first
    page = web_pages.render_page("ar", st.code, ON, rules=RULES)
    assert page.html == first and page.state == st


def test_texts_are_escaped():
    """Rule texts reach the page through html.escape: a quote or a bracket cannot open markup."""
    assert web_pages.e('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    page = web_pages.render_question("fr", {}, on=ON, rules=RULES)
    assert "'" not in re.sub(r"<[^>]*>", "", page)  # apostrophes of French texts are escaped too


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_an_outcome_shows_the_other_routes_open_to_the_person(lang):
    """Twenty years of practice, no diploma, no recognition: artisan by experience now, and the page says
    that maître artisan opens with the recognition (rna.also), as the CLI does."""
    weaver = next(s for s in ENDS if s.report.rna.also and dict(s.answers).get("forme") == "individuel")
    page = web_pages.render_outcome(lang, dict(weaver.answers), ON, rules=RULES)
    for also in weaver.report.rna.also:
        assert f'data-also="{also}"' in page
    plain = [s for s in ENDS if not s.report.rna.also][0]
    assert "data-also" not in web_pages.render_outcome(lang, dict(plain.answers), ON, rules=RULES)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_cooperative_is_offered_its_own_check_keeping_the_rna_answers(lang):
    coop = next(s for s in ENDS if s.report.amo.status == "per_person")
    page = web_pages.render_outcome(lang, dict(coop.answers), ON, rules=RULES)
    href = re.search(r'href="\.\./([^"]*)" data-rerun', page).group(1)
    target = web_pages.decode(href, ON, rules=RULES)
    assert target is not None and dict(target.answers)["forme"] == "individuel"
    kept = {k: v for k, v in coop.answers if k not in ("forme", "encadrement_artisan_inscrit")}
    assert kept.items() <= dict(target.answers).items()
    person = [s for s in ENDS if s.report.amo.status != "per_person"][0]
    assert "data-rerun" not in web_pages.render_outcome(lang, dict(person.answers), ON, rules=RULES)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_dont_know_on_the_years_and_the_registration_questions_leads_to_a_conditional_outcome(lang):
    """«لا أعرف» is offered after the years' ranges and on the registration question, at its own
    permanent number; the outcome names what to find out and whom to ask, and says what each number
    of years gives (the summary's "when you can" line)."""
    tx = web_pages.texts(lang)
    dont_know = RULES.fact("activite_listee").values[-1].label.get(lang)
    for fact_id, before in (("annees_pratique", {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui"}),
                            ("inscrit_rna", {})):
        page = web_pages.render_question(lang, before, on=ON, rules=RULES)
        assert f'data-fact="{fact_id}"' in page
        labels = [html.unescape(x) for x in re.findall(r'data-value="[^"]*">(?:<span[^>]*></span>)?([^<]+)</a>', page)]
        assert labels[-1] == dont_know and len(labels) == len(set(labels))
        number = dict(RULES.numbers_of(fact_id))["ne_sait_pas"]
        assert f'data-value="ne_sait_pas"' in page and codes.number_of(RULES, RULES.fact(fact_id), "ne_sait_pas") == number
    years = {"inscrit_rna": "non", "forme": "individuel", "activite_listee": "oui", "annees_pratique": "ne_sait_pas",
             "diplome": "non", "couverture_actuelle": "aucune", "regime_fiscal": "aucun"}
    registered = dict(years, inscrit_rna="ne_sait_pas", annees_pratique="5")
    for answers, question, rule in ((years, "annees_pratique", "rna_annees_a_verifier"),
                                    (registered, "inscrit_rna", "rna_inscription_a_verifier")):
        st = web_pages.state_for(answers, ON, rules=RULES)
        assert st.fact is None and rule in st.report.rna.decided_by
        page = html.unescape(web_pages.render_outcome(lang, dict(st.answers), ON, rules=RULES))
        missing = re.search(r'<p class="ck-missing" data-missing>([^<]+)</p>', page).group(1)
        assert RULES.fact(question).question.get(lang) in missing and tx["who_chamber"] in missing
    when = re.search(r'data-when><strong>[^<]*</strong> ([^<]+)</p>',
                     html.unescape(web_pages.render_outcome(lang, years, ON, rules=RULES))).group(1)
    assert when == RULES.text("note_annees_si", lang)
