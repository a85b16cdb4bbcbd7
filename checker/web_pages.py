"""The checker as pages: the HTML of the start page, each question page and each outcome page, from
the states of the walk (checker/walk.py: states, answer codes, number ranges).

Standard library only. The build (CPython) writes every page of the walk as static HTML; the
browser (Pyodide) calls the same functions to render a page offline or to re-check an outcome on
the day it is read, so both give the same HTML. The one WhatsApp text of a result is `share_text`.

Addresses. A page's path under `verifier/` is its *answer code*: the permanent number of each
option tapped, in the order the questions were asked (checker/codes.py, checker/rules/codes.toml).
`0/` is the first question; `21312/` is where those five taps lead. The code is what a chamber agent
reads over the phone and what QR codes carry: it keeps its meaning in every later release
(docs-dev/codes.md). The build also writes a page for every code published before
(`render_reopened`), even one whose answers no longer lead anywhere.

Years (and any number question) are asked as ranges cut at the rules' own thresholds, so that every
value in a range gives the same result; a range's value is its lower bound.

Public API (kept stable for the browser worker; see docs-dev/web.md):
    path_for(answers) -> str                              "0/", "21312/"
    render_question(lang, answers) -> str                 the page's main HTML
    render_outcome(lang, answers, on) -> str              the page's main HTML
    render_page(lang, code, on=None) -> Page | None       what a code shows (question or outcome)
    walk(on=None) -> list[State]                          every state of the answer space (from checker.walk)
    voice_texts(on=None) -> set[str]                      every Arabic text a page may voice
All accept `rules=` (default: the packaged rules) and the outcome functions `site_url=`; the render
functions `media=`: the build's recordings and pictograms as plain data (`Media`), the same table in
the build and in the browser, so that both draw the same ▶ buttons and pictograms.
"""
from __future__ import annotations

import datetime
import html
from dataclasses import dataclass, field
from typing import Collection, Mapping
from urllib.parse import quote

from . import codes
from .model import LANGS, LANGUAGES, Fact, RuleSet
from .text import explain
from .voice import TEXT_LANG, Recordings, buttons
# The walk, part of this module's public API (the worker and the build call them from here).
from .walk import State, day, decode, default_rules, first, longest, most_questions, path_for, state_for, walk
from .words import counted, words_in

SHARE_MAX = 700  # characters of the WhatsApp text (the limit; a long message gets cut by apps)

# The CNSS telephone number (its sources: docs/_data/contacts.toml): every outcome's call button names the CNSS.
CNSS_PHONE = "3939"

@dataclass(frozen=True)
class Chamber:
    """The chamber that deploys the site (chamber.toml, filled by that chamber; see README, deploy):
    `name`, `address`, `hours` per language, `phone` as printed, `tel` as dialled, `map_url` a link to
    the place on a map. Not filled (`filled` False): only the name of the region's chamber and a map
    search for it, never an invented address or number."""

    name: Mapping[str, str]
    map_url: str
    address: Mapping[str, str] = field(default_factory=dict)
    hours: Mapping[str, str] = field(default_factory=dict)
    phone: str = ""
    tel: str = ""
    filled: bool = False

    @classmethod
    def from_json(cls, data: Mapping) -> "Chamber":
        return cls(dict(data["name"]), data["map_url"], dict(data.get("address", {})), dict(data.get("hours", {})),
                   data.get("phone", ""), data.get("tel", ""), bool(data.get("filled", False)))

    def to_json(self) -> dict:
        return {"name": dict(self.name), "map_url": self.map_url, "address": dict(self.address),
                "hours": dict(self.hours), "phone": self.phone, "tel": self.tel, "filled": self.filled}


@dataclass(frozen=True)
class Media:
    """What a build ships besides the rules, as plain data: `voices`, text_key -> {spoken language: file
    name} of the recordings shipped (checker/voice.py); `pictures`, the "kind/id" names that have a pictogram ("documents/
    copie_cin", "statuses/eligible", "answers/oui"), drawn as `<span class="ck-pic" data-pic=…>` whose
    image the build's stylesheet holds; `chamber`, the deploying chamber's details (`Chamber`). Empty: no
    ▶ button, no pictogram, the chamber named in words only. `outcome_script`: the file name under
    assets/javascripts/ of the outcome page's script, as the build named it (with its content hash, so
    that browsers keep it a year)."""

    voices: Recordings = field(default_factory=dict)
    pictures: Collection[str] = frozenset()
    outcome_script: str = "checker-outcome.js"
    chamber: Chamber | None = None

    @classmethod
    def from_json(cls, data: Mapping) -> "Media":
        chamber = Chamber.from_json(data["chamber"]) if data.get("chamber") else None
        return cls({k: dict(v) for k, v in data.get("voices", {}).items()}, frozenset(data.get("pictures", ())),
                   data.get("outcome_script", cls.outcome_script), chamber)

    def to_json(self) -> dict:
        return {"voices": {k: dict(sorted(v.items())) for k, v in sorted(self.voices.items())},
                "pictures": sorted(self.pictures), "outcome_script": self.outcome_script,
                "chamber": self.chamber.to_json() if self.chamber else None}


NO_MEDIA = Media()


def _pic(media: Media, kind: str, key: str) -> str:
    """A pictogram before the words it stands beside (decorative: the words say it)."""
    name = f"{kind}/{key}"
    return f'<span class="ck-pic" data-pic="{html.escape(name)}" aria-hidden="true"></span>' if name in media.pictures else ""


def _voice(media: Media, text_ar: str, lang: str) -> str:
    return buttons(text_ar, lang, media.voices) if media.voices else ""


def texts(lang: str) -> dict[str, str]:
    """The interface words in `lang` (checker/words/, the pages' own in checker_pages.toml)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    return words_in(lang)


# Options ------------------------------------------------------------------------------------
def options(rules: RuleSet, fact: Fact, lang: str) -> list[tuple[object, str]]:
    """(value, label) in the order shown (a number question: each range's lowest value)."""
    return [(opt.value, label) for opt, label in numbered_options(rules, fact, lang)]


def numbered_options(rules: RuleSet, fact: Fact, lang: str) -> list[tuple[codes.Option, str]]:
    """(option with its permanent number, label) in the order shown."""
    opts = codes.options(rules, fact)
    if fact.kind == "choice":
        labels = {v.id: v.label.get(lang) for v in fact.values}
        return [(o, labels[o.value]) for o in opts]
    tx = texts(lang)
    ranges = [o for o in opts if o.high is not None]
    beside = {v.id: v.label.get(lang) for v in fact.values}  # answers beside a number («لا أعرف»)
    out = []
    for i, o in enumerate(ranges):
        if i == 0 and len(ranges) > 1:  # "less than": after a preposition
            label = tx["years_below"].format(hi=counted(o.high + 1, "year", lang, oblique=True))
        elif i == len(ranges) - 1:
            label = tx["years_above"].format(lo=counted(o.value, "year", lang))
        else:  # "from … to …": the noun agrees with the second figure
            label = tx["years_between"].format(lo_figure=o.value, hi=counted(o.high, "year", lang, oblique=True))
        out.append((o, label))
    return out + [(o, beside[o.value]) for o in opts if o.high is None]


# HTML ---------------------------------------------------------------------------------------
e = html.escape


def _rel(path: str) -> str:
    """A link from one checker page (verifier/<code>/) to another."""
    return "../" + path


def fragment(answers) -> str:
    """The answers as the old `#forme=…&…` fragment (also what the browser engine re-checks)."""
    return "&".join(f"{quote(str(k))}={quote(str(v))}" for k, v in answers)


def render_start(lang: str, *, on: datetime.date | None = None, rules: RuleSet | None = None) -> str:
    """The start page's content (below its title): what one learns, how long, one start link."""
    rules = rules or default_rules()
    on = day(on)
    tx = texts(lang)
    start = first(rules, on)
    parts = [
        '<div class="ck-start">',
        f'<p class="ck-lead">{e(tx["start_learn"])}</p>',
        "<ul>",
        f'<li>{e(tx["start_count"].format(questions=counted(most_questions(on, rules=rules), "question", lang)))}</li>',
        f'<li>{e(tx["start_have"])}</li>',
        f'<li>{e(tx["start_private"])}</li>',
        "</ul>",
        f'<p><a class="md-button md-button--primary ck-start-button" href="{start.path}" data-start>'
        f'{e(tx["start_button"])}</a></p>',
        f'<p class="ck-small">{e(tx["start_code"])}</p>',
    ]
    parts.append("</div>")
    return "\n".join(parts) + "\n"


def _question_html(lang: str, st: State, rules: RuleSet, on: datetime.date, media: Media = NO_MEDIA) -> str:
    tx = texts(lang)
    fact = rules.fact(st.fact)
    n = len(st.answers) + 1
    back = _rel((st.code_before(len(st.answers) - 1) or "0") + "/") if st.answers else "../"  # the first question goes back to the start
    out = [
        f'<div class="ck-question" data-question="{e(fact.id)}" data-code="{e(st.code)}">',
        # Back at the top, as GOV.UK puts it: found before the options, not under them.
        f'<p class="ck-nav ck-nav-top"><a class="ck-back" href="{back}" data-back>{e(tx["back"])}</a></p>',
        f'<p class="ck-progress">{e(tx["progress"].format(n=n, total=longest(st, rules, on)))}</p>',
        f'<h1 class="ck-q">{e(fact.question.get(lang))}</h1>' + _voice(media, fact.question.ar, lang),
        f'<p class="ck-help">{e(fact.help.get(lang))}</p>',
        '<ul class="ck-options">',
    ]
    spoken = options(rules, fact, "ar")  # a recording reads the Arabic words, whatever the page's language
    for i, (opt, label) in enumerate(numbered_options(rules, fact, lang)):
        value = opt.value
        pic = _pic(media, "answers", str(value)) if opt.high is None else ""
        out.append(f'<li><a class="ck-option" href="{_rel(st.code + codes.write(opt.number) + "/")}" '
                   f'data-fact="{e(fact.id)}" data-value="{e(str(value))}">{pic}{e(label)}</a>'
                   f'{_voice(media, spoken[i][1], lang)}</li>')
    out += ["</ul>", "</div>"]
    return "\n".join(out) + "\n"


def render_question(lang: str, answers: Mapping[str, object], *, on: datetime.date | None = None,
                    rules: RuleSet | None = None, media: Media = NO_MEDIA) -> str:
    """The question page these answers lead to (ValueError if they already lead to an outcome)."""
    rules = rules or default_rules()
    on = day(on)
    st = state_for(answers, on, rules=rules)
    if st.fact is None:
        raise ValueError("these answers lead to an outcome, not a question: use render_outcome")
    return _question_html(lang, st, rules, on, media)


def _answer_label(rules: RuleSet, fact: Fact, value: object, lang: str) -> str:
    number = codes.number_of(rules, fact, value)
    return next(label for opt, label in numbered_options(rules, fact, lang) if opt.number == number)


def label(item: dict) -> str:
    """A document's or step's words (`label` or `text`, as text.explain() names them)."""
    return item.get("label") or item.get("text") or ""


def where(item: dict) -> tuple[str, str | None]:
    """An item's "where" as (text, url): a display Where ({before, address, url, after}) or a string."""
    w = item.get("where")
    if isinstance(w, dict):
        return w.get("before", "") + w.get("address", "") + w.get("after", ""), w.get("url") or item.get("url")
    return (w or ""), item.get("url")


def _where_html(item: dict) -> str:
    w = item.get("where")
    if isinstance(w, dict) and w.get("url") and w.get("address"):
        return (e(w.get("before", "")) + f'<a href="{e(w["url"])}" rel="noopener">{e(w["address"])}</a>'
                + e(w.get("after", "")))
    text, url = where(item)
    return f'<a href="{e(url)}" rel="noopener">{e(text)}</a>' if url and text.startswith("www.") else e(text)


@dataclass(frozen=True)
class Go:
    """Where one scheme's action takes the person: the place in words, and the same with its web
    address a link."""
    scheme: str
    text: str
    html: str


@dataclass(frozen=True)
class Summary:
    sentences: list[str]
    missing: list[str]  # "what is missing": one or two things to find out, and whom to ask
    when: str | None  # "when you can", on a "not yet" outcome (a note the rules mark `lead = "when"`)
    documents: list[str]  # labels; an uncertain one ends with whom to ask ("(ask the chamber)")
    document_ids: list[str]  # the same documents' ids, in the same order
    other_papers: bool  # a registration: the chamber may ask for other papers (one sentence)
    go: list[Go]  # one place per scheme whose action takes the person somewhere (the same place once)
    chamber: bool  # a place named is the chamber: its own details follow
    then: str | None

    @property
    def go_text(self) -> str | None:
        return " ".join(g.text for g in self.go) or None


def _ask_mark(tx: dict[str, str], item: dict, rules: RuleSet) -> str:
    """Whom to ask about an uncertain document, in words: «(اسأل الغرفة عنها)»."""
    if not item["confirm"]:
        return ""
    who = getattr(rules.get(item["id"]), "confirm_with", None) or "chambre"
    return f" {tx['ask_mark_' + who]}"


def _who(place: str, lang: str) -> str:
    """Whom to ask, short: the chamber, the CNSS (3939), or the place's own words."""
    tx = texts(lang)
    if names_chamber(place, lang):
        return tx["who_chamber"]
    return tx["who_cnss"] if "CNSS" in place else place


def names_chamber(text: str, lang: str) -> bool:
    """True when a place's words name the chamber of crafts (its details then follow)."""
    return texts(lang)["chamber_generic"].casefold() in text.casefold()


def summary(rules: RuleSet, ex: dict, lang: str) -> Summary:
    """The first screen: a sentence per scheme, what is missing or when one can, what to take, where
    to go, what next."""
    tx = texts(lang)
    sentences = [ex[scheme]["status_text"] for scheme in ("rna", "amo")]
    missing = []
    for scheme in ("rna", "amo"):
        s = ex[scheme]
        questions = [q["question"] for q in s["to_confirm"] + s["missing"]]
        if questions and s["steps"]:
            missing += [tx["missing_line"].format(question=q, who=_who(where(s["steps"][0])[0], lang))
                        for q in questions]
    when = next((n["text"] for s in ("rna", "amo") for n in ex[s]["notes"]
                 if getattr(rules.get(n["id"]), "lead", None) == "when"), None)
    docs, seen = [], []
    for scheme in ("rna", "amo"):
        for d in ex[scheme]["documents"]:
            if d["id"] in seen:
                continue
            seen.append(d["id"])
            docs.append(label(d) + _ask_mark(tx, d, rules))
    steps, ids, go = [], set(), []
    for scheme in ("rna", "amo"):
        first = None
        for st in ex[scheme]["steps"]:
            if st["id"] in ids:
                continue
            ids.add(st["id"])
            steps.append(st)
            place = where(st)[0]
            if first is None and place and all(place != g.text for g in go):
                first = Go(scheme, place, _where_html(st))
        if first is not None:
            go.append(first)
    return Summary(
        sentences=sentences, missing=missing[:2], when=when, documents=docs, document_ids=seen,
        other_papers=ex["rna"]["status"] == "eligible", go=go,
        chamber=any(names_chamber(g.text, lang) for g in go),
        then=label(steps[1]) if len(steps) > 1 else None,
    )


def calls(sm: Summary, lang: str, chamber: "Chamber | None") -> list[tuple[str, str]]:
    """The call buttons, each naming whom it calls: (words, number dialled). The CNSS on every outcome
    (every outcome speaks of the AMO); the chamber when its number is set, first when it is the place."""
    tx = texts(lang)
    out = [(tx["call_cnss_at"].format(phone=CNSS_PHONE), CNSS_PHONE)]
    if chamber is not None and chamber.filled and chamber.tel:
        own = (tx["call_chamber_at"].format(phone=chamber.phone), chamber.tel)
        out = [own] + out if sm.chamber else out + [own]
    return out


def voiced_parts(sm: Summary, lang: str) -> dict[str, str]:
    """The three parts of the summary a ▶ button reads (take with you / go to / then), as the words on
    screen in `lang`; a recording is keyed by the Arabic ones (`voiced_parts(summary(…, "ar"), "ar")`)."""
    tx = texts(lang)
    colon = tx["colon"]
    take = tx["list_separator"].join(sm.documents) or tx["take_nothing"]
    parts = {"take": f"{tx['take']}{colon} {take}"}
    if sm.go:
        parts["go"] = f"{tx['go']} " + " ".join(f"{tx['go_' + g.scheme]}{colon} {g.text}." for g in sm.go)
    if sm.then:
        parts["then"] = f"{tx['then']}{colon} {sm.then}"
    return parts


def _chamber_lines(chamber: "Chamber | None", lang: str) -> list[str]:
    """The chamber's own details as text lines (the share message, the print)."""
    if chamber is None:
        return []
    tx = texts(lang)
    lines = [chamber.name.get(lang, "")]
    if chamber.filled:
        lines += [chamber.address.get(lang, ""), chamber.hours.get(lang, "")]
    return [x for x in lines if x]


def share_text(rules: RuleSet, ex: dict, lang: str, code: str, url: str, chamber: "Chamber | None" = None) -> str:
    """The WhatsApp message: the checklist itself (documents, place, phone, code, link)."""
    tx = texts(lang)
    sm = summary(rules, ex, lang)
    colon = tx["colon"]
    lines = [tx["share_title"], *sm.sentences]
    if sm.documents:
        lines.append(tx["take"] + colon)
        lines += [f"- {d}" for d in sm.documents]
    if sm.other_papers:
        lines.append(tx["other_papers"])
    lines += [f"{tx['go_' + g.scheme]}{colon} {g.text}" for g in sm.go]
    if sm.chamber:
        lines += _chamber_lines(chamber, lang)
    lines += [words for words, _ in calls(sm, lang, chamber)]
    lines.append(tx["share_code"].format(code=code))
    tail = [tx["share_link"], url] if url else []
    text = "\n".join(lines + tail)
    # Too long: drop the status sentences first (the documents, place and link are the point).
    if len(text) > SHARE_MAX:
        text = "\n".join([lines[0]] + lines[3:] + tail)
    return text


def _list(items: list[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{tag}>"


def _details(scheme: str, s: dict, ex: dict) -> str:
    h, lab = ex["headings"], ex["labels"]
    body = []
    if s["outcome"]:
        o = s["outcome"]
        head = h["category"] if scheme == "rna" else h["regime"]
        extra = f" {e(o['provisional_text'])}" if o["provisional"] else ""
        body.append(f"<p><strong>{e(head)}:</strong> {e(o['label'])}{extra} — {e(o['description'])}</p>")
    if s.get("amount"):
        a = s["amount"]
        body.append(f"<p><strong>{e(h['amount'])}:</strong> {e(a['text'])}"
                    + (f" {e(a['confirm'])}" if a["confirm"] else "") + "</p>")
    if s["why"]:
        body.append(f"<h3>{e(h['why'])}</h3>" + _list(
            [f"{e(w['label'])} <small>({e(lab['source'])}: {e(w['source']['text'])})</small>" for w in s["why"]]))
    if s["failed"] and s["status"] == "not_eligible":
        body.append(f"<h3>{e(h['failed'])}</h3>" + _list([e(label(f)) for f in s["failed"]]))
    if s["documents"]:
        body.append(f"<h3>{e(h['documents'])}</h3>" + _list(
            [f"{e(label(d))} — {e(lab['where'])} {_where_html(d)}" + (f" <em>{e(d['confirm'])}</em>" if d["confirm"] else "")
             for d in s["documents"]]))
    if s["steps"]:
        body.append(f"<h3>{e(h['steps'])}</h3>" + _list(
            [f"{e(label(st))} — {e(lab['where'])} {_where_html(st)}" + (f" <em>{e(st['confirm'])}</em>" if st["confirm"] else "")
             for st in s["steps"]], "ol"))
    if s["notes"]:
        body.append(f"<h3>{e(h['notes'])}</h3>" + _list(
            [e(n["text"]) + (f" <em>{e(n['confirm'])}</em>" if n["confirm"] else "") for n in s["notes"]]))
    if s["to_confirm"]:
        body.append(f"<h3>{e(h['to_confirm'])}</h3>" + _list([e(q["question"]) for q in s["to_confirm"]]))
    if s["sources"]:
        body.append(f"<h3>{e(h['sources'])}</h3>" + _list(
            [e(src["text"]) + (f' <a href="{e(src["url"])}" rel="noopener">{e(src["url"])}</a>' if src["url"] else "")
             for src in s["sources"]]))
    return (f'<details class="ck-details" data-scheme="{scheme}"><summary>{e(s["title"])}</summary>\n'
            + "\n".join(body) + "\n</details>")


def _chamber_html(chamber: Chamber | None, lang: str) -> str:
    """The chamber's own details under the place, one paragraph: name, address, hours, map. Not set:
    its name and a map search for it (a search, never an invented address)."""
    if chamber is None:
        return ""
    tx = texts(lang)
    colon = tx["colon"]
    name = chamber.name.get(lang, "")
    lines = [f"<strong>{e(name)}</strong>"]
    if chamber.filled:
        lines += [f"{e(tx['chamber_' + k])}{colon} {e(v[lang])}" for k, v in
                  (("address", chamber.address), ("hours", chamber.hours)) if v.get(lang)]
        lines.append(f'<a class="ck-map" href="{e(chamber.map_url)}" rel="noopener">{e(tx["chamber_map"])}</a>')
    else:
        lines.append(f'<a class="ck-map" href="{e(chamber.map_url)}" rel="noopener">'
                     f'{e(tx["chamber_map_search"].format(name=name))}</a>')
    return (f'<p class="ck-chamber" data-chamber="{"set" if chamber.filled else "search"}">'
            + "<br>".join(lines) + "</p>")


def _spoken_parts(rules: RuleSet, st: State, lang: str, ex: dict) -> dict[str, str]:
    """The Arabic words of the summary's three parts (what its recordings read)."""
    ex_ar = ex if lang == TEXT_LANG else explain(rules, st.report, dict(st.answers), TEXT_LANG)
    return voiced_parts(summary(rules, ex_ar, TEXT_LANG), TEXT_LANG)


def _outcome_html(lang: str, st: State, rules: RuleSet, on: datetime.date, site_url: str,
                  qr_svg: str | None, media: Media = NO_MEDIA) -> str:
    tx = texts(lang)
    answers = dict(st.answers)
    report = st.report
    rd = report.to_dict()
    ex = explain(rules, report, answers, lang)
    sm = summary(rules, ex, lang)
    spoken = _spoken_parts(rules, st, lang, ex) if media.voices else {}
    page_url = ""
    if site_url:
        page_url = site_url.rstrip("/") + "/" + LANGUAGES[lang].root + "verifier/" + st.path
    phone = CNSS_PHONE
    attrs = {
        "rna-status": rd["rna"]["status"], "rna-category": rd["rna"]["category"] or "",
        "amo-status": rd["amo"]["status"], "amo-regime": rd["amo"]["regime"] or "",
        "on": rd["on"], "code": st.code, "answers": fragment(st.answers),
    }
    back = _rel((st.code_before(len(st.answers) - 1) or "0") + "/")  # the last question
    out = ['<section class="ck-outcome" id="resultat" aria-labelledby="resultat-title" '
           + " ".join(f'data-{k}="{e(v)}"' for k, v in attrs.items()) + ">",
           f'<p class="ck-nav ck-nav-top"><a class="ck-back" href="{back}" data-back>{e(tx["back"])}</a></p>',
           f'<h1 id="resultat-title" class="ck-title">{e(tx["result_title"])}</h1>',
           '<div class="ck-summary" data-summary>']
    statuses = (rd["rna"]["status"], rd["amo"]["status"])
    out += [f'<p class="ck-sentence" data-scheme="{s}">{_pic(media, "statuses", status)}{e(line)}</p>'
            for s, status, line in zip(("rna", "amo"), statuses, sm.sentences)]
    colon = tx["colon"]

    def voice(part: str) -> str:
        return _voice(media, spoken[part], lang) if part in spoken else ""

    # Where to go and whom to call first: what a person acts on, on the first screen.
    if sm.go:
        out.append(f'<h2 class="ck-label">{e(tx["go"])}</h2>{voice("go")}')
        out += [f'<p class="ck-go" data-scheme="{g.scheme}"><strong>{e(tx["go_" + g.scheme])}{colon}</strong> {g.html}</p>'
                for g in sm.go]
    if sm.chamber:
        out.append(_chamber_html(media.chamber, lang))
    out.append('<p class="ck-calls">' + " ".join(
        f'<a class="md-button ck-call" href="tel:{e(tel)}">{e(words)}</a>'
        for words, tel in calls(sm, lang, media.chamber)) + "</p>")
    # Then what is still to find out, or when one can: each names whom to ask.
    out += [f'<p class="ck-missing" data-missing>{e(m)}</p>' for m in sm.missing]
    if sm.when:
        out.append(f'<p class="ck-when" data-when><strong>{e(tx["when"])}{colon}</strong> {e(sm.when)}</p>')
    if sm.documents:
        out.append(f'<h2 class="ck-label">{e(tx["take"])}{colon}</h2>{voice("take")}')
        out.append('<ul class="ck-take">' + "".join(
            f"<li>{_pic(media, 'documents', i)}{e(d)}</li>" for i, d in zip(sm.document_ids, sm.documents)) + "</ul>")
    else:
        out.append(f'<p><strong>{e(tx["take"])}{colon}</strong> {e(tx["take_nothing"])}{voice("take")}</p>')
    if sm.other_papers:
        out.append(f'<p class="ck-other-papers">{e(tx["other_papers"])}</p>')
    if sm.then:
        out.append(f'<p class="ck-then"><strong>{e(tx["then"])}{colon}</strong> {e(sm.then)}{voice("then")}</p>')
    out.append("</div>")
    # Other routes open to this person (e.g. maître artisan once recognised), and for a cooperative or an
    # enterprise the way to check one's own health insurance: just below the summary, never in <details>.
    out += [f'<p class="ck-also" data-also="{e(a["id"])}"><strong>{e(a["label"])}{colon}</strong> {e(a["text"])}</p>'
            for a in ex["rna"].get("also", [])]
    rerun = ex["amo"].get("rerun")
    if rerun:
        target = state_for(rerun["answers"], on, rules=rules).path
        out.append(f'<p class="ck-rerun"><a class="md-button" href="{_rel(target)}" data-rerun>{e(rerun["text"])}</a></p>')
    share = share_text(rules, ex, lang, st.code, page_url, media.chamber)
    out += [
        f'<p class="ck-code">{e(tx["code_label"])}: <strong dir="ltr" data-code>{e(st.code)}</strong> '
        f'<span class="ck-small">{e(tx["code_help"])}</span></p>',
        '<p class="ck-actions">'
        f'<a class="md-button" href="https://wa.me/?text={quote(share)}" data-whatsapp>{e(tx["whatsapp"])}</a> '
        f'<button type="button" class="md-button" data-share hidden>{e(tx["share"])}</button> '
        f'<button type="button" class="md-button" data-print hidden>{e(tx["print"])}</button></p>',
        f'<p class="ck-more">{e(tx["more"])}</p>',
        _details("rna", ex["rna"], ex),
        _details("amo", ex["amo"], ex),
        f'<h2>{e(tx["answers_title"])}</h2>',
        '<ol class="ck-answers">',
    ]
    for i, (fid, value) in enumerate(st.answers):
        fact = rules.fact(fid)
        change = _rel((st.code_before(i) or "0") + "/")
        out.append(f'<li data-fact="{e(fid)}"><span>{e(fact.question.get(lang))}</span> '
                   f'<strong>{e(_answer_label(rules, fact, value, lang))}</strong> '
                   f'<a href="{change}" data-change>{e(tx["change"])}</a></li>')
    out.append("</ol>")
    if qr_svg:
        out.append(f'<div class="ck-print-qr"><p>{e(tx["print_scan"])}</p>{qr_svg}'
                   f'<p dir="ltr">{e(page_url)}</p></div>')
    notes = {n["id"] for s in ("rna", "amo") for n in ex[s]["notes"]}
    foot = [ex["result_on"] + "."] + ([] if "note_resultat_indicatif" in notes else [ex["not_official"]])
    out += [f'<p class="ck-small">{e(" ".join(foot))} {e(ex["verified_on"])}</p>',
            f'<p class="ck-nav"><a href="../">{e(tx["start_again"])}</a></p>',
            "</section>",
            # Print and share buttons (hidden without JavaScript); inert when inserted by a script.
            f'<script src="{"../" * (2 + LANGUAGES[lang].root.count("/"))}assets/javascripts/{e(media.outcome_script)}" defer>'
            '</script>']
    return "\n".join(out) + "\n"


def render_outcome(lang: str, answers: Mapping[str, object], on: datetime.date | None = None, *,
                   rules: RuleSet | None = None, site_url: str = "", qr_svg: str | None = None,
                   media: Media = NO_MEDIA) -> str:
    """The outcome page these answers lead to (ValueError if a question is still to answer).
    `site_url` makes the share link absolute; `qr_svg` (build only: segno is not stdlib) is printed."""
    rules = rules or default_rules()
    on = day(on)
    st = state_for(answers, on, rules=rules)
    if st.fact is not None:
        raise ValueError(f"a question is still to answer ({st.fact}): use render_question")
    return _outcome_html(lang, st, rules, on, site_url, qr_svg, media)


@dataclass(frozen=True)
class Page:
    title: str
    html: str
    state: State


def page_for_state(lang: str, st: State, on: datetime.date | None = None, *, rules: RuleSet | None = None,
                   site_url: str = "", qr_svg: str | None = None, media: Media = NO_MEDIA) -> Page:
    rules = rules or default_rules()
    on = day(on)
    if st.fact is None:
        return Page(texts(lang)["result_title"], _outcome_html(lang, st, rules, on, site_url, qr_svg, media), st)
    return Page(rules.fact(st.fact).question.get(lang), _question_html(lang, st, rules, on, media), st)


def render_page(lang: str, code: str, on: datetime.date | None = None, *, rules: RuleSet | None = None,
                site_url: str = "", media: Media = NO_MEDIA) -> Page | None:
    """What the page at verifier/<code>/ shows, or None when the code leads nowhere."""
    st = decode(code, on, rules=rules)
    return None if st is None else page_for_state(lang, st, on, rules=rules, site_url=site_url, media=media)


def render_reopened(lang: str, code: str, answers: str, on: datetime.date | None = None, *,
                    rules: RuleSet | None = None) -> Page:
    """The page of a published code that today's questions no longer lead to (a retired option, a
    question no longer asked on that path): never a 404 and never someone else's result. It shows
    the answers of the code (`answers`, its fragment in the code registry) that are still valid, the
    questions whose answers are gone, and one link on: the result those answers reach, or the next
    question to answer."""
    from .answers import parse_fragment  # the one parser: a retired value is rejected like a bad one

    rules = rules or default_rules()
    on = day(on)
    tx = texts(lang)
    given, rejected = parse_fragment(rules, answers)
    st = state_for(given, on, rules=rules)
    kept = dict(st.answers)
    out = [f'<section class="ck-reopened" data-reopened="{e(code)}">',
           f'<p class="ck-lead">{e(tx["reopen_lead"].format(code=code))}</p>',
           '<ol class="ck-answers">']
    for fid, value in st.answers:
        fact = rules.fact(fid)
        out.append(f'<li data-fact="{e(fid)}"><span>{e(fact.question.get(lang))}</span> '
                   f'<strong>{e(_answer_label(rules, fact, value, lang))}</strong></li>')
    out.append("</ol>")
    gone = [r["fact"] for r in rejected if r.get("fact") and r["fact"] not in kept]
    if st.fact is not None and st.fact in gone:
        out.append(f'<p>{e(tx["reopen_again"])} <strong>{e(rules.fact(st.fact).question.get(lang))}</strong></p>')
    link = tx["reopen_result"] if st.fact is None else tx["reopen_continue"]
    out += [f'<p><a class="md-button md-button--primary" href="{_rel(st.path)}" data-reopen>{e(link)}</a></p>',
            "</section>"]
    return Page(tx["reopen_title"], "\n".join(out) + "\n", st)


def voice_texts(on: datetime.date | None = None, *, rules: RuleSet | None = None) -> set[str]:
    """Every Arabic text a checker page can give a ▶ button: each question, each option (the year
    ranges' words too), and the three summary parts of every outcome (what a facilitator records)."""
    rules = rules or default_rules()
    out: set[str] = set()
    for st in walk(on, rules=rules):
        if st.fact is None:
            out |= set(_spoken_parts(rules, st, "ar", explain(rules, st.report, dict(st.answers), "ar")).values())
        else:
            fact = rules.fact(st.fact)
            out |= {fact.question.ar, *(label for _, label in options(rules, fact, "ar"))}
    return out
