"""The `<!-- rules:checker-form -->` marker: the checker page's questions, rendered at build time
from the rules (checker/rules/facts.toml) so the page can be read and answered before Python loads."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import checker
from sitebuild import render

TEXTS_FILE = Path(__file__).parent / "data" / "verifier.toml"
# The texts verifier.js writes itself; the others are already in the page's HTML.
SCRIPT_TEXTS = ("loading_download", "eta_under_minute", "eta_minutes", "eta_minutes_few", "loading_python",
                "loading_checker", "ready", "ready_offline", "save_data", "save_data_load", "failure_old_browser",
                "failure_load", "result_waiting", "result_waiting_checker", "your_answers", "link", "share_title")


def ui_texts(lang: str) -> dict[str, str]:
    """The page's own interface words (loading, buttons, sharing) in `lang`."""
    with TEXTS_FILE.open("rb") as fh:
        table = tomllib.load(fh)["text"]
    return {key: text[lang] for key, text in table.items()}


def form_facts(rules, lang: str) -> list[dict]:
    """Each asked fact as plain data for the template, in the rules' asking order."""
    out = []
    for fact in rules.facts:
        out.append({
            "id": fact.id,
            "kind": fact.kind,
            "question": fact.question.get(lang),
            "help": fact.help.get(lang),
            "min": fact.min,
            "max": fact.max,
            "options": [{"id": v.id, "label": v.label.get(lang)} for v in fact.values],
        })
    return out


def site_root(lang: str) -> str:
    """Relative path from the checker page (one folder deep) to the site root: Arabic is at /, others at /<lang>/."""
    return "../" if lang == render.LANGS[0] else "../../"


def checker_form(lang: str) -> str:
    rules = checker.load_rules()
    texts = ui_texts(lang)
    # `<` escaped so that no text can close the data block early.
    texts_json = json.dumps({k: texts[k] for k in SCRIPT_TEXTS}, ensure_ascii=False).replace("<", "\\u003c")
    return render.env.get_template("checker_form.html.j2").render(
        lang=lang,
        facts=form_facts(rules, lang),
        texts=texts,
        texts_json=texts_json,
        root=site_root(lang),
        guides_url="../guides/",
        verified_on=rules.verified_on.isoformat(),
    )

