"""The site as every build step sees it: its public address, its pages' addresses, the build day,
the rules (loaded once per build) and the page a marker is expanded on.

Apart from the PDFs (pdfs.py) and the MkDocs hooks (hooks.py), so that a post-build step, a marker
or a script needs neither WeasyPrint nor MkDocs to know where a page lives.
"""
from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

import checker
from checker import web_pages
from checker.model import LANGS, LANGUAGES, Language

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_YML = ROOT / "mkdocs.yml"
RULES_DIR = Path(checker.__file__).parent / "rules"
CHECKER = "verifier/"  # the checker's start page, under each language's root
DEFAULT_LANG = LANGS[0]


class BuildError(RuntimeError):
    """A build step found the site wrong: the build stops with this one line (hooks.py hands it to
    MkDocs as its own error, so no step needs to import MkDocs)."""


class _EnvLoader(yaml.SafeLoader):
    """mkdocs.yml's `!ENV [NAME, default]`, resolved as MkDocs resolves it (the first variable set,
    else the last item), without importing MkDocs."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    items = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    for name in items[:-1] if len(items) > 1 else items:
        if name in os.environ:
            return os.environ[name]
    return items[-1] if len(items) > 1 else None


_EnvLoader.add_constructor("!ENV", _env)
# Any other tag of mkdocs.yml (e.g. a Python name in an extension's options) is read as plain data.
_EnvLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config() -> dict:
    """mkdocs.yml as data (its `!ENV` values resolved)."""
    with open(MKDOCS_YML, encoding="utf-8") as f:
        return yaml.load(f, Loader=_EnvLoader)  # noqa: S506 (a SafeLoader subclass)


def site_url() -> str:
    """The public address: `site_url` of mkdocs.yml (`!ENV [SITE_URL, …]`), ending with a slash."""
    url = mkdocs_config()["site_url"]
    return url if url.endswith("/") else url + "/"


def build_day() -> datetime.date:
    """The day a build is made for: the day of the PDFs' checklists and of the checker's pages, which
    print it. SOURCE_DATE_EPOCH's when set (the last commit's time, see the Makefile: two builds of
    one commit on different days are byte-identical), else today. The one other reading of today in
    the build is the release's freshness gate (hooks.on_config), which decides but prints no date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def page_url(base: str, lang: str, slug: str = "") -> str:
    """Address of a page under `base` (an absolute address or a path ending in /): each language under
    its root (Arabic at the root, French under fr/)."""
    return base + LANGUAGES[lang].root + slug


def verifier_url(base: str, lang: str, answers: dict[str, str] | None = None, on: datetime.date | None = None,
                 rules: checker.RuleSet | None = None) -> str:
    """The checker's start page, or with answers the static page they lead to (verifier/<code>/):
    a printed QR code opens it on any phone, JavaScript or not."""
    path = web_pages.path_for(answers, on, rules=rules) if answers else ""
    return page_url(base, lang, CHECKER + path)


def mtime(path: Path) -> float:
    """When `path` last changed; a broken or looping link, or a missing file, counts as never: the
    loader says what is wrong with it, in one line."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _stamp(folder: Path) -> float:
    return max((mtime(f) for f in folder.glob("*.toml")), default=0.0)


@lru_cache(maxsize=1)
def _rules_at(stamp: float) -> checker.RuleSet:
    return checker.load_rules(RULES_DIR)


def rules() -> checker.RuleSet:
    """The rules, loaded once per build and shared by the markers, the PDFs and the post-build steps
    (loaded again only when a rule file changed, e.g. under `mkdocs serve`)."""
    return _rules_at(_stamp(RULES_DIR))


@dataclass(frozen=True)
class Page:
    """The page a marker is expanded on: its language and its folder under the language's root
    (`registre/`, `verifier/rapide/`, "" for the home page)."""
    lang: str
    folder: str = ""

    @property
    def language(self) -> Language:
        return LANGUAGES[self.lang]

    @property
    def depth(self) -> int:
        return self.folder.count("/")

    @property
    def docs_root(self) -> str:
        """From the page's Markdown source to docs/ (Markdown links name source files: `x/index.md`)."""
        return "../" * self.depth or "./"

    @property
    def site_root(self) -> str:
        """From the built page's address to the site's root (a French page is one folder deeper)."""
        return "../" * (self.depth + self.language.root.count("/"))

    @classmethod
    def of_source(cls, src_uri: str) -> "Page":
        """The page of a Markdown source (`registre/index.fr.md` → fr, `registre/`; `index.md` → ar, "")."""
        folder, _, name = src_uri.rpartition("/")
        parts = name.split(".")
        lang = parts[-2] if len(parts) == 3 and parts[-2] in LANGUAGES else DEFAULT_LANG
        stem = parts[0]
        folder = folder + "/" if folder else ""
        return cls(lang, folder if stem == "index" else folder + stem + "/")
