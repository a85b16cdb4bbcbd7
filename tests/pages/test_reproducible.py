"""Builds of the same commit on two machines are byte-identical: a second clone (another path,
another time) builds the same site, every file, PDFs and compressed twins included."""
from __future__ import annotations

import hashlib

from tests.support.clone import build, clone


def digests(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_second_clone_builds_the_same_bytes(built_site, tmp_path):
    repo = clone(tmp_path / "elsewhere" / "clone")
    p = build(repo)
    assert p.returncode == 0, (p.stdout + p.stderr)[-3000:]
    ours, theirs = digests(built_site), digests(repo / "site")
    assert sorted(ours) == sorted(theirs), f"files only here: {sorted(set(ours) - set(theirs))[:10]}, " \
                                           f"only there: {sorted(set(theirs) - set(ours))[:10]}"
    differ = sorted(name for name in ours if ours[name] != theirs[name])
    assert not differ, f"{len(differ)} files differ between the two builds: {differ[:15]}"
    assert len(ours) > 100
