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


def _edit(rel: str, old: str, new: str):
    def edit(repo):
        path = repo / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


DATE_FAULTS = {
    "verified_on_in_2062": (_edit("checker/rules/meta.toml", "verified_on = 2026-", "verified_on = 2062-"),
                            "checker/rules/meta.toml: top level: key 'verified_on': 2062-"),
    "page_source_checked_later": (_edit("docs/_data/sources.toml", "verified = 2026-11-29", "verified = 2099-11-29"),
                                  "docs/_data/sources.toml: source '"),
    "in_force_ends_before_it_starts": (_edit("checker/rules/amo.toml", "in_force = { from = 2022-",
                                             "in_force = { until = 2021-01-01, from = 2022-"),
                                       "amo.toml: rule '"),
}


@pytest.mark.parametrize("case", sorted(DATE_FAULTS))
def test_a_future_or_inverted_date_stops_the_build_with_one_line(case, tmp_path):
    repo = clone(tmp_path / "repo")
    make_fault, expected = DATE_FAULTS[case]
    make_fault(repo)
    p = build(repo)
    output = p.stdout + p.stderr
    assert p.returncode != 0 and "Traceback" not in output, output[-3000:]
    lines = [line for line in output.splitlines() if expected in line]
    assert len(lines) == 1, output[-3000:]
    assert ("is after" in lines[0]) if case != "in_force_ends_before_it_starts" else ("is after until" in lines[0])
    assert not (repo / "site" / "index.html").exists()
