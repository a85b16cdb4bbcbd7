"""The checker's markers: `<!-- rules:checker-start -->` (verifier/: what one learns, one start link;
the question and outcome pages are written after the build by postbuild/checker_pages.py) and
`<!-- rules:checker-moved -->` (verifier/rapide/, the address of the one-page form that went: old
links go on to the page their answers lead to; docs-dev/web.md says why it went)."""
from __future__ import annotations

from checker import web_pages
from sitebuild.website import CHECKER, Page, build_day, rules


def old_links(root: str, checker: str) -> str:
    """The scripts that send an old link's answers (`#forme=…`) to their page: the one fragment
    reader, then checker-start.js, which finds tree.json and the pages at `checker` (relative)."""
    return (f'<script src="{root}assets/javascripts/fragment-reader.js" defer></script>\n'
            f'<script src="{root}assets/javascripts/checker-start.js" data-checker="{checker}" defer></script>\n')


def checker_start(page: Page) -> str:
    """The start page's content, the scripts that send an old `#forme=…` link to its page, and the
    engine live (checker-live.js, with its two status lines in the page's language), which the
    question and outcome pages inherit from this page (postbuild/checker_pages.py, Shell).
    `async`: it runs as soon as it arrives (its tag follows the article), so the engine's worker
    starts in parallel with the rest of the page, not after the theme's scripts."""
    lang, root = page.lang, page.site_root
    tx = web_pages.texts(lang)
    return web_pages.render_start(lang, on=build_day(), rules=rules()) + old_links(root, "") + \
        f'<script type="module" async src="{root}assets/javascripts/checker-live.js" data-checker-live ' \
        f'data-rendering="{web_pages.e(tx["live_rendering"])}" data-updated="{web_pages.e(tx["live_updated"])}">' \
        '</script>\n'


def checker_moved(page: Page) -> str:
    """verifier/rapide/: where the questions are now (a link, for a reader without JavaScript), and
    the old link's answers sent on to their page."""
    tx = web_pages.texts(page.lang)
    checker = "../" * (page.depth - CHECKER.count("/"))
    return (f'<p>{web_pages.e(tx["moved_text"])}</p>\n'
            f'<p><a class="md-button md-button--primary" href="{checker or "./"}">{web_pages.e(tx["start_button"])}</a></p>\n'
            + old_links(page.site_root, checker))
