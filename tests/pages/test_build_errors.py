"""A broken rule stops the build with one line naming the file, the entry and the key."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT
from tests.support.clone import build, clone

BROKEN = ROOT / "tests" / "checker" / "broken_rules"


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


def _deep(rules):
    """A rule whose condition is 250 `not` deep (Python's stack would overflow without the limit)."""
    text = (rules / "rules.toml").read_text(encoding="utf-8")
    text = text.replace("when = { all", "when = " + "{ not = " * 250 + "{ all", 1)
    (rules / "rules.toml").write_text(text.replace("gte = 3 }] }", "gte = 3 }] }" + " }" * 250, 1), encoding="utf-8")


LOADER_FAULTS = {
    "deep_nesting": (_deep, "rules.toml: rule 'r1': key 'when': conditions nested more than"),
    "folder_named_toml": (lambda rules: (rules / "x.toml").mkdir(), "x.toml: not a plain file"),
    "symlink_loop": (lambda rules: (rules / "x.toml").symlink_to("x.toml"), "x.toml: not a plain file"),
}


@pytest.mark.parametrize("case", sorted(LOADER_FAULTS))
def test_a_loader_fault_stops_the_build_with_one_line(case, tmp_path):
    repo = clone(tmp_path / "repo")
    shutil.rmtree(repo / "checker" / "rules")
    shutil.copytree(BROKEN / "valid_minimal", repo / "checker" / "rules")
    make_fault, expected = LOADER_FAULTS[case]
    make_fault(repo / "checker" / "rules")
    p = build(repo)
    output = p.stdout + p.stderr
    assert p.returncode != 0
    assert "Traceback" not in output and "RecursionError" not in output, output[-3000:]
    lines = [line for line in output.splitlines() if expected in line]
    assert len(lines) == 1, output[-3000:]
