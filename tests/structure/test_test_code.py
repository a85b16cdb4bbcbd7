"""The tests' own code: Playwright's `wait_for_function` is never given a predicate that returns a
Promise (an `async` function, or `….then(…)`): it does not await it, and a Promise is truthy, so the
wait would end at once (tests/support/waiting.py's `wait_until` awaits it)."""
from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent


def _returns_a_promise(js: str) -> bool:
    return js.lstrip().startswith("async") or ".then(" in js


def _strings(tree: ast.Module) -> dict[str, str]:
    """Module-level constants holding a string (SETTLED_JS = \"\"\"async () => …\"\"\")."""
    return {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
            for t in node.targets if isinstance(t, ast.Name)}


def promise_predicates(source: str) -> list[int]:
    """Lines where `wait_for_function` is given a predicate that returns a Promise."""
    tree = ast.parse(source)
    constants = _strings(tree)
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "wait_for_function" and node.args:
            first = node.args[0]
            js = first.value if isinstance(first, ast.Constant) else constants.get(getattr(first, "id", ""), "")
            if isinstance(js, str) and _returns_a_promise(js):
                lines.append(node.lineno)
    return lines


def test_the_check_finds_an_async_predicate_given_directly_or_by_name():
    assert promise_predicates('X = """async () => true"""\npage.wait_for_function(X)\n'
                              'page.wait_for_function("() => f().then(r => r)")\n'
                              'page.wait_for_function("() => window.done === true")\n') == [2, 3]


def test_no_wait_for_function_is_given_a_promise():
    found = [f"{p.relative_to(TESTS.parent)}:{line}" for p in sorted(TESTS.rglob("*.py"))
             for line in promise_predicates(p.read_text(encoding="utf-8"))]
    assert not found, "wait_for_function does not await a Promise; use tests.support.waiting.wait_until: " + ", ".join(found)
