"""Measure the suite on the bundled portal in CPU-seconds beside wall time; shards against one.

    .venv/bin/python -m bench.suite_bench                # happy path, whole suite, 3 shards
    .venv/bin/python -m bench.suite_bench --skip-full    # only the happy path
    .venv/bin/python -m bench.suite_bench --skip-shards  # no sharded run

CPU-seconds (user + system) are read from /proc (bench/cpu.py) for the pytest process, the
Playwright driver, the browser's processes and the portal, which is shown apart: a
deployment's cost is not the harness's. Figures:
- happy path: the plain Playwright script (this process + driver + browser) against the
  harness with its default evidence (a screenshot after each step, accessibility audits),
  on a first run (no audit in pytest's cache) and on a later one (the screens' audits cached
  by fingerprint, as when a team runs the suite again on the same deployment). The
  harness's figure is a run of NAV-01 with the happy path minus the same run without it,
  so pytest's start, collection and browser launch cancel out. Target: <= 1.2x.
- whole suite, serial: CPU-seconds a scenario, harness + driver + browser. Target: <= 1.1.
- 3 shards side by side, merged (`python -m livingspec --merge`), against the serial run:
  wall, CPU, and the two run models compared verdict for verdict.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from bench.cpu import TreeMeter
from catalogue import messages, texts
from livingspec.merge import merge_runs
from walkthrough import runmodel
from walkthrough.browser import context_options, launch_args
from walkthrough.people import make_person
from walkthrough.targets import bundled_target

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ("harness", "driver", "browser")  # what the suite spends; the portal is apart


class Run:
    """One pytest run of the suite in a subprocess: wall, CPU by kind, the scenarios."""

    def __init__(self, args: Sequence[str], folder: Path) -> None:
        self.folder = folder
        # pytest's cache holds the accessibility audits: a run's own folder unless given.
        given = any(a.startswith("cache_dir=") for a in args)
        cache = [] if given else ["-o", f"cache_dir={folder}/cache"]
        cmd = [sys.executable, "-m", "pytest", "steps", "-q", *cache, *args]
        cmd += ["--run-dir", str(folder / "run"), "--reports-dir", str(folder)]
        self.process = subprocess.Popen(
            cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.started = time.perf_counter()
        self.wall = 0.0

    def wait(self) -> Run:
        self.process.wait()
        self.wall = time.perf_counter() - self.started
        return self

    @property
    def scenarios(self) -> list[runmodel.ScenarioResult]:
        return list(
            runmodel.read_jsonl(self.folder / "run" / "scenarios.jsonl", runmodel.ScenarioResult)
        )


def measured(*runs_args: Sequence[str], tmp: Path) -> tuple[list[Run], dict[str, float]]:
    """Run pytest once per args, side by side; return the runs and their CPU-seconds by kind."""
    runs: list[Run] = []
    with TreeMeter(lambda: [r.process.pid for r in runs]) as meter:
        for i, args in enumerate(runs_args):
            runs.append(Run(args, tmp / f"run-{i}"))
        for run in runs:
            run.wait()
    return runs, meter.by_category(detail=True)


# NAV-01's own scenario runs first and warms the portal and the browser up. WARM adds scenarios
# that reach the same screens first (feature order puts `parcours/` last), as in a whole run,
# where the accessibility audit of each screen is done once per worker, not per scenario.
FRESH = "NAV-01"
WARM = "NAV-01 or PWD-05 or LOG-01 or SYN-01 or MAIL-01"


def harness_cpu(
    tmp: Path,
    rounds: int,
    extra: Sequence[str] = (),
    *,
    select: str = FRESH,
    audits_cached: bool = False,
) -> tuple[list[float], list[float]]:
    """Return the happy path's CPU-seconds (harness + browser) and wall seconds, per round.

    `audits_cached`: every run shares one pytest cache that an earlier run filled, as a
    later run against the same deployment does; otherwise each run starts with an empty one.
    """
    cpu, wall = [], []
    common = ["-p", "no:xdist", "-m", select, "--mail-quiet", "0", *extra]
    if audits_cached:
        common += ["-o", f"cache_dir={tmp}/shared-cache"]
        measured(common, tmp=tmp / "prime")
    for i in range(rounds):
        (full,), with_it = measured(common, tmp=tmp / f"a{i}")
        happy = next(s for s in full.scenarios if s.feature_file.startswith("parcours/"))
        (_,), without = measured([*common, "--deselect", happy.nodeid], tmp=tmp / f"b{i}")
        cpu.append(_spent(with_it) - _spent(without))
        wall.append(happy.duration_s)
    return cpu, wall


def plain_cpu(rounds: int) -> tuple[list[float], list[float]]:
    """Run the happy path as a plain Playwright script; return CPU-seconds and wall per round."""
    cpu, wall = [], []
    with bundled_target() as target, sync_playwright() as p:
        browser = p.chromium.launch(**launch_args(p))
        with TreeMeter(lambda: [os.getpid()]) as meter:
            for _ in range(rounds):
                person = make_person(age=30)
                meter.sample()
                before = meter.by_category()
                start = time.perf_counter()
                _plain_happy_path(browser, target, person)
                wall.append(time.perf_counter() - start)
                meter.sample()
                after = meter.by_category()
                cpu.append(sum(after.get(k, 0) - before.get(k, 0) for k in HARNESS))
        browser.close()
    return cpu, wall


def _plain_happy_path(browser, target, person) -> None:
    ctx = browser.new_context(**context_options())
    page = ctx.new_page()
    page.goto(target.base_url)
    page.get_by_role("link", name=messages.HOME_ACCESS).click()
    page.get_by_role("link", name=texts.REGISTER).click()
    page.get_by_role("checkbox", name=texts.CGU_CHECKBOX).check()
    page.get_by_role("button", name=texts.CONTINUE).click()
    for label, value in [
        (texts.FIELD_NIR, person.nir.number),
        (texts.FIELD_CLE, person.nir.cle),
        (texts.FIELD_FIRST_NAME, person.first_name),
        (texts.FIELD_BIRTH_NAME, person.birth_name),
        (texts.FIELD_LANDLINE, person.landline),
        (texts.FIELD_MOBILE, person.mobile),
        (texts.FIELD_EMAIL, person.email),
        (texts.FIELD_EMAIL_CONFIRM, person.email),
    ]:
        page.get_by_label(label, exact=True).fill(value)
    answer = target.captcha.answer(page, page.get_by_label(texts.FIELD_CAPTCHA))
    page.get_by_label(texts.FIELD_CAPTCHA).fill(answer)
    page.get_by_role("button", name=texts.CONTINUE).click()
    page.get_by_label(texts.FIELD_PASSWORD, exact=True).fill(texts.EXAMPLE_PASSWORD)
    page.get_by_label(texts.FIELD_PASSWORD_CONFIRM).fill(texts.EXAMPLE_PASSWORD)
    page.get_by_role("button", name=texts.VALIDATE).click()
    expect(page.get_by_text(texts.WELCOME_BANNER)).to_be_visible()
    target.mail.wait_for(person.email)
    page.get_by_text(person.display_name).click()
    page.get_by_role("button", name=messages.LOGOUT).click()
    page.goto(target.base_url)
    page.get_by_role("link", name=messages.HOME_ACCESS).click()
    page.get_by_label(texts.LOGIN_NIR).fill(person.nir.full)
    page.get_by_label(texts.LOGIN_PASSWORD, exact=True).fill(texts.EXAMPLE_PASSWORD)
    page.get_by_role("button", name=texts.LOGIN_SUBMIT).click()
    expect(page.get_by_text(person.display_name)).to_be_visible()
    ctx.close()


def _kinds(cpu: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.1f}" for k, v in sorted(cpu.items()))


def _spent(cpu: dict[str, float], kinds: Sequence[str] = HARNESS) -> float:
    """Add up the CPU-seconds of `kinds` (browser:renderer counts as browser)."""
    return sum(v for k, v in cpu.items() if k.split(":")[0] in kinds)


def _happy_path(tmp: Path, rounds: int) -> None:
    """Print the happy path's CPU: a plain Playwright script, then the harness three ways."""
    plain, plain_wall = plain_cpu(rounds)
    p = statistics.median(plain)
    print(
        f"happy path, plain Playwright: {p:.2f} CPU-s (script + driver + browser), wall "
        f"{statistics.median(plain_wall):.2f} s"
    )
    for label, select, cached in (
        ("screens new to the worker, first run (no audit cached)", FRESH, False),
        ("screens new to the worker, a later run (audits cached)", FRESH, True),
        ("inside a first run", WARM, False),
    ):
        harness, harness_wall = harness_cpu(
            tmp / f"{select[:6]}-{cached}", rounds, select=select, audits_cached=cached
        )
        h = statistics.median(harness)
        print(
            f"happy path, harness with default evidence, {label}: {h:.2f} CPU-s: "
            f"{h / p:.2f}x the plain script (target <= 1.2x); wall "
            f"{statistics.median(harness_wall):.2f} s"
        )


def _whole_suite(tmp: Path) -> Run:
    """Print the whole suite's CPU-seconds a scenario, serial; return the run."""
    (serial,), cpu = measured(["-p", "no:xdist"], tmp=tmp / "serial")
    n = len(serial.scenarios)
    per = _spent(cpu) / max(n, 1)
    print(
        f"whole suite, serial: {n} scenarios in {serial.wall:.0f} s wall; CPU-s by kind "
        f"{_kinds(cpu)}; {per:.2f} CPU-s a scenario harness + browser (target <= 1.0), "
        f"portal {cpu.get('portal', 0) / max(n, 1):.2f} apart"
    )
    return serial


def _shards(tmp: Path, serial: Run) -> bool:
    """Print three shards side by side and their merge; tell whether verdicts equal serial's."""
    started = time.perf_counter()
    shards, shard_cpu = measured(
        *(["-p", "no:xdist", "--shard", f"{k}/3"] for k in (1, 2, 3)), tmp=tmp / "shards"
    )
    merge_started = time.perf_counter()
    merge_runs([s.folder / "run" for s in shards], into=tmp / "merged" / "run")
    merge_s = time.perf_counter() - merge_started
    wall = time.perf_counter() - started
    merged = runmodel.load_run(tmp / "merged" / "run")[1]
    same = {s.nodeid: s.status for s in merged} == {s.nodeid: s.status for s in serial.scenarios}
    print(
        f"3 shards side by side + merge: {wall:.0f} s wall (merge {merge_s:.2f} s), shards "
        f"{', '.join(f'{len(s.scenarios)} scenarios {s.wall:.0f} s' for s in shards)}; CPU-s "
        f"{_kinds(shard_cpu)}; against one process {serial.wall:.0f} s; merged verdicts "
        f"{'equal' if same else 'DIFFER from'} the one-process run's"
    )
    return same


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures; exit 0 (targets are printed, not enforced), 1 if shards disagree."""
    parser = argparse.ArgumentParser(prog="python -m bench.suite_bench")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-full", action="store_true", help="only the happy path")
    parser.add_argument("--skip-shards", action="store_true", help="no 3-shard run")
    args = parser.parse_args(argv)
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="cpf-bench-") as tmpdir:
        tmp = Path(tmpdir)
        _happy_path(tmp, args.rounds)
        if args.skip_full:
            return 0
        serial = _whole_suite(tmp)
        if args.skip_shards:
            return 0
        return 0 if _shards(tmp, serial) else 1


if __name__ == "__main__":
    raise SystemExit(main())
