"""A broken rule stops the build with one line naming the file, the entry and the key."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT
from tests.support.clone import build, clone

BROKEN = ROOT / "tests" / "checker" / "broken_rules"


@pytest.mark.process
@pytest.mark.parametrize("case", ["in_not_a_list_on_number", "bom"])
def test_a_broken_rule_stops_the_build_with_one_line(case, tmp_path):
    repo = clone(tmp_path / "repo")
    shutil.rmtree(repo / "checker" / "rules")
    shutil.copytree(BROKEN / case, repo / "checker" / "rules", ignore=shutil.ignore_patterns("expected.txt"))
    p = build(repo)
    output = p.stdout + p.stderr
    assert p.returncode != 0
    assert "Traceback" not in output, output[-3000:]
    expected = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").strip()
    lines = [line for line in output.splitlines() if "rules.toml" in line]
    assert len(lines) == 1 and expected in lines[0], output[-3000:]
    assert not (repo / "site" / "index.html").exists()
