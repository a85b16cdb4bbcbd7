"""Strict validation: raw rule documents (from TOML or the JSON bundle) -> RuleSet.

Every error names the file, the entry (kind and id) and the key, because the people who edit
the rules are not all developers and a vague message costs them an afternoon.
"""
from __future__ import annotations

import datetime
import json
import math
import re
import unicodedata
from urllib.parse import urlsplit
from typing import Any, Callable, Iterable

from .model import (
    DURATION_UNITS, LANGS, LIMIT_UNITS, SCHEMES, STATUSES, All, Amount, AmountValue, AnyOf, Condition, Document,
    Measure, Fact,
    InForce, Leaf, Not, Note, Outcome, Rule, RuleSet, Scheme, SchemeIs, Source, SourceRef,
    Step, Text, Value,
)


class RulesError(ValueError):
    """A rule file is broken. The message names the file, the entry id and the key."""


ID_RE = re.compile(r"[a-z][a-z0-9_]*")
ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3]")
COLLECTIONS = ("fact", "source", "scheme", "outcome", "document", "step", "note", "rule", "amount", "duration",
               "limit")
# `numbers`: the permanent number of every answer option (codes.toml; checker/codes.py).
TOP_KEYS = set(COLLECTIONS) | {"verified_on", "numbers"}  # interface words live in checker/words/, not here
OPERATORS = ("eq", "in", "gte", "lte")
CONFIDENCE = ("official", "press", "one_source")
CONFIRM_WITH = ("cnss", "chambre")
QUOTE_MAX = 300
MAX_DEPTH = 12  # nested all/any/not: the real rules use 3; deeper is a typo or an attack (RecursionError)
INT_LIMIT = 10 ** 4 - 1  # an int fact's max: the answer parser reads at most 4 digits (answers.MAX_DIGITS)


def invisible(ch: str) -> bool:
    """A character no reader sees but that changes what a line shows: control characters (escape
    sequences), bidirectional controls (U+202E turns text around), zero-width and other format
    characters. Rule texts hold none (a newline excepted), and error lines show them escaped."""
    return ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn")


def shown(text: str) -> str:
    """`text` with every invisible character written as an escape (\\x1b, \\u202e): safe in one line."""
    return "".join(ascii(ch)[1:-1] if invisible(ch) or ch == "\n" else ch for ch in text)


def url_problem(url: str) -> str | None:
    """Why `url` is not a plain public https:// address, or None."""
    if any(ch.isspace() or invisible(ch) for ch in url):
        return "a space or an invisible character"
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "not an address"
    if parts.scheme != "https":
        return "expected an https:// URL"
    if "." not in host or parts.username is not None or parts.password is not None:
        return "expected https://a.host.name/…"
    return None


class _Where:
    """Where we are in the rules, for error messages."""

    def __init__(self, file: str, kind: str, id_: str) -> None:
        self.file, self.kind, self.id = file, kind, id_

    def fail(self, key: str, problem: str) -> RulesError:
        return RulesError(f"{self.file}: {self.kind} '{self.id}': key '{key}': {problem}")

    def keys(self, d: Any, required: Iterable[str], optional: Iterable[str] = (), path: str = "") -> None:
        if not isinstance(d, dict):
            raise self.fail(path or self.kind, f"expected a table, got {type(d).__name__}")
        required, allowed = set(required), set(required) | set(optional)
        for k in d:
            if k not in allowed:
                raise self.fail(path + k, f"unknown key (allowed: {', '.join(sorted(allowed))})")
        for k in sorted(required):
            if k not in d:
                raise self.fail(path + k, "missing key")

    def string(self, d: dict, key: str, path: str = "") -> str:
        v = d[key]
        return self.visible(v, path + key)

    def visible(self, v: Any, key: str) -> str:
        """A non-empty string a reader can see: no control, bidi or zero-width characters."""
        if not isinstance(v, str) or not v.strip() or all(invisible(ch) or ch.isspace() for ch in v):
            raise self.fail(key, f"expected a non-empty string, got {_shown(v)}")
        bad = next((ch for ch in v if invisible(ch)), None)
        if bad is not None:
            raise self.fail(key, f"invisible character {ascii(bad)} (U+{ord(bad):04X} "
                            f"{unicodedata.name(bad, 'control')}): remove it")
        return v

    def url(self, d: dict, key: str) -> str | None:
        if key not in d:
            return None
        v = self.string(d, key)
        problem = url_problem(v)
        if problem:
            raise self.fail(key, f"{problem}: {v!r}")
        return v

    def opt_string(self, d: dict, key: str) -> str | None:
        return self.string(d, key) if key in d else None

    def ident(self, d: dict, key: str, path: str = "") -> str:
        v = self.string(d, key, path)
        if not ID_RE.fullmatch(v):
            raise self.fail(path + key, f"bad id {v!r} (lower-case ASCII, digits, underscores)")
        return v

    def boolean(self, d: dict, key: str, default: bool = False) -> bool:
        v = d.get(key, default)
        if not isinstance(v, bool):
            raise self.fail(key, "expected true or false")
        return v

    def text(self, d: dict, key: str, path: str = "", arabic: bool = True) -> Text:
        v = d[key]
        if not isinstance(v, dict):
            raise self.fail(path + key, "expected a text table {ar, fr}")
        for lang in LANGS:
            if lang not in v:
                raise self.fail(f"{path}{key}.{lang}", "missing language")
        for k in v:
            if k not in LANGS:
                raise self.fail(f"{path}{key}.{k}", f"unknown language (allowed: {', '.join(LANGS)})")
        for lang in LANGS:
            self.visible(v[lang], f"{path}{key}.{lang}")
        # French pasted into the Arabic slot: an address (no space) is the one text without a letter of it.
        if arabic and not ARABIC_LETTER.search(v["ar"]) and " " in v["ar"].strip():
            raise self.fail(f"{path}{key}.ar", f"no Arabic letter in {v['ar'][:40]!r}: the Arabic text is missing")
        return Text(ar=v["ar"], fr=v["fr"])

    def date(self, d: dict, key: str, path: str = "") -> datetime.date:
        v = d[key]
        if isinstance(v, datetime.datetime):
            raise self.fail(path + key, "bad date: expected a day (YYYY-MM-DD), not a date-time")
        if isinstance(v, datetime.date):
            return v
        if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            try:
                return datetime.date.fromisoformat(v)
            except ValueError:
                pass
        raise self.fail(path + key, f"bad date {v!r} (expected YYYY-MM-DD)")

    def id_list(self, d: dict, key: str) -> tuple[str, ...]:
        v = d.get(key, [])
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise self.fail(key, f"expected a list of ids, got {_shown(v)}")
        if len(set(v)) != len(v):
            raise self.fail(key, "duplicate id in list")
        return tuple(v)


def _entries(files: list[tuple[str, dict]]) -> dict[str, list[tuple[str, dict]]]:
    out: dict[str, list[tuple[str, dict]]] = {k: [] for k in COLLECTIONS}
    for name, data in files:
        for key, value in data.items():
            if key not in TOP_KEYS:
                raise RulesError(f"{name}: top level: key '{key}': unknown key "
                                 f"(allowed: {', '.join(sorted(TOP_KEYS))})")
            if key in COLLECTIONS:
                if not isinstance(value, list):
                    raise RulesError(f"{name}: top level: key '{key}': expected an array of tables [[{key}]]")
                out[key].extend((name, e) for e in value)
    return out


class _Builder:
    def __init__(self, files: list[tuple[str, dict]]) -> None:
        self.files = files
        self.entries = _entries(files)
        self.seen: dict[str, str] = {}  # id -> file, across every kind: ids resolve unambiguously

    def claim(self, w: _Where, id_: str) -> None:
        if id_ in self.seen:
            raise w.fail("id", f"duplicate id (already defined in {self.seen[id_]})")
        self.seen[id_] = w.file

    def each(self, kind: str):
        for i, (file, d) in enumerate(self.entries[kind]):
            raw_id = d.get("id") if isinstance(d, dict) else None
            w = _Where(file, kind, raw_id if isinstance(raw_id, str) else f"#{i + 1}")
            if not isinstance(d, dict):
                raise w.fail(kind, "expected a table")
            if "id" not in d:
                raise w.fail("id", "missing key")
            self.claim(w, w.ident(d, "id"))
            yield w, d

    # -- entries -------------------------------------------------------------------------
    def build(self) -> RuleSet:
        verified = [(n, d) for n, d in self.files if "verified_on" in d]
        if len(verified) != 1:
            where = ", ".join(n for n, _ in verified) or "no file"
            raise RulesError(f"rules: top level: key 'verified_on': expected exactly once (found in {where})")
        vfile, vdata = verified[0]
        verified_on = _Where(vfile, "top level", "-").date(vdata, "verified_on")

        self.facts = {f.id: f for f in (self.fact(w, d) for w, d in self.each("fact"))}
        self.sources = {s.id: s for s in (self.source(w, d) for w, d in self.each("source"))}
        messages: tuple = ()  # the interface words are added by load.with_words (checker/words/)
        self.outcomes = {o.id: o for o in (self.outcome(w, d) for w, d in self.each("outcome"))}
        self.documents = {x.id: x for x in (self.document(w, d) for w, d in self.each("document"))}
        self.steps = {x.id: x for x in (self.step(w, d) for w, d in self.each("step"))}
        self.notes = {x.id: x for x in (self.note(w, d) for w, d in self.each("note"))}
        schemes = tuple(self.scheme(w, d) for w, d in self.each("scheme"))
        missing = [s for s in SCHEMES if s not in {x.id for x in schemes}]
        if missing:  # the engine decides every scheme: one without its entry could not be shown
            raise RulesError(f"{vfile}: top level: key 'scheme': no [[scheme]] entry with id '{missing[0]}' "
                             f"(one per scheme: {', '.join(SCHEMES)})")
        rules = tuple(self.rule(w, d) for w, d in self.each("rule"))
        amounts = tuple(self.amount(w, d) for w, d in self.each("amount"))
        durations = tuple(self.measure(w, d, DURATION_UNITS) for w, d in self.each("duration"))
        limits = tuple(self.measure(w, d, LIMIT_UNITS) for w, d in self.each("limit"))
        numbers = self.numbers()
        return RuleSet(
            verified_on=verified_on, facts=tuple(self.facts.values()),
            sources=tuple(self.sources.values()), schemes=schemes, rules=rules,
            documents=tuple(self.documents.values()), steps=tuple(self.steps.values()),
            notes=tuple(self.notes.values()), outcomes=tuple(self.outcomes.values()),
            amounts=amounts, messages=messages, numbers=numbers, durations=durations, limits=limits,
        )

    def numbers(self) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
        """The answer options' permanent numbers: [numbers] fact = { key = number }, in one file.
        A choice's keys are value ids (a retired value's too); a number question's, the lowest value
        of a range as a string ("0", "3"). Numbers are unique within a question, 1..99."""
        found = [(n, d["numbers"]) for n, d in self.files if "numbers" in d]
        if not found:
            return ()
        if len(found) > 1:
            raise RulesError(f"rules: top level: key 'numbers': expected in one file (found in "
                             f"{', '.join(n for n, _ in found)})")
        file, table = found[0]
        if not isinstance(table, dict):
            raise RulesError(f"{file}: top level: key 'numbers': expected a table of questions")
        out = []
        for fact_id, entries in table.items():
            w = _Where(file, "numbers", fact_id)
            fact = self.facts.get(fact_id)
            if fact is None:
                raise w.fail(fact_id, "no question (fact) with this id")
            if not isinstance(entries, dict):
                raise w.fail(fact_id, "expected a table { option = number }")
            seen: dict[int, str] = {}
            for key, n in entries.items():
                if fact.kind == "choice" and not ID_RE.match(key):
                    raise w.fail(key, "expected a value id")
                if fact.kind == "int" and not re.fullmatch(r"0|[1-9][0-9]{0,3}", key) and not ID_RE.fullmatch(key):
                    raise w.fail(key, "expected the lowest value of a range, as digits (\"0\", \"3\"), "
                                      "or the id of an answer beside a number")
                if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 99:
                    raise w.fail(key, "expected a whole number from 1 to 99")
                if n in seen:
                    raise w.fail(key, f"number {n} is already {seen[n]!r}: a number is never given twice")
                seen[n] = key
            out.append((fact_id, tuple(entries.items())))
        return tuple(out)

    def fact(self, w: _Where, d: dict) -> Fact:
        w.keys(d, ("id", "kind", "question", "help"), ("value", "min", "max"))
        kind = w.string(d, "kind")
        question, help_ = w.text(d, "question"), w.text(d, "help")
        if kind == "choice":
            if "min" in d or "max" in d:
                raise w.fail("min" if "min" in d else "max", "only for kind = \"int\"")
            raw = d.get("value")
            if not isinstance(raw, list) or not raw:
                raise w.fail("value", "missing key (a choice needs at least one [[fact.value]])")
            return Fact(d["id"], kind, question, help_, self.values(w, raw))
        if kind == "int":
            for k in ("min", "max"):
                if k not in d:
                    raise w.fail(k, "missing key")
                if not isinstance(d[k], int) or isinstance(d[k], bool):
                    raise w.fail(k, "expected a whole number")
            if d["min"] > d["max"]:
                raise w.fail("min", "min > max")
            if d["min"] < 0 or d["max"] > INT_LIMIT:  # an answer is typed as digits, at most four
                raise w.fail("min" if d["min"] < 0 else "max", f"expected 0 ≤ min ≤ max ≤ {INT_LIMIT}")
            # A number question may offer answers beside a number («لا أعرف»): [[fact.value]] as a choice's.
            raw = d.get("value", [])
            if not isinstance(raw, list):
                raise w.fail("value", "expected a list of [[fact.value]] (answers beside a number)")
            return Fact(d["id"], kind, question, help_, self.values(w, raw) if raw else (), d["min"], d["max"])
        raise w.fail("kind", f"unknown kind {kind!r} (allowed: choice, int)")

    def values(self, w: _Where, raw: list) -> tuple[Value, ...]:
        """A question's [[fact.value]] entries: unique ids, and labels that tell them apart."""
        values, ids = [], set()
        for i, v in enumerate(raw):
            path = f"value[{i}]."
            w.keys(v, ("id", "label"), (), path)
            vid = w.ident(v, "id", path)
            if vid in ids:
                raise w.fail(path + "id", f"duplicate value {vid!r}")
            ids.add(vid)
            label = w.text(v, "label", path)
            for lang in LANGS:  # two answers that read the same cannot be told apart
                if any(x.label.get(lang) == label.get(lang) for x in values):
                    raise w.fail(f"{path}label.{lang}", f"same label as another value: {label.get(lang)!r}")
            values.append(Value(vid, label))
        return tuple(values)

    def source(self, w: _Where, d: dict) -> Source:
        w.keys(d, ("id", "title", "confidence", "quote", "quote_lang"),
               ("number", "date", "accessed", "url", "outlet", "publisher"))
        conf = w.string(d, "confidence")
        if conf not in CONFIDENCE:
            raise w.fail("confidence", f"unknown value {conf!r} (allowed: {', '.join(CONFIDENCE)})")
        url = w.url(d, "url")
        quote = w.string(d, "quote")
        if len(quote) > QUOTE_MAX:
            raise w.fail("quote", f"{len(quote)} characters: a citation is at most {QUOTE_MAX} (quote the passage, "
                         "not the page)")
        qlang = w.string(d, "quote_lang")
        if qlang not in LANGS:
            raise w.fail("quote_lang", f"unknown language {qlang!r} (allowed: {', '.join(LANGS)})")
        if "date" not in d and "accessed" not in d:
            raise w.fail("date", "missing key (the source's date; 'accessed' for an undated page)")
        if "date" in d and "accessed" in d and w.date(d, "date") > w.date(d, "accessed"):
            raise w.fail("date", "after 'accessed': a source cannot be read before it was published")
        if "publisher" not in d and "outlet" not in d:
            raise w.fail("publisher", "missing key (who published it: 'publisher' or press 'outlet')")
        return Source(d["id"], w.text(d, "title"), conf, quote, qlang, w.opt_string(d, "number"),
                      w.date(d, "date") if "date" in d else None,
                      w.date(d, "accessed") if "accessed" in d else None,
                      url, self.name(w, d, "outlet"), self.name(w, d, "publisher"))

    @staticmethod
    def name(w: _Where, d: dict, key: str) -> Text | None:
        """Who published a source: {ar, fr} where it has its own Arabic name (the CNSS, the ministry,
        an Arabic masthead), a plain string where it has only one (written as is in both languages)."""
        if key not in d:
            return None
        if isinstance(d[key], dict):
            return w.text(d, key, arabic=False)
        name = w.string(d, key)
        return Text(ar=name, fr=name)

    def source_ref(self, w: _Where, d: dict, key: str = "source", path: str = "") -> SourceRef:
        if key not in d:
            raise w.fail(path + key, "missing key")
        s = d[key]
        p = f"{path}{key}."
        if isinstance(s, dict) and "rows" in s:
            raise w.fail(p + "rows", "not allowed: cite sources by id only (ref, also); the passage relied on "
                         "belongs in the source's quote")
        w.keys(s, ("ref",), ("article", "also"), p)
        ref = w.string(s, "ref", p)
        if ref not in self.sources:
            raise w.fail(p + "ref", f"unknown source {ref!r}")
        also = s.get("also", [])
        if not isinstance(also, list) or not all(isinstance(x, str) for x in also):
            raise w.fail(p + "also", "expected a list of source ids")
        for x in also:
            if x not in self.sources:
                raise w.fail(p + "also", f"unknown source {x!r}")
        if ref in also or len(set(also)) != len(also):
            raise w.fail(p + "also", "duplicate source id")
        article = w.string(s, "article", p) if "article" in s else None
        return SourceRef(ref, article, tuple(also))

    def uncertain(self, w: _Where, d: dict) -> tuple[bool, str | None]:
        unc = w.boolean(d, "uncertain")
        cw = d.get("confirm_with")
        if unc and cw is None:
            raise w.fail("confirm_with", "missing key (an uncertain item says whom to ask)")
        if cw is not None and cw not in CONFIRM_WITH:
            raise w.fail("confirm_with", f"unknown value {cw!r} (allowed: {', '.join(CONFIRM_WITH)})")
        if cw is not None and not unc:
            raise w.fail("confirm_with", "only for uncertain = true")
        return unc, cw

    def outcome(self, w: _Where, d: dict) -> Outcome:
        w.keys(d, ("id", "scheme", "label", "description"))
        scheme = w.string(d, "scheme")
        if scheme not in SCHEMES:
            raise w.fail("scheme", f"unknown scheme {scheme!r} (allowed: {', '.join(SCHEMES)})")
        return Outcome(d["id"], scheme, w.text(d, "label"), w.text(d, "description"))

    def document(self, w: _Where, d: dict) -> Document:
        w.keys(d, ("id", "label", "where", "source"), ("uncertain", "confirm_with"))
        unc, cw = self.uncertain(w, d)
        return Document(d["id"], w.text(d, "label"), w.text(d, "where"), unc, self.source_ref(w, d), cw)

    def step(self, w: _Where, d: dict) -> Step:
        w.keys(d, ("id", "text", "where", "source"), ("uncertain", "confirm_with", "url"))
        unc, cw = self.uncertain(w, d)
        url = w.url(d, "url")
        return Step(d["id"], w.text(d, "text"), w.text(d, "where"), self.source_ref(w, d), unc, url, cw)

    def note(self, w: _Where, d: dict) -> Note:
        w.keys(d, ("id", "text", "source"), ("uncertain", "confirm_with", "lead"))
        unc, cw = self.uncertain(w, d)
        lead = w.opt_string(d, "lead")
        if lead not in (None, "when"):
            raise w.fail("lead", 'expected "when" (the summary\'s "when you can" line)')
        return Note(d["id"], w.text(d, "text"), self.source_ref(w, d), unc, cw, lead)

    def refs(self, w: _Where, d: dict, key: str, pool: dict, what: str) -> tuple[str, ...]:
        ids = w.id_list(d, key)
        for x in ids:
            if x not in pool:
                raise w.fail(key, f"unknown {what} {x!r}")
        return ids

    def scheme(self, w: _Where, d: dict) -> Scheme:
        w.keys(d, ("id", "title", "fallback_status"), ("fallback_notes", "source"))
        if d["id"] not in SCHEMES:
            raise w.fail("id", f"unknown scheme (allowed: {', '.join(SCHEMES)})")
        status = w.string(d, "fallback_status")
        if status not in STATUSES[d["id"]]:
            raise w.fail("fallback_status", f"unknown status {status!r}")
        return Scheme(d["id"], w.text(d, "title"), status,
                      self.refs(w, d, "fallback_notes", self.notes, "note"),
                      self.source_ref(w, d) if "source" in d else None)

    def condition(self, w: _Where, c: Any, path: str, depth: int = 0) -> Condition:
        if depth > MAX_DEPTH:
            raise w.fail(path.split(".")[0], f"conditions nested more than {MAX_DEPTH} deep: simplify")
        if not isinstance(c, dict) or not c:
            raise w.fail(path, "expected a condition table")
        if "all" in c or "any" in c:
            op = "all" if "all" in c else "any"
            w.keys(c, (op,), (), path + ".")
            parts = c[op]
            if not isinstance(parts, list) or not parts:
                raise w.fail(f"{path}.{op}", "expected a non-empty list of conditions")
            built = tuple(self.condition(w, p, f"{path}.{op}[{i}]", depth + 1) for i, p in enumerate(parts))
            return All(built) if op == "all" else AnyOf(built)
        if "not" in c:
            w.keys(c, ("not",), (), path + ".")
            return Not(self.condition(w, c["not"], path + ".not", depth + 1))
        if "scheme" in c:
            w.keys(c, ("scheme", "status"), (), path + ".")
            scheme = c["scheme"]
            if not isinstance(scheme, str) or scheme not in SCHEMES:
                raise w.fail(path + ".scheme", f"unknown scheme {scheme!r} (allowed: {', '.join(SCHEMES)})")
            statuses = c["status"]
            if not isinstance(statuses, list) or not statuses:
                raise w.fail(path + ".status", "expected a non-empty list of statuses")
            for s in statuses:
                if not isinstance(s, str) or s not in STATUSES[scheme]:
                    raise w.fail(path + ".status", f"unknown {scheme} status {s!r}")
            if len(set(statuses)) != len(statuses):
                raise w.fail(path + ".status", "a status listed twice")
            return SchemeIs(scheme, tuple(statuses))
        if "fact" in c:
            ops = [k for k in c if k != "fact"]
            for k in ops:
                if k not in OPERATORS:
                    raise w.fail(f"{path}.{k}", f"unknown condition operator (allowed: all, any, not, "
                                 f"{', '.join(OPERATORS)})")
            if len(ops) != 1:
                raise w.fail(path, "a fact condition needs exactly one operator")
            fid, op = c["fact"], ops[0]
            if not isinstance(fid, str):
                raise w.fail(path + ".fact", f"expected one fact id (a string), got {_shown(fid)}")
            if fid not in self.facts:
                raise w.fail(path + ".fact", f"unknown fact {fid!r}")
            fact, value = self.facts[fid], c[op]
            if op == "in" and (not isinstance(value, list) or not value):
                raise w.fail(f"{path}.in", f"expected a non-empty list of values, got {_shown(value)}")
            if op != "in" and isinstance(value, (list, dict)):
                raise w.fail(f"{path}.{op}", f"expected one value, got {_shown(value)} (use in for a list)")
            vals = value if op == "in" else [value]
            if not all(isinstance(v, (str, int)) for v in vals) or len(set(vals)) != len(vals):
                raise w.fail(f"{path}.{op}", f"a value listed twice or not a value: {_shown(value)}")
            if fact.kind == "choice":
                if op in ("gte", "lte"):
                    raise w.fail(f"{path}.{op}", f"fact {fid!r} is a choice: use eq or in")
                for v in vals:
                    if not isinstance(v, str) or v not in fact.value_ids():
                        raise w.fail(f"{path}.{op}", f"value {v!r} not allowed for fact {fid!r} "
                                     f"(allowed: {', '.join(fact.value_ids())})")
                return Leaf(fid, op, tuple(value) if op == "in" else value)
            for v in vals:
                if isinstance(v, str) and op in ("eq", "in") and v in fact.value_ids():
                    continue  # an answer beside a number («لا أعرف»)
                if not isinstance(v, int) or isinstance(v, bool) or not fact.min <= v <= fact.max:
                    beside = "".join(f", {x}" for x in fact.value_ids())
                    raise w.fail(f"{path}.{op}", f"value {v!r} not allowed for fact {fid!r} "
                                 f"(a whole number {fact.min}-{fact.max}{beside})")
            return Leaf(fid, op, tuple(value) if op == "in" else value)
        unknown = next(iter(c))
        raise w.fail(f"{path}.{unknown}", "unknown condition operator (allowed: all, any, not, fact, scheme)")

    def in_force(self, w: _Where, d: dict) -> InForce:
        if "in_force" not in d:
            raise w.fail("in_force", "missing key")
        f = d["in_force"]
        w.keys(f, ("from",), ("until",), "in_force.")
        start = w.date(f, "from", "in_force.")
        until = w.date(f, "until", "in_force.") if "until" in f else None
        if until is not None and until < start:
            raise w.fail("in_force", f"from {start} is after until {until}")
        return InForce(start, until)

    def rule(self, w: _Where, d: dict) -> Rule:
        w.keys(d, ("id", "scheme", "label", "when", "status", "source", "in_force", "verified_on"),
               ("applies_to", "pending", "category", "regime", "documents", "steps", "notes", "to_confirm",
                "also"))
        scheme = w.string(d, "scheme")
        if scheme not in SCHEMES:
            raise w.fail("scheme", f"unknown scheme {scheme!r} (allowed: {', '.join(SCHEMES)})")
        status = w.string(d, "status")
        if status not in STATUSES[scheme]:
            raise w.fail("status", f"unknown {scheme} status {status!r} (allowed: {', '.join(STATUSES[scheme])})")
        outcome_key = "category" if scheme == "rna" else "regime"
        other_key = "regime" if scheme == "rna" else "category"
        if other_key in d:
            raise w.fail(other_key, f"not for scheme {scheme!r} (use {outcome_key})")
        outcome = None
        if outcome_key in d:
            outcome = w.string(d, outcome_key)
            if outcome not in self.outcomes or self.outcomes[outcome].scheme != scheme:
                raise w.fail(outcome_key, f"unknown {outcome_key} {outcome!r}")
        to_confirm = self.refs(w, d, "to_confirm", self.facts, "fact")
        also = w.id_list(d, "also")
        if also and scheme != "rna":
            raise w.fail("also", "only for rna rules (other categories open to the person)")
        for x in also:
            if x not in self.outcomes or self.outcomes[x].scheme != "rna":
                raise w.fail("also", f"unknown category {x!r}")
            if x == outcome:
                raise w.fail("also", f"{x!r} is already the rule's category")
        when = self.condition(w, d["when"], "when")
        applies = self.condition(w, d["applies_to"], "applies_to") if "applies_to" in d else None
        for key, c in (("when", when), ("applies_to", applies)):
            if c is not None and _mentions_scheme(c, scheme):
                raise w.fail(key, f"a {scheme} rule cannot depend on its own scheme's status")
            # Schemes are decided in SCHEMES order: a later scheme's status is still unknown.
            later = next((s for s in SCHEMES[SCHEMES.index(scheme) + 1:] if c is not None
                          and _mentions_scheme(c, s)), None)
            if later:
                raise w.fail(key, f"an {scheme} rule cannot read the {later} status: {later} is decided "
                             f"after {scheme}, so this rule could never apply")
        return Rule(
            id=d["id"], scheme=scheme, label=w.text(d, "label"), when=when, status=status,
            source=self.source_ref(w, d), in_force=self.in_force(w, d),
            verified_on=w.date(d, "verified_on"), applies_to=applies,
            pending=w.boolean(d, "pending"),
            route=outcome,
            documents=self.refs(w, d, "documents", self.documents, "document"),
            steps=self.refs(w, d, "steps", self.steps, "step"),
            notes=self.refs(w, d, "notes", self.notes, "note"),
            to_confirm=to_confirm, also=also,
        )

    def amount(self, w: _Where, d: dict) -> Amount:
        w.keys(d, ("id", "regime", "label", "value", "verified_on"), ("uncertain", "confirm_with", "note"))
        regime = w.string(d, "regime")
        if regime not in self.outcomes or self.outcomes[regime].scheme != "amo":
            raise w.fail("regime", f"unknown regime {regime!r}")
        note = w.opt_string(d, "note")
        if note is not None and note not in self.notes:
            raise w.fail("note", f"unknown note {note!r}")
        unc, cw = self.uncertain(w, d)
        raw = d["value"]
        if not isinstance(raw, list) or not raw:
            raise w.fail("value", "expected at least one [[amount.value]]")
        values = []
        for i, v in enumerate(raw):
            p = f"value[{i}]."
            w.keys(v, ("from", "value", "source"), (), p)
            x = v["value"]
            if not isinstance(x, (int, float)) or isinstance(x, bool) or not math.isfinite(x) or x < 0:
                raise w.fail(p + "value", f"expected a non-negative number, got {_shown(x)}")
            values.append(AmountValue(w.date(v, "from", p), v["value"], self.source_ref(w, v, "source", p)))
        starts = [v.start for v in values]
        if len(set(starts)) != len(starts):
            raise w.fail("value", "two values start on the same day")
        return Amount(d["id"], regime, w.text(d, "label"), unc, tuple(values),
                      w.date(d, "verified_on"), note, cw)

    def measure(self, w: _Where, d: dict, units: tuple[str, ...]) -> Measure:
        w.keys(d, ("id", "value", "unit", "label", "source", "verified_on"), ("uncertain", "confirm_with"))
        x = d["value"]
        if not isinstance(x, (int, float)) or isinstance(x, bool) or not math.isfinite(x) or x <= 0:
            raise w.fail("value", f"expected a positive number, got {_shown(x)}")
        unit = w.string(d, "unit")
        if unit not in units:
            raise w.fail("unit", f"unknown unit {unit!r} (allowed: {', '.join(units)})")
        unc, cw = self.uncertain(w, d)
        return Measure(d["id"], x, unit, w.text(d, "label"), self.source_ref(w, d), w.date(d, "verified_on"), unc, cw)


def _shown(v: Any) -> str:
    """A wrong value as the editor wrote it, in TOML terms (short)."""
    kind = {list: "a list", dict: "a table", bool: "true/false", str: "a string", int: "a number",
            float: "a number"}.get(type(v), type(v).__name__)
    text = repr(v)
    return f"{kind} {text if len(text) <= 40 else text[:39] + '…'}"


def page_sources(name: str, data: dict) -> tuple[tuple[Source, datetime.date], ...]:
    """Validate a pages' sources file (docs/_data/sources.toml) like the rules' sources: the same
    evidence is required (quote, date, publisher/outlet), plus `verified`, the day it was checked."""
    b = _Builder([(name, {"source": data.get("source", [])})])
    out = []
    for w, d in b.each("source"):
        if "verified" not in d:
            raise w.fail("verified", "missing key")
        verified = w.date(d, "verified")
        out.append((b.source(w, {k: v for k, v in d.items() if k != "verified"}), verified))
    extra = set(data) - {"source"}
    if extra:
        raise RulesError(f"{name}: top level: key '{sorted(extra)[0]}': unknown key (allowed: source)")
    return tuple(out)


def _mentions_scheme(c: Condition, scheme: str) -> bool:
    if isinstance(c, SchemeIs):
        return c.scheme == scheme
    if isinstance(c, (All, AnyOf)):
        return any(_mentions_scheme(p, scheme) for p in c.parts)
    if isinstance(c, Not):
        return _mentions_scheme(c.part, scheme)
    return False


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, datetime.date):
        return v.isoformat()
    return v


BUNDLE_FORMAT = "checker-rules/1"


# A figure in a rule text: {rule_id.fact_id}, the number that rule's conditions compare the fact with
# (a threshold), {amount_id}, the amount's latest value, or {duration_id}, a duration in its unit's
# words. Texts never type a figure a rule holds: a change of the rule changes every text that says it
# (docs-dev/README.md, "Figures from the rules"). A counted noun follows the figure as `|noun`
# ({rna_artisan_experience.annees_pratique|year} → "3 سنوات" / "3 ans"), and `|obl` asks for the form
# after a preposition or as an object (Arabic's dual: سنتين, not سنتان); a duration brings its unit's
# noun itself ({stage_amo} → "3 أشهر", {stage_amo|obl}). {amount_id|since} is the month its latest
# value was fixed ("دجنبر 2021" / "décembre 2021").
FIGURE = re.compile(r"\{([a-z][a-z0-9_]*)(?:\.([a-z][a-z0-9_]*))?((?:\|[a-z][a-z0-9_]*)*)\}")
NO_FIGURES = ("source",)  # a source's title and quote are quoted as published
OBLIQUE = "obl"
SINCE = "since"
# How a figure is written with a counted noun: words.counted(n, noun, lang, oblique), passed in by the
# loader (the words are read after the rules: schema cannot import them).
Counter = Callable[[float, str, str, bool], str]
MonthYear = Callable[[datetime.date, str], str]  # dates.month_year, passed in as `counted` is


def figure_values(files: list[tuple[str, dict]]) -> dict[str, tuple[float, str | None]]:
    """Every figure the raw rule files hold, by name: (value, its unit's noun for a duration, else None).
    A threshold two conditions of one rule compare with different values has no single figure.
    An amount's latest value's start is `AMOUNT|since`, a date (value) with the unit "since"."""
    found: dict[str, set] = {}

    def leaves(c: Any):
        if isinstance(c, dict):
            if isinstance(c.get("fact"), str):
                for op in ("gte", "lte", "eq"):
                    if isinstance(c.get(op), (int, float)) and not isinstance(c.get(op), bool):
                        yield c["fact"], c[op]
            for key in ("all", "any"):
                for part in c.get(key, []) if isinstance(c.get(key), list) else []:
                    yield from leaves(part)
            yield from leaves(c.get("not"))

    for _, data in files:
        for rule in data.get("rule", []) if isinstance(data.get("rule"), list) else []:
            if isinstance(rule, dict) and isinstance(rule.get("id"), str):
                for key in ("when", "applies_to"):
                    for fact, value in leaves(rule.get(key)):
                        found.setdefault(f"{rule['id']}.{fact}", set()).add((value, None))
        for amount in data.get("amount", []) if isinstance(data.get("amount"), list) else []:
            values = amount.get("value") if isinstance(amount, dict) else None
            if values is not None and isinstance(amount.get("id"), str) and isinstance(values, list) and values and \
                    all(isinstance(v, dict) and "from" in v and isinstance(v.get("value"), (int, float)) for v in values):
                latest = max(values, key=lambda v: str(v["from"]))
                found[amount["id"]] = {(latest["value"], None)}
                start = latest["from"]
                if isinstance(start, str):  # the browser bundle's JSON: an ISO date
                    try:
                        start = datetime.date.fromisoformat(start)
                    except ValueError:
                        start = None
                if isinstance(start, datetime.date):
                    found[f"{amount['id']}|{SINCE}"] = {(start, SINCE)}
        for kind, units in (("duration", DURATION_UNITS), ("limit", LIMIT_UNITS)):
            for measure in data.get(kind, []) if isinstance(data.get(kind), list) else []:
                if isinstance(measure, dict) and isinstance(measure.get("id"), str) and \
                        isinstance(measure.get("value"), (int, float)) and measure.get("unit") in units:
                    found[measure["id"]] = {(measure["value"], measure["unit"])}
    return {name: next(iter(v)) for name, v in found.items() if len(v) == 1}


def figures(files: list[tuple[str, dict]]) -> dict[str, str]:
    """Every figure the raw rule files hold, by name, as a bare number (a whole number without '.0')."""
    return {name: figure_number(value) for name, (value, unit) in figure_values(files).items() if unit != SINCE}


def figure_number(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def figure_text(spec: str, table: dict[str, tuple[float, str | None]], lang: str, counted: Counter | None,
                month_year: MonthYear | None = None) -> str:
    """One figure as a text in `lang` says it: `spec` is what stands between the braces
    (`rule.fact`, `amount`, `rule.fact|year`, `duration|obl`, `amount|since`…). A ValueError says
    what is wrong."""
    if spec.endswith("|" + SINCE):
        if spec not in table:
            raise ValueError(f"{{{spec}}}: |{SINCE} follows an amount id (the month its latest value was fixed)")
        if month_year is None:
            raise ValueError(f"{{{spec}}}: a date needs the words (checker/words/dates.toml)")
        return month_year(table[spec][0], lang)
    ref, *mods = spec.split("|")
    if ref not in table:
        raise ValueError(f"unknown figure {{{ref}}} (a rule id and fact, {{rule.fact}}, an amount id, "
                         "{amount}, or a duration id, {duration}; one value each)")
    value, unit = table[ref]
    oblique = OBLIQUE in mods
    nouns = [m for m in mods if m != OBLIQUE]
    if len(nouns) > 1 or len(mods) != len(set(mods)):
        raise ValueError(f"{{{spec}}}: one counted noun at most, then |{OBLIQUE}")
    if unit is not None and nouns and nouns[0] != unit:
        raise ValueError(f"{{{spec}}}: {ref!r} is counted in {unit}s, not {nouns[0]}s")
    noun = nouns[0] if nouns else unit
    if noun is None:
        if oblique:
            raise ValueError(f"{{{spec}}}: |{OBLIQUE} needs a counted noun before it ({{{ref}|year|{OBLIQUE}}})")
        return figure_number(value)
    if counted is None:
        raise ValueError(f"{{{spec}}}: counted nouns need the words (checker/words/counted.toml)")
    try:
        return counted(value, noun, lang, oblique)
    except KeyError as e:
        raise ValueError(str(e.args[0])) from None


def fill_figures(files: list[tuple[str, dict]], counted: Counter | None = None,
                 month_year: MonthYear | None = None) -> list[tuple[str, dict]]:
    """The raw files with every {figure} of their texts replaced by its words; a RulesError naming
    the file, the entry and the key for an unknown figure or noun, or a stray brace."""
    table = figure_values(files)

    def fill(name: str, where: str, key: str, node: Any) -> Any:
        if isinstance(node, dict):
            here = f"{where.split(' ')[0]} '{node['id']}'" if isinstance(node.get("id"), str) else where
            return {k: fill(name, here, f"{key}.{k}" if key else k, v) for k, v in node.items()}
        if isinstance(node, list):
            return [fill(name, where, key, v) for v in node]
        lang = key.rsplit(".", 1)[-1]
        if not isinstance(node, str) or lang not in LANGS:
            return node

        def value(m: re.Match) -> str:
            try:
                return figure_text(m.group(0)[1:-1], table, lang, counted, month_year)
            except ValueError as e:
                raise RulesError(f"{name}: {where}: key '{key}': {e}") from None

        text = FIGURE.sub(value, node)
        if "{" in text or "}" in text:
            raise RulesError(f"{name}: {where}: key '{key}': a brace outside a {{figure}}")
        return text

    return [(name, {k: v if k in NO_FIGURES else fill(name, k, "", v) for k, v in data.items()})
            for name, data in files]


def build(files: list[tuple[str, dict]], counted: Counter | None = None,
          month_year: MonthYear | None = None) -> RuleSet:
    """Fill the texts' figures (their counted nouns with `counted`, dates with `month_year`), validate
    raw documents (file name, parsed content) and build the frozen RuleSet."""
    files = fill_figures(files, counted, month_year)
    rules = _Builder(files).build()
    bundle = json.dumps(
        {"format": BUNDLE_FORMAT, "files": [{"name": n, "data": _jsonable(d)} for n, d in files]},
        ensure_ascii=False, separators=(",", ":"),
    )
    object.__setattr__(rules, "bundle", bundle)
    return rules
