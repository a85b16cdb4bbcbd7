"""The checker's markers: `<!-- rules:checker-start -->` (verifier/: what one learns, one start link;
the question and outcome pages are written after the build by postbuild/checker_pages.py) and
`<!-- rules:checker-form -->` (verifier/rapide/, the one-page quick mode, answerable before Python
loads)."""
from __future__ import annotations

import json
from dataclasses import asdict

from checker import display, web_pages
from checker.answers import input_table
from checker.words import words_in
from sitebuild import render
from sitebuild.website import Page, build_day, rules

QUICK_MODE = "rapide/"  # the one-page form, beside the start page

# The texts verifier.js writes itself (checker/words/checker_page.toml); the others are already in the page's HTML.
SCRIPT_TEXTS = ("loading_download", "eta_under_minute", "eta_minutes", "eta_minutes_few", "loading_python",
                "loading_checker", "ready", "ready_offline", "save_data", "save_data_load", "failure_old_browser",
                "failure_load", "result_waiting", "result_waiting_checker", "your_answers", "link", "share_title")


def form_facts(rules, lang: str) -> list[dict]:
    """Each asked fact (display.Question) as plain data for the template, in the rules' asking order."""
    return [asdict(display.question(rules, f.id, lang)) for f in rules.facts]


def checker_form(page: Page) -> str:
    lang, rs = page.lang, rules()
    texts = words_in(lang)
    # `<` escaped so that no text can close the data block early.
    texts_json = json.dumps({k: texts[k] for k in SCRIPT_TEXTS}, ensure_ascii=False).replace("<", "\\u003c")
    # How to read answers from a link: the checker's own parser as a table (digits, limits).
    input_json = json.dumps(input_table(), ensure_ascii=False).replace("<", "\\u003c")
    return render.env.get_template("checker_form.html.j2").render(
        lang=lang,
        facts=form_facts(rs, lang),
        texts=texts,
        texts_json=texts_json,
        input_json=input_json,
        root=page.site_root,
        guides_url="../" * page.depth + "guides/",
        verified_on=rs.verified_on.isoformat(),
    )



def checker_start(page: Page) -> str:
    """The start page's content, the script that sends an old `#forme=…` link to its page, and the
    engine live (checker-live.js, with its two status lines in the page's language), which the
    question and outcome pages inherit from this page (postbuild/checker_pages.py, Shell)."""
    lang, root = page.lang, page.site_root
    tx = web_pages.texts(lang)
    return web_pages.render_start(lang, on=build_day(), rules=rules(), quick_mode=QUICK_MODE) + \
        f'<script src="{root}assets/javascripts/checker-start.js" defer></script>\n' + \
        f'<script type="module" src="{root}assets/javascripts/checker-live.js" data-checker-live ' \
        f'data-rendering="{web_pages.e(tx["live_rendering"])}" data-updated="{web_pages.e(tx["live_updated"])}">' \
        '</script>\n'
