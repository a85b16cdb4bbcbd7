"""tests.support.waiting.wait_until in a real page: it awaits an async check, takes an expression as
`evaluate` does, and a check that never answers fails within its timeout instead of holding the run."""
from __future__ import annotations

import time

import pytest

from tests.support.waiting import wait_until


@pytest.fixture
def page(browser):
    ctx = browser.new_context()
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def test_an_async_check_is_awaited_and_its_value_returned(page):
    page.evaluate("window.n = 0")
    assert wait_until(page, "async () => (++window.n >= 3) && window.n", polling=10) == 3


def test_an_expression_is_taken_as_evaluate_takes_it(page):
    assert wait_until(page, "document.readyState") == "complete"


def test_a_check_that_never_answers_fails_in_time(page):
    began = time.monotonic()
    with pytest.raises(TimeoutError, match="never answered"):
        wait_until(page, "() => new Promise(() => {})", timeout=1_500)
    assert time.monotonic() - began < 10
