"""The site builds a test run needs, started as soon as the run knows it needs them and run one after
the other in the background, so that they overlap the tests that need no build (the checker's,
about as long, on one core) instead of adding to them:

- "site": the session's own `mkdocs build --strict` of the working tree (site/);
- "clone": the same files copied to another path and built again (reproducibility);
- "build-b": a clone with one question's wording and one rule's threshold changed (a deploy);
- "figures": a clone with a threshold, an amount and durations changed, as a new law would change
  them with its sources' words (tests/pages/test_figure_trace.py).

The clones are built after the session's build, so they find its compression caches (build/) full.
A fixture asks `wait(name)` for its build's outcome; a build no collected test needs is not made.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from tests.support.clone import ROOT, build_env, clone


@dataclass(frozen=True)
class Built:
    repo: Path  # the tree that was built (its site/ is the output)
    proc: subprocess.CompletedProcess

    @property
    def site(self) -> Path:
        return self.repo / "site"

    @property
    def output(self) -> str:
        return self.proc.stdout + self.proc.stderr


def _here(_: Path) -> tuple[Path, dict[str, str]]:
    return ROOT, build_env()


# The second clone is built with every clock of the build (Python, Node, brotli…) moved on by this
# much (Debian's faketime, LD_PRELOAD): the same commit built on another day must give the same bytes.
CLONE_CLOCK_SHIFT = "+3d"


def _clone(work: Path) -> tuple[Path, dict[str, str]]:
    repo = clone(work / "elsewhere" / "clone")
    return repo, build_env(PYTHONPATH=str(repo))  # `import checker` in its build: the clone's


def command(name: str) -> list[str]:
    """The build command of `name`: under faketime for the second clone (a test dependency: make
    deps-test installs it; without it the build fails rather than pretend)."""
    build = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    if name != "clone":
        return build
    faketime = shutil.which("faketime")
    if faketime is None:
        raise RuntimeError("faketime is missing (Debian package faketime; make deps-test installs it)")
    return [faketime, "-f", CLONE_CLOCK_SHIFT, *build]


# Build B: the French wording of the "forme" question, and the experience threshold of the RNA
# rules moved from 3 years to 2 (both rules that cut at it, so that they stay complementary).
FORME_QUESTION = re.compile(r'(id = "forme"\n(?:.*\n)*?question\.fr = ")([^"]*)(")')
B_RULE = [('{ fact = "annees_pratique", gte = 3 }', '{ fact = "annees_pratique", gte = 2 }'),
          ('{ fact = "annees_pratique", lte = 2 }', '{ fact = "annees_pratique", lte = 1 }')]


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise RuntimeError(f"{path.name}: expected exactly one {old!r}")
    path.write_text(text.replace(old, new), encoding="utf-8")


def _build_b(work: Path) -> tuple[Path, dict[str, str]]:
    repo = clone(work / "build-b" / "clone")
    facts = repo / "checker" / "rules" / "facts.toml"
    text = facts.read_text(encoding="utf-8")
    question = FORME_QUESTION.search(text).group(2)
    facts.write_text(FORME_QUESTION.sub(lambda m: m.group(1) + question.replace(" ?", "") + " (B) ?" + m.group(3),
                                        text, count=1), encoding="utf-8")
    for old, new in B_RULE:
        _replace_once(repo / "checker" / "rules" / "rna.toml", old, new)
    # A later commit than the session's build: caches are ordered by it (a worker deletes only older ones).
    later = str(int(build_env()["SOURCE_DATE_EPOCH"]) + 3600)
    return repo, build_env(PYTHONPATH=str(repo), SOURCE_DATE_EPOCH=later)


# The figure-trace build: (file, old, new), every occurrence replaced (at least one). The experience
# threshold 3 -> 7 years (and its complement), the contribution 135 -> 246 DH, the AMO durations of
# 3 months -> 5 (the waiting period of the self-employed, the new one of law 46-23). 7, 246 and 5
# months are said nowhere in the working tree's site, so every one the changed site says is new.
TRACE_RULES = [("checker/rules/rna.toml", '{ fact = "annees_pratique", gte = 3 }', '{ fact = "annees_pratique", gte = 7 }'),
               ("checker/rules/rna.toml", '{ fact = "annees_pratique", lte = 2 }', '{ fact = "annees_pratique", lte = 6 }'),
               ("checker/rules/amo.toml", "value = 135\n", "value = 246\n"),
               ("checker/rules/amo.toml", 'value = 3\nunit = "month"', 'value = 5\nunit = "month"')]
# The same figures in the sources' quotes and titles (both source files): the new law's words.
TRACE_QUOTES = [(r"(?<![\w.,/-])3 ans", "7 ans"), (r"(?<![\w.,/-])(3|trois) mois", "5 mois"),
                (r"(?<![\w.,/-])135(?![\w.,/-])", "246")]
SOURCE_FILES = ("checker/rules/sources.toml", "docs/_data/sources.toml")


def _figures(work: Path) -> tuple[Path, dict[str, str]]:
    repo = clone(work / "figures" / "clone")
    for rel, old, new in TRACE_RULES:
        path = repo / rel
        text = path.read_text(encoding="utf-8")
        if old not in text:
            raise RuntimeError(f"{rel}: no {old!r} to change")
        path.write_text(text.replace(old, new), encoding="utf-8")
    for rel in SOURCE_FILES:
        path = repo / rel
        lines = path.read_text(encoding="utf-8").split("\n")
        for i, line in enumerate(lines):
            if re.match(r"(quote|title(\.ar|\.fr)?) = ", line):
                for old, new in TRACE_QUOTES:
                    lines[i] = re.sub(old, new, lines[i])
        path.write_text("\n".join(lines), encoding="utf-8")
    return repo, build_env(PYTHONPATH=str(repo))


# In the order they are made; the session's build first (the others reuse its caches).
# Each prepares its tree and says where to build it, with which environment.
BUILDS: dict[str, Callable[[Path], tuple[Path, dict[str, str]]]] = {"site": _here, "build-b": _build_b,
                                                                     "figures": _figures, "clone": _clone}


class Builds:
    """One background thread making the requested builds in order; `wait(name)` blocks until that
    one is made (or makes it then, if no collected test asked for it)."""

    def __init__(self) -> None:
        self._work: Path | None = None  # the clones' parent folder, made on first use
        self._order: list[str] = []
        self._done: dict[str, Built | Exception] = {}
        self._made = threading.Condition()
        self._thread: threading.Thread | None = None
        self._running: subprocess.Popen | None = None

    def start(self, names: set[str]) -> None:
        if self._thread is None and (order := [n for n in BUILDS if n in names]):
            self._order = order
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    def _run(self) -> None:
        for name in list(self._order):
            if name not in self._order:  # cleanup() emptied it: the run is over
                return
            self._make(name)

    def _make(self, name: str) -> None:
        try:
            if self._work is None:
                self._work = Path(tempfile.mkdtemp(prefix="artisan-builds-"))
            repo, env = BUILDS[name](self._work)
            with subprocess.Popen(command(name), cwd=repo, env={**env, "FAKETIME_DONT_FAKE_MONOTONIC": "1"},
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
                self._running = proc
                out, err = proc.communicate()
            made: Built | Exception = Built(repo, subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
        except Exception as exc:  # handed to the fixture that waits for it
            made = exc
        with self._made:
            self._done[name] = made
            self._made.notify_all()

    def wait(self, name: str) -> Built:
        with self._made:
            while name in self._order and name not in self._done:
                self._made.wait()
        if name not in self._done:
            if name != "site":
                self.wait("site")  # its caches first, as in the background
            self._make(name)
        made = self._done[name]
        if isinstance(made, Exception):
            raise made
        return made

    def cleanup(self) -> None:
        """At the end of the run: stop a build still running (a run stopped early, so that it does
        not write into site/ under the next run), remove the clones."""
        if self._thread is not None and self._thread.is_alive():
            self._order = []  # nothing more after the one running
            if self._running is not None and self._running.poll() is None:
                self._running.terminate()
            self._thread.join(timeout=30)
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)


BACKGROUND = Builds()
