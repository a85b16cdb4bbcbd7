"""The `<!-- rules:checker-form -->` marker: the checker page's questions, rendered at build time
from the rules (checker/rules/facts.toml) so the page can be read and answered before Python loads."""
from __future__ import annotations

import json
from dataclasses import asdict

import checker
from checker import display
from checker.answers import input_table
from checker.words import words_in
from sitebuild import render

# The texts verifier.js writes itself (checker/words/checker_page.toml); the others are already in the page's HTML.
SCRIPT_TEXTS = ("loading_download", "eta_under_minute", "eta_minutes", "eta_minutes_few", "loading_python",
                "loading_checker", "ready", "ready_offline", "save_data", "save_data_load", "failure_old_browser",
                "failure_load", "result_waiting", "result_waiting_checker", "your_answers", "link", "share_title")


def form_facts(rules, lang: str) -> list[dict]:
    """Each asked fact (display.Question) as plain data for the template, in the rules' asking order."""
    return [asdict(display.question(rules, f.id, lang)) for f in rules.facts]


def site_root(lang: str) -> str:
    """Relative path from the checker page (one folder deep) to the site root: Arabic is at /, others at /<lang>/."""
    return "../" if lang == render.LANGS[0] else "../../"


def checker_form(lang: str) -> str:
    rules = checker.load_rules()
    texts = words_in(lang)
    # `<` escaped so that no text can close the data block early.
    texts_json = json.dumps({k: texts[k] for k in SCRIPT_TEXTS}, ensure_ascii=False).replace("<", "\\u003c")
    # How to read answers from a link: the checker's own parser as a table (digits, limits).
    input_json = json.dumps(input_table(), ensure_ascii=False).replace("<", "\\u003c")
    return render.env.get_template("checker_form.html.j2").render(
        lang=lang,
        facts=form_facts(rules, lang),
        texts=texts,
        texts_json=texts_json,
        input_json=input_json,
        root=site_root(lang),
        guides_url="../guides/",
        verified_on=rules.verified_on.isoformat(),
    )

