"""Pages for people who read little: action first, one tap to call, Arabic as Arabic, plain words.

Read from the built HTML (what a phone receives), except the jargon check, which reads the prose
the pages write themselves (the rules' texts are checked where the rules live).
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import checker
from checker import web_pages
from tests.conftest import ROOT
from tests.pages.reading import ACTION_SLUGS, CONTENT_SLUGS, SLUGS, built_file

RULES = checker.load_rules()


# Reading a built page as a flat sequence of events ------------------------------------------------
class _Events(HTMLParser):
    """Start tags (with attributes), text and end tags inside Material's <article>, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.events: list[tuple[str, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif self.depth:
            self.events.append(("start", tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif self.depth:
            self.events.append(("end", tag, {}))

    def handle_data(self, data):
        if self.depth:
            self.events.append(("text", data, {}))


def events(path: Path) -> list[tuple[str, str, dict]]:
    p = _Events()
    p.feed(path.read_text(encoding="utf-8"))
    return p.events


def headings(evs) -> list[tuple[int, str]]:
    """(level, id) of every h2/h3, in order."""
    return [(int(tag[1]), attrs.get("id", "")) for kind, tag, attrs in evs
            if kind == "start" and tag in ("h2", "h3")]


def texts_outside(evs, skip) -> list[str]:
    """Text not inside any element for which skip(tag, attrs) is true (VOID tags never open a scope)."""
    out, stack = [], []
    void = {"br", "img", "hr", "input", "meta", "link", "wbr"}
    for kind, tag, attrs in evs:
        if kind == "start" and tag not in void:
            stack.append(skip(tag, attrs))
        elif kind == "end" and stack:
            stack.pop()
        elif kind == "text" and not any(stack):
            out.append(tag)
    return out


# Action first ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ("ar", "fr"))
@pytest.mark.parametrize("slug", ACTION_SLUGS)
def test_the_first_section_after_the_summary_is_the_action_section(built_site, slug, lang):
    hs = headings(events(built_file(built_site, lang, slug)))
    assert hs and hs[0] == (2, "agir"), f"/{slug} ({lang}): first section is {hs[:1]}, not the action section"


@pytest.mark.parametrize("lang", ("ar", "fr"))
@pytest.mark.parametrize("slug", ("registre", "amo"))
def test_who_what_where_cost_come_first_then_details_then_the_law(built_site, slug, lang):
    hs = headings(events(built_file(built_site, lang, slug)))
    ids = [i for _, i in hs]
    action = ids[: ids.index(next(i for lvl, i in hs[1:] if lvl == 2))]
    assert action == ["agir", "qui", "pieces", "ou", "cout"], f"/{slug} ({lang}): action section is {action}"
    assert [i for lvl, i in hs if lvl == 2][-1] == "loi", f"/{slug} ({lang}): the law is not the last section"


@pytest.mark.parametrize("lang", ("ar", "fr"))
@pytest.mark.parametrize("slug", ("registre", "amo", "aide"))
def test_jump_links_under_the_title_reach_sections_of_the_page(built_site, slug, lang):
    evs = events(built_file(built_site, lang, slug))
    ids = {attrs["id"] for kind, _, attrs in evs if kind == "start" and "id" in attrs}
    start = next(n for n, (k, tag, attrs) in enumerate(evs) if k == "start" and "jump-links" in attrs.get("class", ""))
    first_section = next(n for n, (k, tag, _) in enumerate(evs) if k == "start" and tag == "h2")
    assert start < first_section, f"/{slug} ({lang}): jump links come after the first section"
    end = next(n for n in range(start, len(evs)) if evs[n][:2] == ("end", "p"))
    targets = [attrs["href"] for k, tag, attrs in evs[start:end] if k == "start" and tag == "a"]
    assert len(targets) >= 4 and all(t.startswith("#") and t[1:] in ids for t in targets), targets


def test_home_page_sells_the_benefit_then_offers_to_start_or_to_call(built_site):
    # The home page promises what the checker's start page says: the most questions one path asks.
    count = web_pages.most_questions(rules=RULES)
    assert count < len(RULES.facts)  # no path asks every question: the count comes from the walk
    for lang, promise, privacy in (("ar", "التغطية الصحية", "هاتفك"), ("fr", "assurance maladie", "téléphone")):
        evs = events(built_file(built_site, lang, ""))
        summary = " ".join(texts_outside(evs, lambda tag, attrs: False)[:12])
        assert promise in summary and str(count) in summary, f"home ({lang}): {summary!r}"
        start = " ".join(t for k, t, _ in events(built_file(built_site, lang, "verifier/")) if k == "text")
        assert f"{count} " in start, f"checker start page ({lang}) does not say {count} questions"
        buttons = [attrs["href"] for k, tag, attrs in evs if k == "start" and tag == "a"
                   and "md-button" in attrs.get("class", "")]
        assert buttons[:2] == ["verifier/", "tel:3939"], f"home ({lang}): first buttons are {buttons[:2]}"
        first_h2 = next(n for n, (k, tag, _) in enumerate(evs) if k == "start" and tag == "h2")
        before = " ".join(t for k, t, _ in evs[:first_h2] if k == "text")
        assert privacy in before, f"home ({lang}): no privacy line above the fold"


# One tap to call ------------------------------------------------------------------------------------
PHONE = re.compile(r"(?<![\d/])(?:3939|0[5-8](?:[ .]?\d\d){4}|\+212[ \d]{9,})(?![\d])")
UNSOURCED = ("0802030100", "0520447100")


def untapped_numbers(evs) -> list[str]:
    """Phone numbers in the text that are not the text of a tel: link. A number inside another
    link (a source's title linking to the sources page) cannot be a link itself: it is left out."""
    def in_link(tag, attrs):
        return tag == "a"
    return [m.group(0) for t in texts_outside(evs, in_link) for m in PHONE.finditer(t)]


def dialled(evs) -> list[tuple[str, str]]:
    """(number shown, number dialled) of every tel: link."""
    out = []
    for n, (k, tag, attrs) in enumerate(evs):
        if k == "start" and tag == "a" and attrs.get("href", "").startswith("tel:"):
            out.append((evs[n + 1][1] if evs[n + 1][0] == "text" else "", attrs["href"][4:]))
    return out


@pytest.mark.parametrize("lang", ("ar", "fr"))
@pytest.mark.parametrize("slug", CONTENT_SLUGS)
def test_every_phone_number_in_the_text_is_a_tel_link(built_site, slug, lang):
    evs = events(built_file(built_site, lang, slug))
    assert not untapped_numbers(evs), f"/{slug} ({lang}): numbers to tap: {untapped_numbers(evs)}"
    for shown, dial in dialled(evs):
        digits = re.sub(r"\D", "", shown)
        assert dial in (digits, "+212" + digits.removeprefix("0")), f"/{slug} ({lang}): {shown!r} dials {dial!r}"


def test_numbers_without_a_source_appear_nowhere(built_site):
    pages = [built_file(built_site, lang, slug) for lang in ("ar", "fr") for slug in SLUGS]
    prose = list((ROOT / "docs").rglob("*.md")) + list((ROOT / "docs" / "_data").glob("*.toml"))
    for path in pages + prose:
        text = re.sub(r"\s", "", path.read_text(encoding="utf-8"))
        assert not [n for n in UNSOURCED if n in text], f"{path.relative_to(ROOT)}: a number no source gives"


def test_the_phone_checks_can_fail():
    evs = [("text", "اتصل بالرقم 3939 أو 05 37 27 37 27.", {})]
    assert untapped_numbers(evs) == ["3939", "05 37 27 37 27"]
    linked = [("start", "a", {"href": "tel:3939"}), ("text", "3939", {}), ("end", "a", {})]
    assert not untapped_numbers(linked) and dialled(linked) == [("3939", "3939")]
    assert not untapped_numbers([("text", "loi 39-39, 13939 DH, 2021", {})])
    titled = [("start", "a", {"href": "../sources/#src-cnss-tns"}), ("text", "Communiqué : 3939", {}), ("end", "a", {})]
    assert not untapped_numbers(titled) and not dialled(titled)


# Arabic written as Arabic ---------------------------------------------------------------------------
# What an Arabic page may show in Latin letters outside a marked French or left-to-right span: the
# acronyms people hear and read on their papers, names of standards and formats, and web addresses.
LATIN_ALLOWED = {"AMO", "CNSS", "CPU", "WCAG", "AA", "PDF"}
WEB_ADDRESS = re.compile(r"(?:https?://)?(?:[\w-]+\.)+(?:ma|org|com)(?:/[\w./%-]*)?", re.A)
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]*")
LATIN_PUNCT = re.compile(r"(?<!\d),|,(?!\d)|;|\?")


def foreign_in_arabic(texts: list[str]) -> list[str]:
    """Latin words not allowed, and Latin commas, semicolons and question marks (a comma between
    digits is a decimal comma, 6,37)."""
    found = []
    for text in texts:
        t = WEB_ADDRESS.sub(" ", text)
        found += [w for w in LATIN_WORD.findall(t) if w not in LATIN_ALLOWED]
        found += [f"«{text.strip()[:40]}…» has {m.group(0)!r}" for m in LATIN_PUNCT.finditer(t)]
    return found


def marked_foreign(tag, attrs) -> bool:
    """French terms (the glossary), left-to-right names and addresses, and code are marked as such."""
    return attrs.get("lang", "ar") != "ar" or attrs.get("dir") == "ltr" or tag == "code"


@pytest.mark.parametrize("slug", CONTENT_SLUGS)
def test_arabic_pages_have_no_latin_words_or_latin_punctuation(built_site, slug):
    texts = texts_outside(events(built_file(built_site, "ar", slug)), marked_foreign)
    assert not foreign_in_arabic(texts), f"/{slug}: {foreign_in_arabic(texts)}"


def publishers() -> list[tuple[str, str, str]]:
    """(source id, Arabic name, French name) of every cited source's publisher or outlet."""
    from checker.schema import page_sources
    from tests.pages.reading import load_toml
    sources = [s for s in RULES.sources] + [s for s, _ in page_sources("sources.toml", load_toml("sources"))]
    return [(s.id, (s.publisher or s.outlet).ar, (s.publisher or s.outlet).fr) for s in sources]


def test_sources_on_arabic_pages_carry_the_publishers_own_arabic_names(built_site):
    """The CNSS, the ministry, the register and Arabic mastheads are named in Arabic on Arabic pages; a
    name with no Arabic form (a French-only outlet) stays as it is, left to right."""
    # The page's own words: the passages quoted keep their language (a French quote may name the CNSS).
    page = "".join(texts_outside(events(built_file(built_site, "ar", "sources")), lambda tag, _: tag == "q"))
    names = publishers()
    arabic = [(i, ar, fr) for i, ar, fr in names if ar != fr]
    assert {"cnss_immatriculation_tns", "mtaess_rna", "faq_rna"} <= {i for i, _, _ in arabic}
    rest = page
    for i, ar, fr in arabic:
        assert ar in page and ARABIC_LETTER.search(ar), i
        rest = rest.replace(ar, "")
    for i, ar, fr in arabic:
        if fr not in ar:  # not a bare address, which the Arabic name keeps and the source's link shows
            assert fr not in rest, f"{i}: the French name {fr!r} is on the Arabic page"
    assert "Caisse nationale" not in rest and "Ministère" not in rest
    for i, ar, fr in names:
        if ar == fr:
            assert not ARABIC_LETTER.search(fr), f"{i}: an Arabic name given for French too"


ARABIC_LETTER = re.compile("[\u0621-\u064a]")


def test_the_arabic_check_can_fail():
    assert foreign_in_arabic(["انظر la page, ou www.rna.gov.ma؟"]) == ["la", "page", "ou", "«انظر la page, ou www.rna.gov.ma؟…» has ','"]
    assert not foreign_in_arabic(["«لامو» (AMO)، 6,37 في المائة، www.macnss.ma؛ https://www.cnss.ma/bpc-payement/assure/tns/"])


@pytest.mark.parametrize("slug", ("", "amo", "aide"))
def test_acronyms_people_hear_stand_beside_the_arabic_names(built_site, slug):
    text = " ".join(texts_outside(events(built_file(built_site, "ar", slug)), lambda t, a: False))
    assert "AMO" in text and "CNSS" in text, f"/{slug}: AMO or CNSS missing: search for them finds no Arabic page"
    assert "«لامو»" in text or slug == "aide" and "AMO" in text
    if "المساهمة المهنية الموحدة" in text:
        assert "(CPU)" in text, f"/{slug}: the CPU named without its acronym"


# Words the language review found heavy, abstract or wrong, with the page's own wording instead.
JARGON = ("ذوي الحقوق", "وضعك الضريبي", "يؤطر", "هيئة", "نقط القرب", "قنوات", "مسطرتان", "لمعلم",
          "ما إذا كان بإمكانك", "يتم التسجيل", "استخراج نسخة", "يُرجى التحقق", "قوائم مراجعة", "الدلائل المطبوعة")


def test_arabic_prose_avoids_the_reviewed_jargon():
    found = []
    for path in sorted((ROOT / "docs").rglob("index.ar.md")):
        if path.parent.name == "verifier":  # the checker page's words live with the checker
            continue
        prose = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8"), flags=re.S)
        found += [f"{path.relative_to(ROOT)}: {w}" for w in JARGON if w in prose]
    assert not found, found


# The same note once, not under every category --------------------------------------------------------
def test_a_skipped_document_is_left_out_of_every_category():
    from sitebuild import pages as markers_content
    doc = next(d for r in RULES.scheme_rules("rna") for d in r.documents)
    label = str(markers_content.escape(RULES.get(doc).label.get("fr")))
    assert label in markers_content.m_documents(lang="fr", scheme="rna")
    assert label not in markers_content.m_documents(lang="fr", scheme="rna", skip=doc)


def test_rule_texts_come_out_with_tel_links_once():
    from sitebuild.pages import tel_links
    assert tel_links("الرقم 3939 (3939).") == 'الرقم <a href="tel:3939">3939</a> (<a href="tel:3939">3939</a>).'
    assert tel_links('<a href="tel:3939">3939</a>') == '<a href="tel:3939">3939</a>'
    assert tel_links("DGI : 05 37 27 37 27") == 'DGI : <a href="tel:+212537273727">05 37 27 37 27</a>'
    assert tel_links("loi 39.3939, https://x.ma/3939") == "loi 39.3939, https://x.ma/3939"
