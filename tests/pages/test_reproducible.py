"""Builds of the same commit on two machines are byte-identical: a second clone (another path,
another time) builds the same site, every file, PDFs and compressed twins included. The clone is
built in the background while the checker's tests run (tests/support/builds.py)."""
from __future__ import annotations

import hashlib



def digests(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_second_clone_builds_the_same_bytes(built_site, second_clone):
    assert second_clone.proc.returncode == 0, second_clone.output[-3000:]
    assert second_clone.repo.resolve() != built_site.parent.resolve()
    ours, theirs = digests(built_site), digests(second_clone.site)
    assert sorted(ours) == sorted(theirs), f"files only here: {sorted(set(ours) - set(theirs))[:10]}, " \
                                           f"only there: {sorted(set(theirs) - set(ours))[:10]}"
    differ = sorted(name for name in ours if ours[name] != theirs[name])
    assert not differ, f"{len(differ)} files differ between the two builds: {differ[:15]}"
    assert len(ours) > 100
