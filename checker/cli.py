"""Command line: python -m checker [--lang ar|fr] [--on YYYY-MM-DD] [--json] fact=value ...

Bad input ends as ONE line on stderr and exit status 2, never a traceback: the CLI is also
used by non-developers at the chamber's desk.
"""
from __future__ import annotations

import argparse
import codecs
import datetime
import json
import re
import sys
import unicodedata

from .answers import AnswerError, parse_answers
from .engine import evaluate
from .load import load_rules
from .model import LANGS
from .schema import RulesError
from .text import explain, render
from .words import word


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would print usage + message on two lines
        raise _UsageError(message)


def _parser() -> _Parser:
    p = _Parser(prog="python -m checker", description="RNA / AMO eligibility checker")
    p.add_argument("--lang", default="ar", help="ar (default) or fr")
    p.add_argument("--on", help="date of the evaluation, YYYY-MM-DD (default: today)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("answers", nargs="*", metavar="fact=value")
    return p


def _say(key: str, lang: str, value: str) -> str:
    return word(key, lang, v=value[:40])  # checker/words/input.toml


def _fail(message: str) -> int:
    print("checker: error: " + " ".join(str(message).split()), file=sys.stderr)
    return 2


def _plain(err: UnicodeEncodeError) -> tuple[str, int]:
    """Codec error handler: what the terminal cannot show becomes its closest plain letters
    (é -> e, « -> "), else '?', so a non-UTF-8 terminal never turns an answer into a traceback."""
    bad = err.object[err.start:err.end]
    out = []
    for ch in bad:
        base = _PLAIN.get(ch) or "".join(c for c in unicodedata.normalize("NFKD", ch)
                                         if not unicodedata.combining(c))
        try:
            base.encode(err.encoding)
        except (UnicodeEncodeError, LookupError):
            base = "?"
        out.append(base or "?")
    return "".join(out), err.end


_PLAIN = {"«": '"', "»": '"', "—": "-", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "\u202f": " "}
codecs.register_error("checker_plain", _plain)


def _terminal_safe() -> bool:
    """Make stdout/stderr survive any encoding; True when they can show Arabic."""
    arabic = True
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="checker_plain")
        try:
            chr(0x0639).encode(getattr(stream, "encoding", None) or "ascii")  # an Arabic letter
        except (UnicodeEncodeError, LookupError):
            arabic = False
    return arabic


def main(argv: list[str] | None = None) -> int:
    arabic_ok = _terminal_safe()
    try:
        args = _parser().parse_args(argv)
    except _UsageError as e:
        return _fail(str(e))
    if args.lang not in LANGS:
        return _fail(f"--lang: unknown language {args.lang!r} (allowed: {', '.join(LANGS)})")
    # Arabic on a terminal that cannot show it would be a line of '?': French says something.
    lang = args.lang if arabic_ok else "fr"
    if args.on is None:
        on = datetime.date.today()  # the only place the current date is read
    else:
        try:
            # fromisoformat also takes 20261129 and 2026-W48-1: only the documented form is accepted.
            if not _DAY.fullmatch(args.on):
                raise ValueError
            on = datetime.date.fromisoformat(args.on)
        except ValueError:
            return _fail(_say("bad_date", lang, args.on))
    raw: dict[str, str] = {}
    for item in args.answers:
        fact, sep, value = item.partition("=")
        if not sep or not fact:
            return _fail(_say("malformed", lang, item))
        if fact in raw:
            return _fail(_say("twice", lang, fact))
        raw[fact] = value
    try:
        rules = load_rules()
        answers = parse_answers(rules, raw)
    except AnswerError as e:
        return _fail(e.message(lang))
    except RulesError as e:
        return _fail(f"rules: {e}")
    report = evaluate(rules, answers, on=on)
    if args.json:  # \u escapes where the terminal cannot show Arabic: the JSON stays exact
        print(json.dumps(report.to_dict(), ensure_ascii=not arabic_ok, indent=2))
    else:
        if lang != args.lang:
            print(f"checker: note: this terminal cannot show Arabic (encoding {sys.stdout.encoding}): "
                  "French below; PYTHONIOENCODING=utf-8 shows Arabic", file=sys.stderr)
        sys.stdout.write(render(explain(rules, report, answers, lang)))
    return 0
