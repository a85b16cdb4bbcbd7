"""The checker's generated pages (verifier/<code>/, hundreds per language) in site-wide tests:
a whole-site check runs on a sample (the first question and the first outcome of each language);
tests/checker_page/test_checker_pages.py checks all of them where a check is cheap."""
from __future__ import annotations

import re

GENERATED = re.compile(r"/(?:fr/)?verifier/\d+/(?:index\.html)?$")


def is_generated(url_path: str) -> bool:
    return GENERATED.search(url_path) is not None


def sampled(url_paths: list[str]) -> list[str]:
    """The paths without the generated pages, except the first question and the first outcome page
    (the longest code: it is always an outcome) of each language."""
    out = [p for p in url_paths if not is_generated(p)]
    for prefix in ("/verifier/", "/fr/verifier/"):
        mine = [p for p in url_paths if is_generated(p) and p.startswith(prefix)]
        if mine:
            codes = {p[len(prefix):].split("/")[0]: p for p in mine}
            out.append(codes["0"])
            out.append(codes[max(codes, key=lambda c: (len(c), c))])
    return out
