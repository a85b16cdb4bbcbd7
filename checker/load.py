"""Reading rule files: TOML directories (CPython and Pyodide) and the JSON browser bundle."""
from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path

from .model import RuleSet
from .schema import BUNDLE_FORMAT, RulesError, build
from .dates import month_year
from .words import counted, words


def _parse(name: str, raw: bytes) -> dict:
    """One rule file's bytes -> its TOML table; a RulesError naming the file for anything else."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise RulesError(f"{name}: starts with a byte-order mark (BOM): save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise RulesError(f"{name}: line {line}: not UTF-8 text (byte 0x{raw[e.start]:02x}; an editor may "
                         f"have saved it as Windows-1256 or Latin-1): save it as UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:  # its message carries "(at line N, column M)"
        raise RulesError(f"{name}: TOML syntax error: {e}") from None
    except RecursionError:  # tomllib reads nested tables recursively
        raise RulesError(f"{name}: tables or lists nested too deeply to read") from None


def _read(entry) -> tuple[str, dict]:
    """One rule file (a Path or an importlib Traversable): its name and table, or one RulesError line.
    Only plain files count: a folder or a link to nothing (or to itself) named *.toml is refused."""
    try:
        if not entry.is_file():
            raise RulesError(f"{entry.name}: not a plain file (a folder, or a link to nothing or to itself): "
                             "rule files are plain .toml files")
        raw = entry.read_bytes()
    except OSError as e:
        raise RulesError(f"{entry.name}: cannot be read ({e.strerror or type(e).__name__})") from None
    return entry.name, _parse(entry.name, raw)


def _read_dir(path: Path) -> list[tuple[str, dict]]:
    try:
        files = sorted(p for p in path.iterdir() if p.suffix == ".toml")
    except OSError as e:
        raise RulesError(f"{path.name}: cannot be read ({e.strerror or type(e).__name__})") from None
    if not files:
        raise RulesError(f"{path}: no .toml rule files")
    return [_read(p) for p in files]


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load and strictly validate a rules directory (the packaged rules when `path` is None), with
    the packaged interface words (checker/words/), so that `rules.text(key, lang)` finds them too."""
    if path is None:
        root = resources.files("checker") / "rules"
        # The package may sit in a wheel (zip) in some setups: read through importlib.resources.
        entries = sorted((e for e in root.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name)
        return with_words(build([_read(e) for e in entries], counted, month_year))
    p = Path(path)
    if not p.is_dir():
        raise RulesError(f"{p}: not a directory")
    return with_words(build(_read_dir(p), counted, month_year))


def with_words(rules: RuleSet) -> RuleSet:
    """The RuleSet with the packaged interface words (checker/words/) beside the rules' own texts.

    Words travel with the code (the package, the browser's Python zip), rules as rules.json: each
    reaches the browser once. A word may not share an id with a rule entry, so `rules.text(id)` is
    never ambiguous."""
    table = words()
    ids = {item.id for group in (rules.facts, rules.sources, rules.schemes, rules.rules, rules.documents,
                                 rules.steps, rules.notes, rules.outcomes, rules.amounts, rules.durations,
                                 rules.limits)
           for item in group}
    clash = sorted(ids & set(table))
    if clash:
        raise RulesError(f"checker/words/: id {clash[0]!r} is also a rules entry")
    object.__setattr__(rules, "messages", tuple(table.items()))
    return rules


def rules_to_json(rules: RuleSet) -> str:
    """The browser bundle: the validated rule documents as one JSON text."""
    return rules.bundle


def rules_from_json(text: str) -> RuleSet:
    """Rebuild (and re-validate) a RuleSet from `rules_to_json` output."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise RulesError(f"rules.json: JSON syntax error: {e}") from None
    except RecursionError:
        raise RulesError("rules.json: nested too deeply to read") from None
    if not isinstance(data, dict) or data.get("format") != BUNDLE_FORMAT or not isinstance(data.get("files"), list):
        raise RulesError(f"rules.json: top level: key 'format': expected {BUNDLE_FORMAT!r} with a 'files' list")
    files = []
    for f in data["files"]:
        if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not isinstance(f.get("data"), dict):
            raise RulesError("rules.json: key 'files': each entry needs 'name' and 'data'")
        files.append((f"rules.json:{f['name']}", f["data"]))
    rules = with_words(build(files, counted, month_year))
    # Keep the original bundle text so that to_json(from_json(x)) == x.
    object.__setattr__(rules, "bundle", text)
    return rules
