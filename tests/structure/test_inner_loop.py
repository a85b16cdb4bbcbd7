"""The inner loop is honest: `pytest -m engine` runs in this process alone (a test that starts a
process is marked `process`, one that walks the whole answer space `space`), so it takes seconds."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ProcessInEngineTest


def test_an_engine_test_that_starts_a_process_fails(request):
    assert request.node.get_closest_marker("engine") is not None
    with pytest.raises(ProcessInEngineTest, match="mark it @pytest.mark.process"):
        subprocess.run([sys.executable, "-c", "pass"], check=False)


@pytest.mark.process
def test_a_process_test_may_start_one(request):
    assert request.node.get_closest_marker("engine") is None
    assert subprocess.run([sys.executable, "-c", "pass"], check=False).returncode == 0
