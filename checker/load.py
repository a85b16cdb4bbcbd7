"""Reading rule files: TOML directories (CPython and Pyodide) and the JSON browser bundle."""
from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path

from .model import RuleSet
from .schema import BUNDLE_FORMAT, RulesError, build
from .words import words


def _read_dir(path: Path) -> list[tuple[str, dict]]:
    files = sorted(p for p in path.iterdir() if p.suffix == ".toml")
    if not files:
        raise RulesError(f"{path}: no .toml rule files")
    out = []
    for p in files:
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:  # its message carries "(at line N, column M)"
            raise RulesError(f"{p.name}: TOML syntax error: {e}") from None
        except UnicodeDecodeError as e:
            raise RulesError(f"{p.name}: not UTF-8 text: {e}") from None
        out.append((p.name, data))
    return out


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load and strictly validate a rules directory (the packaged rules when `path` is None), with
    the packaged interface words (checker/words/), so that `rules.text(key, lang)` finds them too."""
    if path is None:
        root = resources.files("checker") / "rules"
        # The package may sit in a wheel (zip) in some setups: read through importlib.resources.
        files = []
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml"):
                try:
                    files.append((entry.name, tomllib.loads(entry.read_text(encoding="utf-8"))))
                except tomllib.TOMLDecodeError as e:
                    raise RulesError(f"{entry.name}: TOML syntax error: {e}") from None
        return with_words(build(files))
    p = Path(path)
    if not p.is_dir():
        raise RulesError(f"{p}: not a directory")
    return with_words(build(_read_dir(p)))


def with_words(rules: RuleSet) -> RuleSet:
    """The RuleSet with the packaged interface words (checker/words/) beside the rules' own texts.

    Words travel with the code (the package, the browser's Python zip), rules as rules.json: each
    reaches the browser once. A word may not share an id with a rule entry, so `rules.text(id)` is
    never ambiguous."""
    table = words()
    ids = {item.id for group in (rules.facts, rules.sources, rules.schemes, rules.rules, rules.documents,
                                 rules.steps, rules.notes, rules.outcomes, rules.amounts) for item in group}
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
    if not isinstance(data, dict) or data.get("format") != BUNDLE_FORMAT or not isinstance(data.get("files"), list):
        raise RulesError(f"rules.json: top level: key 'format': expected {BUNDLE_FORMAT!r} with a 'files' list")
    files = []
    for f in data["files"]:
        if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not isinstance(f.get("data"), dict):
            raise RulesError("rules.json: key 'files': each entry needs 'name' and 'data'")
        files.append((f"rules.json:{f['name']}", f["data"]))
    rules = with_words(build(files))
    # Keep the original bundle text so that to_json(from_json(x)) == x.
    object.__setattr__(rules, "bundle", text)
    return rules
