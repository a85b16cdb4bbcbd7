"""Display items: what an output shows of a rule entry, in one language, ready to lay out.

Every output renders these and none re-derives them from the rules: the CLI (text.render), the
checker's pages (checker/web_pages.py, at build time and in the browser's worker), the information
pages' markers (sitebuild/pages.py) and the PDFs (sitebuild/pdfs.py). They are frozen dataclasses of plain strings; an output decides
only the layout (a link, a tick box, a numbered line). `dataclasses.asdict` gives their JSON.

    Question   a fact as asked: question, help, options or bounds
    Where      where to go, split around its web address, so that only the address becomes a link
    Item       a document to bring, a step to take, a note: text, where, "to confirm with …"
    Citation   a source: title — article — outlet, publisher, date in words, address, the passage
               (display.cite: the results, the pages' citations and their sources list)
    Amount     a contribution: value, since when, the sentence, "to confirm with …"
    shows_failed(status)  the rule for listing unmet conditions (only under a refusal)
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from .model import RuleSet, Source, SourceRef
from .dates import format_date
from .words import counted, word


@dataclass(frozen=True)
class Where:
    """A "where" text split around the web address it names: before + address + after. `address`
    is empty (and `url` None) when the entry has no address; when the text does not name it, the
    address is added after the text, so it can always be followed."""
    before: str
    address: str = ""
    url: str | None = None
    after: str = ""

    @property
    def text(self) -> str:
        return self.before + self.address + self.after


@dataclass(frozen=True)
class Item:
    """A document, a step or a note."""
    id: str
    text: str
    where: Where | None = None
    confirm: str = ""  # "to confirm with …" when the rules mark the entry uncertain


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    """A fact as asked: its question, help, and its options (choice) or bounds (int)."""
    id: str
    kind: str  # choice | int
    question: str
    help: str
    min: int | None
    max: int | None
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Citation:
    """A source as the outputs show it: what it is, who published it and when, where, the passage."""
    id: str
    text: str  # title — article — outlet (press)
    url: str | None
    confidence: str  # official | press | one_source
    by: str | None  # publisher or outlet
    date: str  # ISO day: publication, or for an undated page the day it was read
    when: str  # "dated …" / "accessed …", in words
    quote: str  # the passage relied on, in the source's language
    quote_lang: str
    title: str  # the title alone (a sources list shows it apart from the outlet)
    number: str | None  # an official text's number, e.g. 2.18.622


@dataclass(frozen=True)
class Amount:
    value: int | float | None  # None: not found for this regime
    since: datetime.date | None
    text: str  # the sentence a result shows
    confirm: str


def question(rules: RuleSet, fact_id: str, lang: str) -> Question:
    fact = rules.fact(fact_id)
    return Question(fact.id, fact.kind, fact.question.get(lang), fact.help.get(lang), fact.min, fact.max,
                    tuple(Option(v.id, v.label.get(lang)) for v in fact.values))


def where(text: str, url: str | None) -> Where:
    """Split `text` around the first form of `url` it contains (the whole URL, the host, the host
    without www)."""
    if not url:
        return Where(text)
    host = url.split("//", 1)[-1].rstrip("/")
    for shown in (url, host, host.removeprefix("www.")):
        at = text.find(shown)
        if at >= 0:
            return Where(text[:at], shown, url, text[at + len(shown):])
    return Where(text + " ", host, url, "")


def confirm(rules: RuleSet, entry: object, lang: str) -> str:
    """'To confirm with the CNSS (3939)' / the chamber, when the entry is uncertain."""
    who = getattr(entry, "confirm_with", None)
    if not getattr(entry, "uncertain", False) or who is None:
        return ""
    return word(f"confirm_{who}", lang)


def item(rules: RuleSet, entry_id: str, lang: str) -> Item:
    """A document, step or note by id."""
    entry = rules.get(entry_id)
    place = getattr(entry, "where", None)
    return Item(entry_id, rules.text(entry, lang),
                where(place.get(lang), getattr(entry, "url", None)) if place is not None else None,
                confirm(rules, entry, lang))


def cite(src: Source, lang: str, article: str | None = None) -> Citation:
    """A source as every output shows it: results, the pages' citations and their sources list."""
    title = src.title.get(lang)
    parts = [title]
    if article:
        parts.append(article)
    if src.number is None and src.outlet:  # press: outlet and date say where it comes from
        parts.append(src.outlet.get(lang))
    day = src.date or src.accessed
    when = word("source_dated" if src.date else "source_accessed", lang, date=format_date(day, lang))
    return Citation(src.id, " — ".join(parts), src.url, src.confidence, (src.publisher or src.outlet).get(lang),
                    day.isoformat(), when, src.quote, src.quote_lang, title, src.number)


def citation(rules: RuleSet, ref: SourceRef | str, lang: str) -> Citation:
    """A source as cited under a result: by reference (with its article) or by id."""
    if isinstance(ref, str):
        ref = SourceRef(ref)
    return cite(rules.get(ref.ref), lang, ref.article)


def number(value: float) -> int | float:
    """135.0 → 135: amounts are written without a useless decimal."""
    return int(value) if float(value).is_integer() else value


def amount(rules: RuleSet, amount_id: str, day: datetime.date, lang: str) -> Amount:
    """The contribution in force on `day`, or 'not found' (to confirm with the CNSS)."""
    entry = rules.get(amount_id)
    current = entry.on(day)
    if current is None or current.value is None:
        return Amount(None, None, word("amount_not_found", lang), word("confirm_cnss", lang))
    return Amount(number(current.value), current.start,
                  word("amount_line", lang, amount=counted(current.value, "dirham", lang),
                       date=format_date(current.start, lang)),
                  confirm(rules, entry, lang))


def shows_failed(status: str) -> bool:
    """Unmet conditions explain a refusal; under any other status they are noise."""
    return status == "not_eligible"
