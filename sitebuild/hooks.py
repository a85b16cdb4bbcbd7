"""MkDocs hooks (mkdocs.yml `hooks:`): expand `<!-- rules:NAME key=value -->` markers, then complete the built site.

Markers let hand-written pages show what the rules hold (documents, conditions, sources) without
retyping it, so a change in `checker/rules/` changes every page. An unknown marker fails the build.
"""
from __future__ import annotations

import datetime
import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# MkDocs loads this file by its path; everything else comes from the installed package.
from sitebuild import markers, pages, render, voice
from sitebuild import pdfs as build_guides  # PDF guides, checklists, posters
from sitebuild.postbuild import checker_assets as site_checker
from sitebuild.postbuild import csp
from sitebuild.postbuild import pyodide_runtime as site_assets
from sitebuild.postbuild import search_synonyms
from sitebuild.postbuild import service_worker as site_offline
from sitebuild.postbuild import checker_pages  # a page per question and outcome of the checker

MARKER = markers.MARKER  # one pattern for the site and the printed guides


def on_config(config):
    """A release build (RELEASE=1) refuses rules last verified more than twelve months ago."""
    from checker.freshness import StaleRulesError, check_release
    try:
        check_release(pages.rules(), datetime.date.today())
    except StaleRulesError as exc:
        raise PluginError(str(exc)) from exc
    return config


def page_lang(page) -> str:
    """The page's language from its source file suffix (`x.fr.md` → fr); Arabic is the default."""
    parts = page.file.src_uri.rsplit(".", 2)
    return parts[-2] if len(parts) == 3 and parts[-2] in render.LANGS else render.LANGS[0]


def on_page_markdown(markdown: str, page, config, files) -> str:
    lang = page_lang(page)

    def expand(match: re.Match) -> str:
        name = match.group("name")
        args = dict(a.split("=", 1) for a in match.group("args").split())
        try:
            return markers.marker(name, lang=lang, **args)
        except markers.UnknownMarker as exc:
            raise PluginError(f"{page.file.src_uri}: {exc}") from exc

    return MARKER.sub(expand, markdown)


# Steps that complete the built site, in order; each takes the site folder. Later steps may read
# what earlier ones wrote (the service worker lists every file, so it comes last).
POST_BUILD_STEPS = [
    site_assets.copy_pyodide_runtime,
    build_guides.build_step,
    search_synonyms.add_search_synonyms,  # before the service worker records the index's hash
    voice.ship_recordings,  # valid recordings only; missing and stale ones reported
    site_checker.build_checker_bundle,
    site_checker.minify_checker_assets,
    site_checker.version_checker_assets,  # after minifying (the hash is of what ships), before the CSP
    checker_pages.build_checker_pages,  # through the built start page, before the CSP lists every page
    csp.add_content_security_policy,  # after every page is written, before the service worker lists them
    site_offline.generate_service_worker,  # last: it lists every file
]


@event_priority(-100)  # after the i18n plugin has built the other language into the same folder
def on_post_build(config) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # the nested build of one language: wait for the outer one
    for step in POST_BUILD_STEPS:
        step(config.site_dir)
