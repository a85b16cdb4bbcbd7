"""Builds of the same commit on two machines and two days are byte-identical: a second clone (another
path, every clock moved on by three days with faketime) builds the same site, every file, PDFs and
compressed twins included. The clone is built in the background while the checker's tests run
(tests/support/builds.py)."""
from __future__ import annotations

import hashlib

import pytest



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


def test_the_second_clone_was_built_on_another_day(built_site, second_clone):
    """The clock really moved: the clone's build ran under faketime, days after this run's."""
    from tests.support.builds import CLONE_CLOCK_SHIFT, command
    assert command("clone")[:3] == [command("clone")[0], "-f", CLONE_CLOCK_SHIFT] and CLONE_CLOCK_SHIFT == "+3d"
    import subprocess
    import datetime
    moved = subprocess.run([*command("clone")[:3], "date", "-u", "+%F"], capture_output=True, text=True, check=True)
    assert datetime.date.fromisoformat(moved.stdout.strip()) - datetime.datetime.now(datetime.timezone.utc).date() \
        == datetime.timedelta(days=3)


@pytest.mark.process  # build_env asks git for the last commit's time when make did not set it
def test_a_background_build_never_sees_what_a_test_set_in_the_environment(monkeypatch):
    """Builds start in a background thread while other tests run; one test's monkeypatched variable
    (a chamber file, a public address) must not reach a build that starts during that test."""
    from tests.support.clone import build_env
    monkeypatch.setenv("CHAMBER_FILE", "/nonexistent/chamber.toml")
    monkeypatch.setenv("SITE_URL", "https://elsewhere.invalid/")
    env = build_env()
    assert env.get("CHAMBER_FILE") != "/nonexistent/chamber.toml"
    assert env.get("SITE_URL") != "https://elsewhere.invalid/"
