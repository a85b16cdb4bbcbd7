"""One home for every interface word: checker/words/*.toml, `key = {ar, fr}`, read through checker.words."""
from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import checker
from checker import words
from checker.model import LANGS

ROOT = Path(__file__).resolve().parent.parent.parent
ARABIC_LETTER = re.compile("[\u0621-\u064a]")  # letters, not marks (a regex of vowel marks is no word)


def test_every_word_has_a_text_in_every_language():
    """The list a translator works from when a language is added to LANGS."""
    assert words.missing_texts() == []


def test_missing_texts_are_listed_by_file_key_and_language(monkeypatch):
    monkeypatch.setattr(words, "LANGS", (*LANGS, "zgh"))  # Standard Moroccan Tamazight, not written yet
    missing = words.missing_texts()
    assert "words/result.toml: heading_documents: zgh" in missing
    assert len(missing) == len(words.words())


def test_word_files_are_one_format():
    for path in sorted((ROOT / "checker" / "words").glob("*.toml")):
        for key, text in tomllib.loads(path.read_text(encoding="utf-8")).items():
            assert isinstance(text, dict) and set(text) == set(LANGS), f"{path.name}: {key}"


def test_the_rules_and_the_build_see_the_same_words():
    rules = checker.load_rules()
    assert {k: t for k, t in rules.messages} == words.words()


def test_no_other_file_holds_interface_words():
    """Words as {ar, fr} tables only under checker/words/ (rule entries keep their own texts)."""
    others = [p for p in (*ROOT.glob("sitebuild/**/*.toml"), *ROOT.glob("docs/_data/*.toml"))
              if re.search(r"^\s*(ar|fr)\s*=|\{\s*ar\s*=", p.read_text(encoding="utf-8"), re.M)]
    allowed = {"docs/_data/glossary.toml", "docs/_data/sources.toml", "docs/_data/facts.toml",  # page data, not words
               "docs/_data/contacts.toml"}  # the names of places (for their map search), not interface words
    assert not [str(p.relative_to(ROOT)) for p in others if str(p.relative_to(ROOT)) not in allowed]
    assert not [p for p in (ROOT / "checker" / "rules").glob("*.toml")
                if "messages" in tomllib.loads(p.read_text(encoding="utf-8"))]


def _code_strings(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_no_arabic_word_in_code():
    found = [f"{p.relative_to(ROOT)}:{line}" for p in (*ROOT.glob("checker/*.py"), *ROOT.glob("sitebuild/**/*.py"))
             for line, s in _code_strings(p) if ARABIC_LETTER.search(s)]
    assert not found
