"""The checker's markers: `<!-- rules:checker-start -->` (verifier/: what one learns, one start link;
the question and outcome pages are written after the build by postbuild/checker_pages.py) and
`<!-- rules:checker-form -->` (verifier/rapide/, the one-page quick mode, answerable before Python
loads)."""
from __future__ import annotations

import datetime
import json
from dataclasses import asdict

import checker
from checker import display, web_pages
from checker.answers import input_table
from checker.holds import holding
from checker.words import words_in
from sitebuild import render

QUICK_MODE = "rapide/"  # the one-page form, beside the start page

# The texts verifier.js writes itself (checker/words/checker_page.toml); the others are already in the page's HTML.
SCRIPT_TEXTS = ("loading_download", "eta_under_minute", "eta_minutes", "eta_minutes_few", "loading_python",
                "loading_checker", "ready", "ready_offline", "save_data", "save_data_load", "failure_old_browser",
                "failure_load", "result_waiting", "result_waiting_checker", "your_answers", "link", "share_title")


def form_facts(rules, lang: str) -> list[dict]:
    """Each asked fact (display.Question) as plain data for the template, in the rules' asking order."""
    return [asdict(display.question(rules, f.id, lang)) for f in rules.facts]


def site_root(lang: str, depth: int = 1) -> str:
    """Relative path from a page `depth` folders deep to the site root: Arabic is at /, others at /<lang>/."""
    return "../" * (depth if lang == render.LANGS[0] else depth + 1)


def checker_form(lang: str, depth: str = "1") -> str:
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
        root=site_root(lang, int(depth)),
        guides_url="../" * int(depth) + "guides/",
        verified_on=rules.verified_on.isoformat(),
    )



def checker_start(lang: str) -> str:
    """The start page's content, the script that sends an old `#forme=…` link to its page, and the
    engine live (checker-live.js, with its status lines in the page's language and the span of days
    on which the built pages hold: checker/holds.py), which the question and outcome pages inherit
    from this page (postbuild/checker_pages.py, Shell); and, hidden until that script shows it, the
    button that keeps the whole checker on the phone (its size is written in by
    postbuild/checker_offline.py, once the files exist).
    `async`: it runs as soon as it arrives (its tag follows the article), so the engine's worker
    starts in parallel with the rest of the page, not after the theme's scripts."""
    tx = web_pages.texts(lang)
    e = web_pages.e
    since, until = holding(checker.load_rules(), datetime.date.today())
    holds = f'data-holds-from="{since.isoformat() if since else ""}" data-holds-until="{until.isoformat() if until else ""}"'
    keep = (f'<p class="ck-keep" data-keep hidden data-keeping="{e(tx["keep_progress"])}" '
            f'data-kept="{e(tx["keep_done"])}" data-keep-failed="{e(tx["keep_failed"])}">'
            f'<button type="button" class="md-button">{e(tx["keep_button"])}</button> '
            f'<span class="ck-small">{e(tx["keep_help"])}</span></p>\n')
    return web_pages.render_start(lang, quick_mode=QUICK_MODE) + keep + \
        f'<script src="{site_root(lang)}assets/javascripts/checker-start.js" defer></script>\n' + \
        f'<script type="module" async src="{site_root(lang)}assets/javascripts/checker-live.js" data-checker-live ' \
        f'data-rendering="{e(tx["live_rendering"])}" data-updated="{e(tx["live_updated"])}" {holds}>' \
        '</script>\n'
