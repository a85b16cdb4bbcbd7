"""An artisan who pays no tax is never told to register "after your tax declaration": not on the AMO
page's first steps, not in the printed guide that carries the same page (read back with poppler)."""
from __future__ import annotations

import re

import pytest

import checker
from tests.pages.reading import built_file
from tests.pdfs.pdf_reading import text, words

# The CPU step's words ("after your tax declaration"), in each language.
TAX_STEP = {"fr": "déclaration fiscale", "ar": "تصريحك الضريبي"}
# The AMO page's steps for an artisan not yet registered: from "Not yet registered?" to "How much?".
SECTION = {"fr": ("Pas encore inscrit ? Commencez par le RNA", "Combien ça coûte ?"),
           "ar": ("لم تسجل بعد؟ ابدأ بالسجل الوطني", "كم تؤدي؟")}
# The step that completes the CNSS registration the RNA started: its own words, from the rules.
_RULES = checker.load_rules()
_STEP = _RULES.get("completer_immatriculation_cnss").text
# What the step asks ("to complete your registration and declare your family"): no Latin letters in
# the Arabic part, which poppler may lay out in another order.
RIGHT_STEP = {"ar": _STEP.ar.split("،")[1].split(":")[0].strip(),
              "fr": "pour " + _STEP.fr.split(" pour ", 1)[1].split(":")[0].strip()}


def section(all_text: str, lang: str) -> str:
    """The words of the section, compared as words (what poppler reads of Arabic keeps no punctuation)."""
    w = words(all_text)
    start, end = (words(s) for s in SECTION[lang])
    assert start in w, f"{lang}: the section's first words were not found"
    i = w.index(start)
    return w[i:w.index(end, i)]


@pytest.mark.parametrize("lang", ("ar", "fr"))
def test_the_amo_page_gives_no_tax_step_to_an_artisan_who_pays_no_tax(built_site, lang):
    html = built_file(built_site, lang, "amo").read_text(encoding="utf-8")
    steps = section(re.sub(r"<[^>]+>", " ", html), lang)
    assert words(TAX_STEP[lang]) not in steps, steps
    assert words(RIGHT_STEP[lang]) in steps, "the step that completes the CNSS registration the RNA started"


@pytest.mark.parametrize("lang", ("ar", "fr"))
def test_the_printed_guide_gives_no_tax_step_either(built_site, lang):
    steps = section(text(built_site / "guides" / f"guide-{lang}.pdf"), lang)
    assert words(TAX_STEP[lang]) not in steps, steps[:1500]
    assert words(RIGHT_STEP[lang]) in steps


def test_the_check_can_fail():
    cpu_step = {"fr": "Pas encore inscrit ? Commencez par le RNA : Après votre déclaration fiscale, inscrivez-vous. "
                      "Combien ça coûte ?",
                "ar": "لم تسجل بعد؟ ابدأ بالسجل الوطني: بعد تصريحك الضريبي، سجل نفسك. كم تؤدي؟"}
    for lang, sample in cpu_step.items():
        assert words(TAX_STEP[lang]) in section(sample, lang)
