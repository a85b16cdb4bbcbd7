"""Waiting in a page until an asynchronous check holds (a service worker settled, a cache filled).

Playwright's `wait_for_function` does not await a Promise: an `async` predicate (or one that returns
`….then(…)`) gives a Promise, which is truthy, so that wait ends at its first poll whatever the check
resolves to. It made the four-phones deploy test go on while a phone's service worker was still
installing (its caches empty: "no offline data"). Here each poll's Promise is awaited (`evaluate`
does) before it is judged. tests/structure/test_test_code.py keeps async predicates away from
`wait_for_function`.

A poll that never answers (a service worker whose job or fetch event never ends holds `reg.update()` or
`caches.match` for ever) would hold `evaluate`, which has no timeout of its own, and the whole run with
it: each poll is raced in the page against the time left, and such a wait fails by saying so.
"""
from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import Error, Page

NO_ANSWER = "the check gave no answer in the time left"
# `CHECK` is a function (called with the argument) or an expression, as `evaluate` takes them.
_BOUNDED = """async (arg) => { const check = (CHECK); let timer;
  const late = new Promise((_, no) => { timer = setTimeout(() => no(new Error('""" + NO_ANSWER + """')), LEFT); });
  try { return await Promise.race([typeof check === 'function' ? check(arg) : check, late]); }
  finally { clearTimeout(timer); } }"""


def wait_until(page: Page, js: str, arg: Any = None, *, timeout: float = 30_000, polling: float = 250) -> Any:
    """Evaluate `js` (a function, async or not, given `arg`) every `polling` ms until its result is
    truthy, and return that result; TimeoutError after `timeout` ms with the last result."""
    deadline = time.monotonic() + timeout / 1000
    value: Any = None
    while True:
        left = max(1_000, round((deadline - time.monotonic()) * 1000))
        try:
            value = page.evaluate(_BOUNDED.replace("LEFT", str(left)).replace("CHECK", js), arg)
        except Error as exc:  # the page navigated between two polls: ask the new one
            if NO_ANSWER in str(exc):
                raise TimeoutError(f"the page's check never answered within {timeout / 1000:.0f} s "
                                   f"(last: {value!r}): {js[:120]}") from None
            if "Execution context was destroyed" not in str(exc):
                raise
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {timeout / 1000:.0f} s (last: {value!r}): {js[:120]}")
        page.wait_for_timeout(polling)
