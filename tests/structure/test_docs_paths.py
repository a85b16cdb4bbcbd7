"""Every repository path the developer notes name exists: README.md and docs-dev/*.md (their annotated
trees and every `path` in backticks). A renamed or removed file fails here until the notes follow."""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
NOTES = [ROOT / "README.md", *sorted((ROOT / "docs-dev").glob("*.md"))]
# Made by a build, a test run or an install: named by the notes, never committed.
GENERATED = ("site/", "build/", "bench/results.json", "test-artifacts/", "node_modules/", ".venv/", "rules.json",
             "site", "build-b", "python_stdlib.zip")
FILE_LIKE = re.compile(r"^[\w.*<>{}-]+(?:/[\w.*<>{}-]*)*$")
EXTENSIONS = (".py", ".toml", ".md", ".js", ".mjs", ".j2", ".css", ".yml", ".json", ".conf", ".html", ".lock",
              ".txt", ".sh", ".opus")
TREE_ENTRY = re.compile(r"^(?P<indent> *)(?P<names>\S+(?: \S+)*?)(?: {2,}|$)")


def as_glob(path: str) -> str:
    """`<slug>/index.<lang>.md` → `*/index.*.md`: a placeholder stands for any name."""
    return re.sub(r"<[^>]*>|\{[^}]*\}", "*", path)


# Files named by their name alone that are not the repository's (Pyodide's own, written by a build).
NOT_OURS = {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json", "python_stdlib.zip",
            "sw-routes.js", "results.json", "package.json", "tree.json", "bundle.js"}  # bundle.js: Material's


SKIP = {".git", ".venv", "node_modules", "site", "build", "test-artifacts", "bench", "__pycache__"}
# Folders where people put files to come (the chamber's recordings): named before anything is in them.
TO_BE_FILLED = ("docs/audio/",)


@functools.cache
def tracked_names() -> frozenset[str]:
    names: set[str] = set()
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP]
        names.update(files)
    return frozenset(names)


def top_level() -> set[str]:
    return {p.name for p in ROOT.iterdir()} - {"site", "build", "node_modules", ".venv", ".git"}


def exists(path: str) -> bool:
    if path.startswith(TO_BE_FILLED):
        return True
    path = path.rstrip("/")
    if not path or path.startswith(GENERATED) or any(path == g.rstrip("/") for g in GENERATED):
        return True
    return any(ROOT.glob(as_glob(path))) if ("*" in path or "<" in path or "{" in path) else (ROOT / path).exists()


def looks_like_a_path(token: str) -> bool:
    if not FILE_LIKE.match(token) or token.startswith(("-", ".")) and "/" not in token:
        return False
    return "/" in token or token.endswith(EXTENSIONS)


def is_repository_path(token: str) -> bool:
    """`checker/x.py`, `Makefile`: starts at a folder or file of the repository's root (a site
    address like `verifier/0/` or `assets/…` does not)."""
    return token.split("/", 1)[0] in top_level() or token.split("/", 1)[0] in GENERATED


def backticked(text: str) -> set[str]:
    return {t for t in re.findall(r"`([^`\s]+)`", text) if looks_like_a_path(t) and "://" not in t}


def plain_blocks(text: str) -> list[list[str]]:
    """The lines of each fenced block without a language (```sh blocks are commands, not trees)."""
    blocks, current = [], None
    for line in text.splitlines():
        if line.startswith("```"):
            if current is None:
                current = [] if line.strip() == "```" else False
            else:
                if current is not False:
                    blocks.append(current)
                current = None
        elif current:
            current.append(line)
        elif current == []:
            current = [line]
    return blocks


def tree_paths(text: str) -> set[str]:
    """Paths of the annotated trees (```-blocks whose first line names a file or folder): nesting by indent."""
    found: set[str] = set()
    for lines in plain_blocks(text):
        if not lines or not lines[0].split() or not looks_like_a_path(lines[0].split()[0]):
            continue
        stack: list[tuple[int, str]] = []  # (indent, folder)
        for line in lines:
            m = TREE_ENTRY.match(line)
            if not m or not line.strip():
                continue
            indent = len(m.group("indent"))
            if indent == 0 or not stack or indent <= stack[-1][0]:
                while stack and indent <= stack[-1][0]:
                    stack.pop()
            words = [n for n in m.group("names").split() if n != "(also)"]
            # Entries: the whole group when every word is a path (`schema.py load.py`), else the first
            # word alone when it is one (`assets/ extra.css (system fonts…)`: a one-space description).
            names = words if words and all(looks_like_a_path(n) for n in words) else words[:1]
            if not names or not looks_like_a_path(names[0]):
                continue  # a description (or its continued line), not entries
            parent = "".join(f for _, f in stack)
            for name in names:
                found.add(parent + name)
            if names and names[0].endswith("/"):
                stack.append((indent, names[0]))
    return found


def missing_in(note: Path) -> list[str]:
    """Paths from the root that do not exist, and file names (`verifier.js`) no file of the repository has."""
    text = note.read_text(encoding="utf-8")
    names = tracked_names()
    missing = [p for p in tree_paths(text) if not exists(p)]
    for token in backticked(text):
        if "/" in token and is_repository_path(token):
            # `tests/pages/reading.amount_figures`: a function of a module, named by its dotted path.
            module = token.rsplit(".", 1)[0] + ".py"
            ok = exists(token) or exists("docs-dev/" + token) or ("." in token and exists(module))
        elif "/" not in token and "<" not in token and "*" not in token:
            ok = token in names or token in NOT_OURS or token in GENERATED
        else:
            ok = True  # a site address (`verifier/0/`), a pattern of built names (`rules.<hash>.json`)
        if not ok:
            missing.append(token)
    return sorted(set(missing))


def test_the_path_reader_reads_paths():
    text = "see `checker/answers.py` and `make test`\n```\nchecker/   the checker\n  rules/*.toml   rules\n```\n"
    assert backticked(text) == {"checker/answers.py"}
    assert tree_paths(text) == {"checker/", "checker/rules/*.toml"}
    assert not exists("checker/no_such_module.py") and exists("checker/rules/*.toml")


@pytest.mark.parametrize("note", NOTES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_named_path_exists(note: Path):
    missing = missing_in(note)
    assert not missing, f"{note.relative_to(ROOT)} names paths that do not exist: {', '.join(missing)}"
