"""The information pages on a 360-px phone: nothing wider than the screen; screenshots for a person to look at."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, page_url_path

SCREENS = ("", "registre", "amo", "aide", "sources", "lexique")


@pytest.mark.parametrize("lang", ("ar", "fr"))
def test_information_pages_fit_a_phone(site_server, page, lang):
    ARTIFACTS.mkdir(exist_ok=True)
    too_wide = []
    for slug in SCREENS:
        page.goto(site_server + page_url_path(lang, f"{slug}/" if slug else ""))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide.append(f"/{slug} ({lang}): {width}px")
        page.screenshot(path=str(ARTIFACTS / f"content-{lang}-{slug or 'home'}.png"), full_page=True)
    assert not too_wide, too_wide
    assert not page.context.requests.foreign(), page.context.requests.foreign()
