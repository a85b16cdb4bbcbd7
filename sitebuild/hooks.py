"""MkDocs hooks (mkdocs.yml `hooks:`): expand `<!-- rules:NAME key=value -->` markers, then complete the built site.

Markers let hand-written pages show what the rules hold (documents, conditions, sources) without
retyping it, so a change in `checker/rules/` changes every page. An unknown marker fails the build.
"""
from __future__ import annotations

import datetime
import json
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# MkDocs loads this file by its path; everything else comes from the installed package.
import checker
from checker.model import LANGS
from checker.words import word
from checker.schema import shown
from sitebuild import chamber, credits, icons, markers, pages, pdfs, release, source_watch, voice, website
from sitebuild.postbuild import (asset_names, checker_assets, checker_offline, checker_pages, critical_css, csp,
                                 page_weight, precompress, pyodide_runtime, search_synonyms, service_worker)

# Material's language alternates in <head> (overrides/main.html says why they go); the header keeps its link.
ALTERNATE_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
LANG_LINK = re.compile(r'<a href="[^"]*" hreflang="([a-z]+)"')
# A plain table (from Markdown), wrapped as Material's bundle.js would wrap it (a scroll box on phones):
# the bundle loads only on first use (material-on-demand.js), and the page must look the same before.
PLAIN_TABLE = re.compile(r"<table>(.*?)</table>", re.S)


def on_config(config):
    """Validate the rules before anything is built: a broken rule stops the build with one line
    naming the file, the entry and the key (a BuildError, so MkDocs prints no traceback).
    A release build (RELEASE=1) also refuses rules last verified more than twelve months ago, and a
    placeholder public address (no SITE_URL), and a source watch older than the rules' freshness
    window (sitebuild/source_watch.py; SKIP_SOURCE_WATCH=1 overrides, loudly)."""
    from checker.freshness import (MAX_AGE_DAYS, FutureDateError, StaleRulesError, check_dates, check_release,
                                   is_release, latest_day_on_earth)
    try:
        rules = website.rules()
    except checker.RulesError as exc:
        raise PluginError(f"rules: {shown(str(exc))}") from None
    try:
        check_release(rules, datetime.date.today())
    except StaleRulesError as exc:
        raise PluginError(str(exc)) from exc
    try:  # a verified_on of 2062 would print on every page and switch the freshness gate off
        check_dates(_dated_files(rules), latest_day_on_earth(_build_epoch()))
    except FutureDateError as exc:
        raise PluginError(shown(str(exc))) from None
    if is_release():  # nothing printed may point to an address that does not exist
        try:
            release.check_release(website.site_url())
        except release.PlaceholderAddress as exc:
            raise PluginError(str(exc)) from None
        try:  # the date of the last source watch is printed; too old (or none) refuses the release
            print(release.check_source_watch(source_watch.read_report(), datetime.date.today(),
                                             MAX_AGE_DAYS, os.environ), file=sys.stderr)
        except release.SourceWatchTooOld as exc:
            raise PluginError(str(exc)) from None
    _check_chamber()
    return config


def _check_chamber() -> None:
    """chamber.toml: filled wrongly stops any build; not filled stops a release (nothing handed out
    may lack the chamber's address and phone)."""
    from checker.freshness import is_release
    try:
        if is_release():
            chamber.check_release()
        else:
            chamber.current()
    except (chamber.ChamberSettingsError, chamber.ChamberNotSet) as exc:
        raise PluginError(str(exc)) from None


def _build_epoch() -> float:
    """The build's moment: the commit's (SOURCE_DATE_EPOCH, set by the Makefile) when given, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(epoch) if epoch.isdigit() else time.time()


def _dated_files(rules: checker.RuleSet) -> list[tuple[str, dict]]:
    """The rule files as loaded (from the rules' bundle) and the pages' sources, named by their path."""
    bundle = json.loads(rules.bundle)["files"]
    return [(f"checker/rules/{f['name']}", f["data"]) for f in bundle] + \
        [("docs/_data/sources.toml", pages.data("sources"))]


def build_lang(config) -> str:
    """The language being built: the i18n plugin builds the default one, then each other one."""
    i18n = config.plugins.get("i18n")
    lang = getattr(i18n, "current_language", None) if i18n is not None else None
    return lang if lang in LANGS else LANGS[0]


def on_env(env, config, files):
    """Words of the 404 page in the language being built (overrides/404.html)."""
    lang = build_lang(config)
    # Absolute paths: the server sends this page for a missing address at any depth.
    home = website.page_url(urlsplit(website.site_url()).path, lang)
    env.globals["not_found"] = {
        **{key: word(f"not_found_{key}", lang) for key in ("title", "text", "home", "verifier")},
        "home_url": home, "verifier_url": home + "verifier/"}
    return env


def on_post_template(output: str, template_name: str, config) -> str:
    """Each language's 404 page in its own folder: MkDocs writes every build's 404.html at the site's
    root, so the French one goes to fr/404.html (what the server sends for a missing /fr/… address)
    and the root keeps the Arabic one, written by the first build."""
    output = ALTERNATE_LINK.sub("", output)
    lang = build_lang(config)
    if template_name != "404.html":
        return output
    # The header's language link would lead to the twin of the last page built: the other language's home.
    base = urlsplit(website.site_url()).path
    output = LANG_LINK.sub(lambda m: f'<a href="{website.page_url(base, m.group(1))}" hreflang="{m.group(1)}"',
                           output)
    if lang == LANGS[0]:
        return output
    folder = Path(config.site_dir)
    (folder / lang).mkdir(parents=True, exist_ok=True)
    (folder / lang / "404.html").write_text(output, encoding="utf-8")
    return (folder / "404.html").read_text(encoding="utf-8")


def on_post_page(output: str, page, config) -> str:
    output = PLAIN_TABLE.sub(lambda m: f'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">{m.group(0)}'
                                       '</div></div>', output)
    return ALTERNATE_LINK.sub("", output)


def on_page_markdown(markdown: str, page, config, files) -> str:
    """The page's markers, expanded for its language and folder (from its source file: `x/index.fr.md`)."""
    try:
        return markers.expand_markers(markdown, website.Page.of_source(page.file.src_uri))
    except markers.UnknownMarker as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from exc


# Steps that complete the built site, in order; each takes the site folder. Later steps may read
# what earlier ones wrote (the service worker lists every file, so it comes last).
POST_BUILD_STEPS = [
    pyodide_runtime.copy_pyodide_runtime,
    pdfs.build_step,
    search_synonyms.add_search_synonyms,  # before the service worker records the index's hash
    voice.ship_recordings,  # valid recordings only; missing and stale ones reported
    checker_assets.build_checker_bundle,
    icons.add_checker_pictograms,  # into the checker pages' stylesheet, before it is minified
    checker_assets.minify_checker_assets,
    asset_names.hash_page_assets,  # our stylesheets, scripts and icon: hashed names, pages pointed at them
    checker_assets.version_checker_assets,  # after minifying (the hash is of what ships), before the CSP
    checker_pages.build_checker_pages,  # through the built start page, before the CSP lists every page
    critical_css.inline_critical_css,  # every content page's CSS inline, after the checker pages copied their head
    checker_offline.write_unknown_code_pages,  # the server's 404 under verifier/: from the built 404 pages
    csp.add_content_security_policy,  # after every page is written, before the service worker lists them
    checker_offline.write_offline_checker,  # from the shipped pages (after the CSP), for the service worker
    critical_css.write_kept_copies,  # the pages as the phone keeps them: once no step rewrites a page
    service_worker.generate_service_worker,  # it lists every file the site serves
    credits.write_credits_file,
    precompress.precompress,  # last: .br/.gz twins of every text file, the service worker's included
    page_weight.print_report,  # what a first visit costs, from the twins just written
]


@event_priority(-100)  # after the i18n plugin has built the other language into the same folder
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # the nested build of one language: wait for the outer one
    for step in POST_BUILD_STEPS:
        try:
            step(config.site_dir)
        except website.BuildError as exc:
            raise PluginError(str(exc)) from None
    _built.append(website.site_url())


_built: list[str] = []  # the address printed by the build that just finished


def on_shutdown() -> None:
    """Last words of a build: which address the QR codes carry, and whether the PDFs are specimens."""
    if not _built:
        return  # the build failed, or this is `mkdocs serve` stopping before any build
    address = _built.pop()
    chamber.warn_if_unset()
    if release.is_placeholder(address):
        print(f"SPECIMEN: no SITE_URL, so the QR codes and printed addresses point to {address}, a placeholder; "
              f"every PDF is marked «{word('specimen', 'ar')}» / « {word('specimen', 'fr')} ». "
              "To publish: SITE_URL=https://<the site's address>/ make release", file=sys.stderr)
    else:
        print(f"QR codes and printed addresses point to: {address}", file=sys.stderr)
