"""Waiting in a page until an asynchronous check holds (a service worker settled, a cache filled).

Playwright's `wait_for_function` does not await a Promise: an `async` predicate (or one that returns
`….then(…)`) gives a Promise, which is truthy, so that wait ends at its first poll whatever the check
resolves to. It made the four-phones deploy test go on while a phone's service worker was still
installing (its caches empty: "no offline data"). Here each poll's Promise is awaited (`evaluate`
does) before it is judged. tests/structure/test_test_code.py keeps async predicates away from
`wait_for_function`.
"""
from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import Error, Page


def wait_until(page: Page, js: str, arg: Any = None, *, timeout: float = 30_000, polling: float = 250) -> Any:
    """Evaluate `js` (a function, async or not, given `arg`) every `polling` ms until its result is
    truthy, and return that result; TimeoutError after `timeout` ms with the last result."""
    deadline = time.monotonic() + timeout / 1000
    value: Any = None
    while True:
        try:
            value = page.evaluate(js, arg)
        except Error as exc:  # the page navigated between two polls: ask the new one
            if "Execution context was destroyed" not in str(exc):
                raise
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {timeout / 1000:.0f} s (last: {value!r}): {js[:120]}")
        page.wait_for_timeout(polling)
