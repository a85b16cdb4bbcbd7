"""A figure a rule holds is written once, in the rule. Build B (tests/support/builds.py) moves the
experience thresholds (3 -> 2 years, 10 -> 12) and the AMO contribution (135 -> 150 DH): no page of
its site and no PDF may still say the old figures, except where a source is quoted as published."""
from __future__ import annotations

import html
import re
import subprocess

import pytest

# The old figures in their context: "3 ans", "moins de 3", "3 سنوات", "10 ans", "135 DH"...
OLD = re.compile(r"(?<![\d.,/])(?:3|10)[\s\u00a0\u202f]*(?:ans|années|سنوات|سنة)|(?:moins de|أقل من)[\s\u00a0]*3(?![\d])"
                 r"|(?<![\d.,/])135(?![\d])")
# Quoted as published, not our words: the sources' quotes and titles, the sources page.
QUOTED = re.compile(r"<q[ >].*?</q>|<details class=\"sources\".*?</details>|<cite[ >].*?</cite>", re.S)


def _visible(page: str) -> str:
    text = QUOTED.sub(" ", page)
    text = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", text, flags=re.S)
    return html.unescape(text)


def test_no_page_of_build_b_says_an_old_figure(build_b):
    assert build_b.proc.returncode == 0, build_b.output[-3000:]
    site = build_b.site
    found = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("sources/", "fr/sources/")):
            continue
        for m in OLD.finditer(_visible(path.read_text(encoding="utf-8"))):
            found.append(f"{rel}: {m.group(0)!r}")
    assert not found, f"{len(found)} old figures, e.g. {found[:12]}"


def test_build_b_says_the_new_figures(build_b):
    home = _visible((build_b.site / "fr" / "index.html").read_text(encoding="utf-8"))
    register = _visible((build_b.site / "fr" / "registre" / "index.html").read_text(encoding="utf-8"))
    assert re.search(r"2[\s\u00a0]ans", home) and re.search(r"12[\s\u00a0]ans", register)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_no_pdf_of_build_b_says_an_old_figure(build_b, lang):
    found = []
    for pdf in sorted((build_b.site / "guides").glob(f"*-{lang}.pdf")):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        # a source's quote in a guide is set between « » (fr) or “ ” and may say the old figure
        text = re.sub(r"«[^»]*»|“[^”]*”", " ", text, flags=re.S)
        found += [f"{pdf.name}: {m.group(0)!r}" for m in OLD.finditer(text)]
    assert not found, found[:12]
