"""The checker's offline data (sitebuild/postbuild/checker_offline.py): the service worker's copy of every
question page, and of every older code's "answer again" page, is the built file byte for byte."""
from __future__ import annotations

import json
import re
import shutil

from sitebuild.postbuild import checker_offline


def _data(site):
    return json.loads(next((site / "verifier").glob("offline.*.json")).read_text(encoding="utf-8"))


def test_the_offline_data_gives_back_every_question_page(built_site):
    data = _data(built_site)
    for lang, root in (("ar", ""), ("fr", "fr/")):
        questions = [p.parent.name for p in (built_site / root / "verifier").glob("*/index.html")
                     if p.parent.name.isdigit() and 'class="ck-question"' in p.read_text(encoding="utf-8")]
        assert sorted(questions) == sorted(c for c in data[lang]["pages"] if c in questions) and questions
        for code in questions:
            title, article = data[lang]["pages"][code]
            page = checker_offline.fill(data[lang]["parts"], data[lang]["slots"],
                                        {"title": title, "code": code, "article": article})
            assert page == (built_site / root / "verifier" / code / "index.html").read_text(encoding="utf-8"), code
    outcomes = {p.parent.name for p in (built_site / "verifier").glob("*/index.html")
                if p.parent.name.isdigit() and 'id="resultat"' in p.read_text(encoding="utf-8")}
    assert set(data["outcomes"]) == outcomes


def test_an_older_codes_page_is_in_the_offline_data(built_site, tmp_path):
    """A code whose question changed (docs-dev/codes.md) has a page that asks it again: offline, the
    service worker gives that page too. Made here from a copy of the built pages with one such page."""
    site = tmp_path / "site"
    older = "0999"  # no code of this build: a page as the build writes for a registered older code
    for root in ("", "fr/"):
        for path in (built_site / root / "verifier").iterdir():
            if path.name.isdigit():
                shutil.copytree(path, site / root / "verifier" / path.name)
        first = (site / root / "verifier" / "0" / "index.html").read_text(encoding="utf-8")
        page = re.sub(r'(<article class="md-content__inner md-typeset">).*?(</article>)',
                      lambda m: m.group(1) + f'<section class="ck-reopened" data-reopened="{older}"></section>'
                      + m.group(2), first, count=1, flags=re.S)
        page = page.replace('verifier/0/"', f'verifier/{older}/"')
        (site / root / "verifier" / older).mkdir()
        (site / root / "verifier" / older / "index.html").write_text(page, encoding="utf-8")
    data = checker_offline.offline_data(site)
    for lang in ("ar", "fr"):
        assert 'data-reopened="0999"' in data[lang]["pages"][older][1]
    assert older not in data["outcomes"]
