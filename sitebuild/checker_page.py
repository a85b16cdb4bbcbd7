"""The checker's markers: `<!-- rules:checker-start -->` (verifier/: what one learns, one start link;
the question and outcome pages are written after the build by postbuild/checker_pages.py) and
`<!-- rules:checker-moved -->` (verifier/rapide/, the address of the one-page form that went: old
links go on to the page their answers lead to; docs-dev/web.md says why it went)."""
from __future__ import annotations

from checker import web_pages
from checker.holds import holding
from sitebuild.website import CHECKER, Page, build_day, rules


def old_links(root: str, checker: str) -> str:
    """The scripts that send an old link's answers (`#forme=…`) to their page: the one fragment
    reader, then checker-start.js, which finds tree.json and the pages at `checker` (relative)."""
    return (f'<script src="{root}assets/javascripts/fragment-reader.js" defer></script>\n'
            f'<script src="{root}assets/javascripts/checker-start.js" data-checker="{checker}" defer></script>\n')


def checker_start(page: Page) -> str:
    """The start page's content, the scripts that send an old `#forme=…` link to its page, and the
    engine live (checker-live.js, with its status lines in the page's language and the span of days
    on which the built pages hold: checker/holds.py), which the question and outcome pages inherit
    from this page (postbuild/checker_pages.py, Shell); and, hidden until that script shows it, the
    button that keeps the whole checker on the phone (its size is written in by
    postbuild/checker_offline.py, once the files exist).
    `async`: it runs as soon as it arrives (its tag follows the article), so the engine's worker
    starts in parallel with the rest of the page, not after the theme's scripts."""
    lang, root = page.lang, page.site_root
    tx = web_pages.texts(lang)
    e = web_pages.e
    since, until = holding(rules(), build_day())
    holds = f'data-holds-from="{since.isoformat() if since else ""}" data-holds-until="{until.isoformat() if until else ""}"'
    keep = (f'<p class="ck-keep" data-keep hidden data-keeping="{e(tx["keep_progress"])}" '
            f'data-kept="{e(tx["keep_done"])}" data-keep-failed="{e(tx["keep_failed"])}">'
            f'<button type="button" class="md-button">{e(tx["keep_button"])}</button> '
            f'<span class="ck-small">{e(tx["keep_help"])}</span></p>\n')
    return web_pages.render_start(lang, on=build_day(), rules=rules()) + keep + old_links(root, "") + \
        f'<script type="module" async src="{root}assets/javascripts/checker-live.js" data-checker-live ' \
        f'data-rendering="{e(tx["live_rendering"])}" data-updated="{e(tx["live_updated"])}" {holds}>' \
        '</script>\n'


def checker_moved(page: Page) -> str:
    """verifier/rapide/: where the questions are now (a link, for a reader without JavaScript), and
    the old link's answers sent on to their page."""
    tx = web_pages.texts(page.lang)
    checker = "../" * (page.depth - CHECKER.count("/"))
    return (f'<p>{web_pages.e(tx["moved_text"])}</p>\n'
            f'<p><a class="md-button md-button--primary" href="{checker or "./"}">{web_pages.e(tx["start_button"])}</a></p>\n'
            + old_links(page.site_root, checker))
