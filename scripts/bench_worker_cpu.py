"""A phone-like CPU for the checker's Web Worker in `make bench`.

Chrome's CPU throttling (Emulation.setCPUThrottlingRate) slows the page's thread only, not its
workers, so Python would start at desktop speed. Here every dedicated-worker thread of one
Chromium is moved, as soon as it appears, into a cgroup (v1 `cpu` controller) capped at a share of
one core — 25 %, the share the audit used for a cheap phone. Linux only, as root; when the cgroup
cannot be made, the bench says so and measures without the cap.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

CPU_ROOT = Path("/sys/fs/cgroup/cpu")
PERIOD_US = 100_000
WORKER_THREAD = "DedicatedWorker"  # Chromium's thread name, as /proc shows it (15 characters)


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def _descendants(pid: int) -> list[int]:
    tree, out, todo = _children(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(tree.get(p, []))
    return out


def browser_pid(tag: str) -> int | None:
    """The Chromium browser process started with the command-line switch `tag` (ours, not another's)."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if tag.encode() in args and not any(a.startswith(b"--type=") for a in args):
            return int(cmdline.parent.name)
    return None


class WorkerCpuCap:
    """Use as a context manager around a browser run: `with WorkerCpuCap(tag, 0.25) as cap: ...`."""

    def __init__(self, tag: str, share: float) -> None:
        self.tag, self.share = tag, share
        self.group = CPU_ROOT / f"artisan-bench-{os.getpid()}"
        self.capped: set[int] = set()
        self.error: str | None = None
        self._stop = threading.Event()

    def __enter__(self) -> "WorkerCpuCap":
        try:
            self.group.mkdir(exist_ok=True)
            (self.group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
            (self.group / "cpu.cfs_quota_us").write_text(str(int(PERIOD_US * self.share)))
        except OSError as exc:
            self.error = f"no cgroup: {exc}"
            return self
        threading.Thread(target=self._watch, daemon=True).start()
        return self

    def _watch(self) -> None:
        try:
            self._catch_workers()
        except Exception as exc:  # never go on uncapped without saying so: the figures would flatter
            self.error = f"the watch stopped: {type(exc).__name__}: {exc}"

    def _catch_workers(self) -> None:
        while not self._stop.wait(0.02):  # a worker is caught within 20 ms of starting
            pid = browser_pid(self.tag)
            if pid is None:
                continue
            for proc in _descendants(pid):
                try:
                    tasks = list(Path(f"/proc/{proc}/task").iterdir())
                except OSError:
                    continue  # the process ended between the listing and now (a closed tab)
                for task in tasks:
                    tid = int(task.name)
                    if tid in self.capped:
                        continue
                    try:
                        if (task / "comm").read_text().startswith(WORKER_THREAD):
                            (self.group / "tasks").write_text(str(tid))
                            self.capped.add(tid)
                    except OSError:
                        pass  # the thread ended meanwhile

    def describe(self) -> str:
        if self.error:
            return f"worker not slowed ({self.error})"
        return f"each Web Worker thread capped at {round(100 * self.share)} % of one core (cgroup v1 cpu quota)"

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self.error:
            return
        try:
            for tid in (self.group / "tasks").read_text().split():
                try:
                    (CPU_ROOT / "tasks").write_text(tid)
                except OSError:
                    pass
            self.group.rmdir()
        except OSError:
            pass
