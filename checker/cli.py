"""Command line: python -m checker [--lang ar|fr] [--on YYYY-MM-DD] [--json] fact=value ...

Bad input ends as ONE line on stderr and exit status 2, never a traceback: the CLI is also
used by non-developers at the chamber's desk.
"""
from __future__ import annotations

import argparse
import datetime
import json
import sys

from .answers import AnswerError, parse_answers
from .engine import evaluate
from .load import load_rules
from .model import LANGS
from .schema import RulesError
from .text import explain, render
from .words import word


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


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except _UsageError as e:
        return _fail(str(e))
    if args.lang not in LANGS:
        return _fail(f"--lang: unknown language {args.lang!r} (allowed: {', '.join(LANGS)})")
    lang = args.lang
    if args.on is None:
        on = datetime.date.today()  # the only place the current date is read
    else:
        try:
            on = datetime.date.fromisoformat(args.on)
            if len(args.on) != 10:
                raise ValueError
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
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render(explain(rules, report, answers, lang)))
    return 0
