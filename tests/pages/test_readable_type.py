"""Readable type on a 360-px phone, in real Chromium: no visible text under 14 px on any page (both
languages), dark and bold headings, the "where" lines at body size with a place marker, the glossary
stacked rather than a table."""
from __future__ import annotations

import json

import pytest

from tests.conftest import page_url_path
from tests.quality.test_accessibility import site_paths

MIN_PX = 14.0

# Every element that shows text of its own, with its computed size; hidden, clipped (sr-only) and
# zero-sized elements are skipped: a reader never sees them.
SMALL_TEXT = """(min) => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < min) out.push(`${size}px <${el.tagName.toLowerCase()} class="${el.className}">: ` +
                             [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join(' ').slice(0, 40));
  }
  return out;
}"""


def test_no_text_under_14px_on_a_phone(built_site, site_server, browser):
    paths = site_paths(built_site)
    assert len(paths) >= 20, paths
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True)
    page = ctx.new_page()
    small = {}
    for path in paths:
        page.goto(site_server + path)
        found = page.evaluate(SMALL_TEXT, MIN_PX)
        if found:
            small[path] = sorted(set(found))[:8]
    ctx.close()
    assert not small, json.dumps(small, indent=1, ensure_ascii=False)[:5000]
