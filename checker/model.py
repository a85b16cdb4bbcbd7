"""The rules as frozen data: what the TOML files hold once validated."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from typing import Union



@dataclass(frozen=True)
class Language:
    """A language of the site: the one table every output reads (the checker, the build, the tests)."""
    code: str
    dir: str  # "rtl" or "ltr"
    root: str  # where its pages live in the site: "" for the default language (at /), else "<code>/"
    comma: str  # how a list's items are separated: Arabic has its own comma (، )
    # Its names are words (checker/words/pages.toml, lang_name_<code>) and mkdocs.yml's language switch.


LANGUAGES = {  # the first is the default language, at the site's root
    "ar": Language("ar", "rtl", "", "، "),
    "fr": Language("fr", "ltr", "fr/", ", "),
}
LANGS = tuple(LANGUAGES)
SCHEMES = ("rna", "amo")
RNA_STATUSES = ("eligible", "not_eligible", "need_more_info", "already_registered")
AMO_STATUSES = ("to_enrol", "already_covered", "need_more_info", "not_eligible",
                # since late 2026: AMO is personal (cooperative/enterprise); registered but not paying;
                # the answer hangs on how CNSS reads the law (e.g. covered as a dependant)
                "per_person", "to_regularise", "to_confirm")
STATUSES = {"rna": RNA_STATUSES, "amo": AMO_STATUSES}
POSITIVE = ("eligible", "to_enrol")  # statuses whose rules open a route, with its documents and steps


@dataclass(frozen=True)
class Text:
    ar: str
    fr: str

    def get(self, lang: str) -> str:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
        return getattr(self, lang)


@dataclass(frozen=True)
class Value:
    id: str
    label: Text


@dataclass(frozen=True)
class Fact:
    id: str
    kind: str  # "choice" or "int"
    question: Text
    help: Text
    values: tuple[Value, ...] = ()
    min: int | None = None
    max: int | None = None

    def value_ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.values)


@dataclass(frozen=True)
class Source:
    """A public source a reader can check: who published it, when, where, and the passage relied on."""

    id: str
    title: Text
    confidence: str
    quote: str  # the short passage relied on, in the source's language (a citation, not a copy)
    quote_lang: str  # "fr" | "ar"
    number: str | None = None
    date: datetime.date | None = None  # publication date (of the text or the article)
    accessed: datetime.date | None = None  # for an undated page: the day the passage was read
    url: str | None = None
    outlet: Text | None = None  # press outlet(s): its Arabic masthead where it has one, else its one name twice
    publisher: Text | None = None  # official publisher (ministry, CNSS, ACAPS…), in each language it names itself


@dataclass(frozen=True)
class SourceRef:
    ref: str
    article: str | None = None
    also: tuple[str, ...] = ()  # further source ids that support the same item

    def ids(self) -> tuple[str, ...]:
        return (self.ref,) + self.also


@dataclass(frozen=True)
class InForce:
    start: datetime.date
    until: datetime.date | None = None

    def covers(self, on: datetime.date) -> bool:
        return self.start <= on and (self.until is None or on <= self.until)


# Conditions --------------------------------------------------------------------------
@dataclass(frozen=True)
class Leaf:
    fact: str
    op: str  # eq | in | gte | lte
    value: Union[str, int, tuple]


@dataclass(frozen=True)
class SchemeIs:
    """True when another scheme's (already computed) status is one of `statuses`."""

    scheme: str
    statuses: tuple[str, ...]


@dataclass(frozen=True)
class All:
    parts: tuple["Condition", ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple["Condition", ...]


@dataclass(frozen=True)
class Not:
    part: "Condition"


Condition = Union[Leaf, SchemeIs, All, AnyOf, Not]


@dataclass(frozen=True)
class Rule:
    id: str
    scheme: str
    label: Text
    when: Condition
    status: str
    source: SourceRef
    in_force: InForce
    verified_on: datetime.date
    applies_to: Condition | None = None
    # "pending" rules record an answered-but-undecided fact and let the walk go on.
    pending: bool = False
    route: str | None = None  # where the rule leads: an RNA category or an AMO regime (TOML: category / regime)
    documents: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    to_confirm: tuple[str, ...] = ()
    # rna: other categories open to the person beside `route` (e.g. maître artisan if recognised)
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    id: str
    label: Text
    where: Text
    uncertain: bool
    source: SourceRef
    confirm_with: str | None = None  # "cnss" | "chambre": whom an uncertain item should be checked with


@dataclass(frozen=True)
class Step:
    id: str
    text: Text
    where: Text
    source: SourceRef
    uncertain: bool = False
    url: str | None = None
    confirm_with: str | None = None


@dataclass(frozen=True)
class Note:
    id: str
    text: Text
    source: SourceRef
    uncertain: bool = False
    confirm_with: str | None = None
    lead: str | None = None  # "when": the summary's "when you can" line on a "not yet" outcome


@dataclass(frozen=True)
class Outcome:
    """A category (RNA) or a regime (AMO): label and one-line description."""

    id: str
    scheme: str
    label: Text
    description: Text


@dataclass(frozen=True)
class AmountValue:
    start: datetime.date
    value: float | None
    source: SourceRef


@dataclass(frozen=True)
class Amount:
    id: str
    regime: str
    label: Text
    uncertain: bool
    values: tuple[AmountValue, ...]
    verified_on: datetime.date
    note: str | None = None  # note id shown next to the amount
    confirm_with: str | None = None

    def on(self, day: datetime.date) -> AmountValue | None:
        current = None
        for v in sorted(self.values, key=lambda v: v.start):
            if v.start <= day:
                current = v
        return current


@dataclass(frozen=True)
class Measure:
    """A figure with its unit that a text speaks of and no condition reads, held once with its source:
    a duration (a waiting period, a delay: [[duration]]) or a limit (a pension's floor: [[limit]]);
    texts say it as {id} (checker/schema.py fill_figures), in its unit's words."""
    id: str
    value: float
    unit: str  # one of DURATION_UNITS or LIMIT_UNITS: a counted noun of checker/words/counted.toml
    label: Text
    source: SourceRef
    verified_on: datetime.date
    uncertain: bool = False
    confirm_with: str | None = None


DURATION_UNITS = ("day", "month", "year")
LIMIT_UNITS = ("dirham",)


@dataclass(frozen=True)
class Scheme:
    id: str
    title: Text
    # Used when no rule is in force on the date (e.g. before the scheme existed).
    fallback_status: str
    fallback_notes: tuple[str, ...]
    source: SourceRef | None = None  # the scheme's legal basis, cited with every decided result


@dataclass(frozen=True)
class RuleSet:
    verified_on: datetime.date
    facts: tuple[Fact, ...]
    sources: tuple[Source, ...]
    schemes: tuple[Scheme, ...]
    rules: tuple[Rule, ...]
    documents: tuple[Document, ...]
    steps: tuple[Step, ...]
    notes: tuple[Note, ...]
    outcomes: tuple[Outcome, ...]
    amounts: tuple[Amount, ...]
    messages: tuple[tuple[str, Text], ...]
    # Answer options' permanent numbers (codes.toml): (fact id, ((key, number), ...)); checker/codes.py.
    numbers: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()
    durations: tuple[Measure, ...] = ()
    limits: tuple[Measure, ...] = ()
    # The validated source documents as JSON: the browser bundle, kept verbatim so it round-trips.
    bundle: str = field(default="", compare=False, repr=False)

    # Look-ups, derived once: the RuleSet is frozen, so they never go stale --------------------
    @cached_property
    def _index(self) -> dict[str, object]:
        idx: dict[str, object] = {}
        for group in (self.facts, self.sources, self.schemes, self.rules, self.documents,
                      self.steps, self.notes, self.outcomes, self.amounts, self.durations,
                      self.limits):
            for item in group:
                idx[item.id] = item
        for key, text in self.messages:
            idx[key] = text
        return idx

    @cached_property
    def conditions(self) -> dict[str, Condition]:
        """Each rule's whole condition by rule id: `applies_to` first, so that an out-of-scope rule
        asks for nothing else."""
        return {r.id: (All((r.applies_to, r.when)) if r.applies_to is not None else r.when) for r in self.rules}

    @cached_property
    def _by_scheme(self) -> dict[str, tuple[Rule, ...]]:
        return {s.id: tuple(r for r in self.rules if r.scheme == s.id) for s in self.schemes}

    @cached_property
    def _fact_order(self) -> dict[str, int]:
        return {f.id: i for i, f in enumerate(self.facts)}

    @cached_property
    def _fact_map(self) -> dict[str, Fact]:
        return {f.id: f for f in self.facts}

    @cached_property
    def _numbers(self) -> dict[str, tuple[tuple[str, int], ...]]:
        return dict(self.numbers)

    def numbers_of(self, fact_id: str) -> tuple[tuple[str, int], ...]:
        """The committed (key, permanent number) pairs of a question's options (checker/codes.py)."""
        return self._numbers.get(fact_id, ())

    def get(self, id_: str) -> object:
        try:
            return self._index[id_]
        except KeyError:
            raise KeyError(f"no rules entry with id {id_!r}") from None

    def fact(self, id_: str) -> Fact:
        item = self.get(id_)
        if not isinstance(item, Fact):
            raise KeyError(f"{id_!r} is not a fact")
        return item

    def scheme_rules(self, scheme: str) -> tuple[Rule, ...]:
        return self._by_scheme.get(scheme, ())

    def route_rules(self, scheme: str, route: str) -> tuple[Rule, ...]:
        """The rules that open `route` (an RNA category or an AMO regime): status eligible or to_enrol."""
        return tuple(r for r in self.scheme_rules(scheme) if r.route == route and r.status in POSITIVE)

    def route_documents(self, scheme: str, route: str) -> tuple[str, ...]:
        """What to bring for a route, whichever of its rules applies: their documents, in order, once each.
        The one answer to "a category's documents" for the pages, the checklists and the guides."""
        out: list[str] = []
        for r in self.route_rules(scheme, route):
            out += [d for d in r.documents if d not in out]
        return tuple(out)

    def fact_order(self) -> dict[str, int]:
        return self._fact_order

    def fact_map(self) -> dict[str, Fact]:
        return self._fact_map

    def text(self, item: object, lang: str) -> str:
        """Resolve a user-visible text in `lang`.

        `item` is a Text, an id of any rules entry (fact, rule, document, step, note, source,
        category/regime, message) or such an entry itself: its main text is returned
        (question, label, text or title).
        """
        if isinstance(item, str):
            item = self.get(item)
        if isinstance(item, Text):
            return item.get(lang)
        for attr in ("question", "label", "text", "title"):
            value = getattr(item, attr, None)
            if isinstance(value, Text):
                return value.get(lang)
        raise TypeError(f"no text for {item!r}")
