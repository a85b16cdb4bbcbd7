"""Command line: python -m checker [--lang ar|fr] [--on YYYY-MM-DD] [--json] fact=value ...

Bad input ends as ONE line on stderr and exit status 2, never a traceback: the CLI is also
used by non-developers at the chamber's desk.
"""
from __future__ import annotations

import codecs
import dataclasses
import datetime
import json
import os
import re
import sys
import unicodedata

from .answers import AnswerError, parse_answers
from .engine import evaluate
from .load import load_rules
from .model import LANGS
from .schema import RulesError, shown
from .text import explain, render
from .words import word


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_OPTIONS = ("--lang", "--on")  # options that take a value; --json and --help take none


class _UsageError(Exception):
    """A command line that cannot be read: the word key and the part shown."""

    def __init__(self, key: str, value: str) -> None:
        super().__init__(key)
        self.key, self.value = key, value


@dataclasses.dataclass(frozen=True)
class _Args:
    lang: str = "ar"
    on: str | None = None
    json: bool = False
    help: bool = False
    answers: tuple[str, ...] = ()


def _parse_args(argv: list[str]) -> _Args:
    """The command line, read by hand so that every fault has its own line in the reader's language
    (argparse speaks English, on two lines). `--opt value` and `--opt=value`; `--` ends options."""
    found: dict[str, object] = {}
    answers: list[str] = []
    items = iter(argv)
    for item in items:
        if item == "--":
            answers.extend(items)
            break
        if not item.startswith("-") or item == "-":
            answers.append(item)
            continue
        name, eq, value = item.partition("=")
        key = {"-h": "help", "--help": "help", "--json": "json", "--lang": "lang", "--on": "on"}.get(name)
        if key is None:
            raise _UsageError("unknown_option", name)
        if key in found:
            raise _UsageError("option_twice", name)
        if name in _OPTIONS:
            if not eq:
                value = next(items, None)
                if value is None or value.startswith("--"):
                    raise _UsageError("needs_value", name)
            found[key] = value
        elif eq:
            raise _UsageError("unknown_option", item)
        else:
            found[key] = True
    return _Args(answers=tuple(answers), **found)  # type: ignore[arg-type]


def _guess_lang(argv: list[str]) -> str:
    """The reader's language before the line is read (for its errors): --lang if it names one."""
    for i, item in enumerate(argv):
        value = item.partition("=")[2] if item.startswith("--lang=") else \
            argv[i + 1] if item == "--lang" and i + 1 < len(argv) else None
        if value in LANGS:
            return value
    return LANGS[0]


def _say(key: str, lang: str, value: str) -> str:
    return word(key, lang, v=value[:40])  # checker/words/input.toml


def _write(stream, text: str) -> bool:
    """Write and flush; False when the stream is closed or cannot take it (a full disk, a closed
    pipe): the caller then stays silent, since there is nowhere left to say anything."""
    if stream is None:
        return False
    try:
        stream.write(text)
        stream.flush()
        return True
    except (OSError, ValueError):  # ValueError: a closed file object
        _drop(stream)
        return False


def _drop(stream) -> None:
    """Point a failed stream's descriptor at /dev/null, so that Python's flush at exit does not
    raise again (and print a traceback) with what is still in its buffer."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _fail(message: str) -> int:
    """One line on stderr (invisible characters escaped: an answer may hold escape sequences or a
    right-to-left override), exit status 2."""
    _write(sys.stderr, "checker: error: " + shown(" ".join(str(message).split())) + "\n")
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
        try:
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="checker_plain")
        except (OSError, ValueError):  # a closed descriptor: _write finds out and stays silent
            pass
        try:
            chr(0x0639).encode(getattr(stream, "encoding", None) or "ascii")  # an Arabic letter
        except (UnicodeEncodeError, LookupError):
            arabic = False
    return arabic


def main(argv: list[str] | None = None) -> int:
    arabic_ok = _terminal_safe()
    argv = sys.argv[1:] if argv is None else argv
    # Arabic on a terminal that cannot show it would be a line of '?': French says something.
    lang = _guess_lang(argv) if arabic_ok else "fr"
    try:
        args = _parse_args(argv)
    except _UsageError as e:
        return _fail(_say(e.key, lang, e.value) + " — " + word("usage", lang))
    if args.help:
        return 0 if _write(sys.stdout, word("usage", lang) + "\n") else 2
    if args.lang not in LANGS:
        return _fail(_say("bad_lang", lang, args.lang))
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
    except RulesError as e:  # the detail names file, entry and key in the editors' terms
        return _fail(word("rules_broken", lang, detail=str(e)))
    report = evaluate(rules, answers, on=on)
    if args.json:  # \u escapes where the terminal cannot show Arabic: the JSON stays exact
        out = json.dumps(report.to_dict(), ensure_ascii=not arabic_ok, indent=2) + "\n"
    else:
        if lang != args.lang and sys.stdout is not None:
            _write(sys.stderr, f"checker: note: this terminal cannot show Arabic (encoding {getattr(sys.stdout, 'encoding', None)}): "
                   "French below; PYTHONIOENCODING=utf-8 shows Arabic\n")
        out = render(explain(rules, report, answers, lang))
    return 0 if _write(sys.stdout, out) else 2
