"""Printable guides, one-page checklists and event posters (PDF), from the site's own sources.

The rules (checker/rules/) give every document, step, condition, source and date; the site's
Markdown (docs/) gives the prose, expanded through the same `render.marker()` as the site. So a
printout says what the site says. Run as a MkDocs post-build step (into site/guides/) or alone:

    python scripts/build_guides.py --out DIR [--site-url URL]
"""
from __future__ import annotations

import argparse
import datetime
import re
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urljoin

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the CLI runs from scripts/; PYTHONPATH, when set, keeps priority
    sys.path.append(str(ROOT))

import markdown  # noqa: E402
import segno  # noqa: E402
import weasyprint  # noqa: E402
from markupsafe import Markup  # noqa: E402
from mkdocs.utils.yaml import yaml_load  # noqa: E402

import checker  # noqa: E402
import render  # noqa: E402  (scripts/render.py: the site's Jinja2 environment and markers)

DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"
DATA = tomllib.loads((Path(__file__).parent / "print_data.toml").read_text(encoding="utf-8"))
CSS = Path(render.TEMPLATES) / "print" / "print.css"
CATEGORIES = ("artisan_diplome", "artisan_experience", "maitre_artisan", "cooperative", "entreprise")
POSTER_SIZES = ("a4", "a3")
OUT_DIR = "guides"  # inside the built site


class GuideBuildError(RuntimeError):
    """The printouts would not say what the site and the checker say: the build must stop."""


# What gets built --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Output:
    name: str  # file name in site/guides/
    kind: str  # guide | fiche | affiche
    lang: str
    category: str | None = None
    size: str = "a4"


def outputs() -> list[Output]:
    """Every PDF, in the order of the guides page."""
    out = [Output(f"guide-{lang}.pdf", "guide", lang) for lang in render.LANGS]
    out += [Output(f"fiche-{cat}-{lang}.pdf", "fiche", lang, category=cat)
            for cat in CATEGORIES for lang in render.LANGS]
    out += [Output(f"affiche-{lang}-{size}.pdf", "affiche", lang, size=size)
            for lang in render.LANGS for size in POSTER_SIZES]
    return out


# The site's address ----------------------------------------------------------------------------
def site_url() -> str:
    """`site_url` from mkdocs.yml, resolved as MkDocs does (`!ENV [SITE_URL, …]`)."""
    with open(MKDOCS_YML, encoding="utf-8") as f:
        url = yaml_load(f)["site_url"]
    return url if url.endswith("/") else url + "/"


def page_url(base: str, lang: str, slug: str = "") -> str:
    """Absolute address of a page: Arabic at the root, French under fr/."""
    return base + ("" if lang == render.LANGS[0] else f"{lang}/") + slug


def verifier_url(base: str, lang: str, answers: dict[str, str] | None = None) -> str:
    url = page_url(base, lang, "verifier/")
    return url + "#" + urlencode(answers) if answers else url


def short_address(url: str) -> str:
    """What a person types: no scheme, no fragment."""
    return re.sub(r"^https?://", "", url.split("#", 1)[0])


def qr_svg(url: str) -> Markup:
    """The QR code as inline SVG, sized by the stylesheet (viewBox only)."""
    return Markup(segno.make(url, error="m", micro=False).svg_inline(border=4, omitsize=True, dark="#000"))


# Words ---------------------------------------------------------------------------------------
def words(lang: str) -> dict[str, str]:
    return {key: text[lang] for key, text in DATA["text"].items()}


def format_date(day: datetime.date, lang: str) -> str:
    return f"{day.day} {DATA['months'][lang][day.month - 1]} {day.year}"


def rule_item(rules: checker.RuleSet, item_id: str, lang: str) -> dict:
    """A document or step in one language, with where to go and 'to confirm with …' when uncertain."""
    item = rules.get(item_id)
    who = getattr(item, "confirm_with", None)
    confirm = rules.text(f"confirm_{who}", lang) if item.uncertain and who else None
    return {"id": item_id, "text": rules.text(item, lang), "where": item.where.get(lang),
            "url": getattr(item, "url", None), "confirm": confirm}


def source_item(rules: checker.RuleSet, source: object, lang: str) -> dict:
    return {"title": rules.text(source, lang), "number": source.number, "url": source.url,
            "date": format_date(source.date, lang) if source.date else None}


# The site's Markdown, converted as MkDocs converts it ---------------------------------------------
def _markdown() -> markdown.Markdown:
    with open(MKDOCS_YML, encoding="utf-8") as f:
        listed = yaml_load(f)["markdown_extensions"]
    names, configs = [], {}
    for entry in listed:
        name, conf = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if conf:
            configs[name] = conf
    return markdown.Markdown(extensions=names, extension_configs=configs)


LINK = re.compile(r'<a href="(?P<href>[^"]+)"(?P<attrs>[^>]*)>(?P<text>.*?)</a>', re.S)


def page_html(slug: str, lang: str, base: str, md: markdown.Markdown | None = None) -> Markup:
    """One page of the site (docs/<slug>/index.<lang>.md) as HTML, markers expanded like the site.

    Links become absolute addresses under the site and are written out after their text, because
    a reader of paper cannot click.
    """
    source = (DOCS / slug / f"index.{lang}.md").read_text(encoding="utf-8")
    md = md or _markdown()
    html = md.reset().convert(render.expand_markers(source, lang=lang))
    here = page_url(base, lang, f"{slug}/")

    def absolute(m: re.Match) -> str:
        href = urljoin(here, m.group("href"))
        shown = short_address(href).rstrip("/")
        text = m.group("text")
        tail = "" if shown in text or href.startswith("mailto:") or m.group("href").startswith("#") \
            else f' <span class="url">({shown})</span>'
        return f'<a href="{href}"{m.group("attrs")}>{text}</a>{tail}'

    return Markup(LINK.sub(absolute, html))


def glossary(lang: str) -> list[dict]:
    """Glossary entries from docs/_data/glossary.toml (shared with the site's lexicon), if present."""
    path = DOCS / "_data" / "glossary.toml"
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = data.get("term") or data.get("terms") or data.get("entry") or []
    out = []
    for e in entries:
        out.append({"ar": e.get("ar") or e.get("term", {}).get("ar", ""),
                    "fr": e.get("fr") or e.get("term", {}).get("fr", ""),
                    "definition": (e.get("definition") or e.get("def") or {}).get(lang, "")})
    return out


# The checker, run on each category's answers -----------------------------------------------------
def category_answers(rules: checker.RuleSet, category: str, on: datetime.date) -> tuple[dict, object]:
    """The answers that give `category`, checked by the checker itself; the report they give."""
    answers = dict(DATA["fiche_answers"][category])
    report = checker.evaluate(rules, checker.parse_answers(rules, answers), on=on)
    if report.rna.status != "eligible" or report.rna.outcome != category:
        raise GuideBuildError(f"fiche {category}: answers {answers} give RNA "
                              f"{report.rna.status}/{report.rna.outcome}, not eligible/{category}")
    order = rules.fact_order()
    return dict(sorted(answers.items(), key=lambda kv: order[kv[0]])), report


def category_block(rules: checker.RuleSet, category: str, lang: str, on: datetime.date) -> dict:
    """What a checklist shows for one category: conditions, documents, steps, notes, sources."""
    answers, report = category_answers(rules, category, on)
    rna = report.rna
    outcome = rules.get(category)
    return {
        "id": category,
        "answers": answers,
        "label": rules.text(outcome, lang),
        "description": outcome.description.get(lang),
        "conditions": [rules.text(r, lang) for r in rna.decided_by],
        "documents": [rule_item(rules, d, lang) for d in rna.documents],
        "steps": [rule_item(rules, s, lang) for s in rna.steps],
        "notes": [rule_item_note(rules, n, lang) for n in rna.notes],
    }


def rule_item_note(rules: checker.RuleSet, note_id: str, lang: str) -> dict:
    note = rules.get(note_id)
    who = getattr(note, "confirm_with", None)
    return {"text": rules.text(note, lang),
            "confirm": rules.text(f"confirm_{who}", lang) if note.uncertain and who else None}


def amo_routes(rules: checker.RuleSet, lang: str) -> list[dict]:
    """Each AMO regime with its condition and steps, straight from the rules."""
    out = []
    for rule in rules.scheme_rules("amo"):
        if rule.regime is None:
            continue
        out.append({"label": rules.text(rule.regime, lang), "condition": rules.text(rule, lang),
                    "documents": [rule_item(rules, d, lang) for d in rule.documents],
                    "steps": [rule_item(rules, s, lang) for s in rule.steps]})
    return out


# Contexts and PDFs -------------------------------------------------------------------------------
def common(rules: checker.RuleSet, lang: str, base: str) -> dict:
    return {"lang": lang, "dir": "rtl" if lang == "ar" else "ltr", "t": words(lang),
            "m": {key: text.get(lang) for key, text in rules.messages},
            "verified_line": rules.text("rules_verified_on", lang).format(date=format_date(rules.verified_on, lang))}


def guide_context(rules: checker.RuleSet, lang: str, base: str, on: datetime.date) -> dict:
    md = _markdown()
    home = page_url(base, lang)
    return {**common(rules, lang, base), "qr": qr_svg(home), "home": short_address(home),
            "registre": page_html("registre", lang, base, md), "amo": page_html("amo", lang, base, md),
            "aide": page_html("aide", lang, base, md),
            "categories": [category_block(rules, c, lang, on) for c in CATEGORIES],
            "amo_routes": amo_routes(rules, lang), "glossary": glossary(lang),
            "sources": [source_item(rules, s, lang) for s in rules.sources]}


def fiche_context(rules: checker.RuleSet, lang: str, base: str, on: datetime.date, category: str) -> dict:
    block = category_block(rules, category, lang, on)
    url = verifier_url(base, lang, block["answers"])
    return {**common(rules, lang, base), "c": block, "qr": qr_svg(url),
            "verifier": short_address(verifier_url(base, lang))}


def affiche_context(rules: checker.RuleSet, lang: str, base: str, size: str) -> dict:
    url = verifier_url(base, lang)
    return {**common(rules, lang, base), "qr": qr_svg(url), "address": short_address(url), "size": size}


# Arabic vowel marks (fathatan … sukun, superscript alef). WeasyPrint maps each glyph to the text of the
# first cluster it was drawn in; a letter first drawn with a mark (أُ) then reads back empty everywhere
# (copy, search, screen readers). Unvowelled text, as administrations print it, reads back whole.
HARAKAT = re.compile("[\u064b-\u0652\u0670]")


def write_pdf(template: str, context: dict, path: Path, stylesheet: weasyprint.CSS) -> None:
    html = HARAKAT.sub("", render.env.get_template(f"print/{template}").render(**context))
    weasyprint.HTML(string=html, base_url=str(CSS.parent)).write_pdf(path, stylesheets=[stylesheet])


def build_all(out_dir: Path, base: str | None = None, on: datetime.date | None = None) -> dict[str, float]:
    """Build every PDF into out_dir; returns seconds per file."""
    base = base or site_url()
    on = on or datetime.date.today()
    rules = checker.load_rules()
    out_dir.mkdir(parents=True, exist_ok=True)
    stylesheet = weasyprint.CSS(filename=str(CSS))
    timings = {}
    for o in outputs():
        t0 = time.perf_counter()
        if o.kind == "guide":
            write_pdf("guide.html.j2", guide_context(rules, o.lang, base, on), out_dir / o.name, stylesheet)
        elif o.kind == "fiche":
            write_pdf("fiche.html.j2", fiche_context(rules, o.lang, base, on, o.category), out_dir / o.name,
                      stylesheet)
        else:
            write_pdf("affiche.html.j2", affiche_context(rules, o.lang, base, o.size), out_dir / o.name,
                      stylesheet)
        timings[o.name] = round(time.perf_counter() - t0, 3)
    return timings


def build_step(site_dir: str) -> None:
    """MkDocs post-build step: the PDFs into site/guides/."""
    build_all(Path(site_dir) / OUT_DIR)


# The guides page: links to every PDF --------------------------------------------------------------
def guides_list(lang: str) -> str:
    """Raw HTML list of the PDFs, linked relative to the guides page in that language."""
    t = words(lang)
    rules = checker.load_rules()
    up = "../" if lang == render.LANGS[0] else "../../"
    return render.env.get_template("print/guides_list.html.j2").render(
        t=t, up=up + OUT_DIR + "/", files=outputs(), lang=lang,
        labels={c: rules.text(c, lang) for c in CATEGORIES})


render.MARKERS["guides"] = lambda lang: guides_list(lang)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, required=True, help="folder to write the PDFs into")
    p.add_argument("--site-url", help="public address (default: site_url from mkdocs.yml / SITE_URL)")
    args = p.parse_args(argv)
    import mkdocs_hooks  # noqa: F401  registers every page marker, as in a site build
    base = args.site_url or site_url()
    base = base if base.endswith("/") else base + "/"
    t0 = time.perf_counter()
    timings = build_all(args.out, base)
    for name, seconds in timings.items():
        print(f"{name:40} {seconds:6.2f} s {(args.out / name).stat().st_size / 1024:8.1f} KB")
    print(f"{len(timings)} PDFs in {time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
