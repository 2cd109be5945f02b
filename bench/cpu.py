"""CPU-seconds of process trees, read from /proc: the suite, its browsers and the portal apart.

Wall time on a 2-core machine shared by several engineers says more about the neighbours than
about the harness; CPU-seconds (user + system) do not. A sampler thread reads
/proc/<pid>/stat of every descendant of the given roots every `interval` seconds and keeps the
last figure of each process; a process that lives less than one interval is missed, and the
last interval of each process is lost (under 1 % of a scenario's time, see docs/suite.md).
"""

from __future__ import annotations

import os
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


def _stat(pid: int) -> tuple[int, float, str] | None:
    """Return (parent pid, CPU-seconds, start time) of a live process, or None if it is gone."""
    try:
        raw = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    # fields[0] is field 3 of proc(5): ppid is field 4, utime 14, stime 15, starttime 22.
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS, fields[19]


def _cmdline(pid: int) -> str:
    try:
        return (
            (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        )
    except OSError:
        return ""


def category(cmdline: str) -> str:
    """Name what a process is: portal, locust, browser, driver (Playwright's node) or harness."""
    if "mock_portal" in cmdline or "implementations." in cmdline:
        return "portal"
    if "locust" in cmdline:
        return "locust"
    if "chrom" in cmdline or "headless_shell" in cmdline:
        found = re.search(r"--type=([a-z-]+)", cmdline)
        return f"browser:{found[1] if found else 'main'}"  # renderer, gpu-process, utility...
    if "playwright" in cmdline and ("node" in cmdline.split(" ")[0] or "run-driver" in cmdline):
        return "driver"
    return "harness"  # pytest, or the plain script: the Python that drives the browser


class TreeMeter:
    """Sample the CPU-seconds of every process under `roots()` until stopped.

    When a root is this very process, the sampler thread's own CPU is taken off its figure.
    """

    def __init__(self, roots: Callable[[], Iterable[int]], *, interval: float = 0.1) -> None:
        self.roots = roots
        self.interval = interval
        self.seen: dict[tuple[int, str], tuple[str, float]] = {}
        self._tid: int | None = None  # the sampler's own thread: its CPU is not the tree's
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cpu-meter", daemon=True)

    def __enter__(self) -> TreeMeter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        self._tid = threading.get_native_id()
        while True:
            self.sample()
            if self._stop.wait(self.interval):
                self.sample()
                return

    def sample(self) -> None:
        """Read every descendant of the roots once."""
        parents: dict[int, int] = {}
        cpu: dict[int, tuple[float, str]] = {}
        for entry in PROC.iterdir():
            if entry.name.isdigit() and (found := _stat(int(entry.name))) is not None:
                pid = int(entry.name)
                parents[pid], cpu[pid] = found[0], found[1:]
        wanted = set(self.roots())
        children: dict[int, list[int]] = defaultdict(list)
        for pid, ppid in parents.items():
            children[ppid].append(pid)
        stack = [pid for pid in wanted if pid in cpu]
        while stack:
            pid = stack.pop()
            stack.extend(children.get(pid, ()))
            seconds, started = cpu[pid]
            if pid == os.getpid() and self._tid is not None:
                seconds -= self._own_thread_s()
            key = (pid, started)  # a pid can be reused: its start time tells two apart
            kind = self.seen[key][0] if key in self.seen else category(_cmdline(pid))
            self.seen[key] = (kind, seconds)

    def _own_thread_s(self) -> float:
        try:
            raw = (PROC / "self" / "task" / str(self._tid) / "stat").read_text()
        except OSError:
            return 0.0
        fields = raw[raw.rindex(")") + 2 :].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def by_category(self, *, detail: bool = False) -> dict[str, float]:
        """Return CPU-seconds per category (portal, browser, driver, harness, locust).

        detail: the browser's processes apart (browser:main, browser:renderer, ...).
        """
        totals: dict[str, float] = defaultdict(float)
        for kind, seconds in self.seen.values():
            totals[kind if detail else kind.split(":")[0]] += seconds
        return dict(totals)

    def total(self, *, without: Iterable[str] = ()) -> float:
        """Return the CPU-seconds of every category but those in `without`."""
        skip = set(without)
        return sum(s for kind, s in self.by_category().items() if kind not in skip)


def own_cpu_s() -> float:
    """Return this process's CPU-seconds so far (user + system)."""
    times = os.times()
    return times.user + times.system
