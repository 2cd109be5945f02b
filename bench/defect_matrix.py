"""Run the suite against each deliberate defect of each implementation; write the matrix.

For each defect, its implementation is started on its own (a free port, a temporary database,
that one defect switched on) and the suite drives it through a profile (`--target`, the
harness's SMTP listener), as it would a deployment nobody here wrote. The run is serial and
stops at the first failure that names the broken rule (`--stop-on-rule`: the rule's own
scenarios run first), so a caught defect costs a few scenarios; only a defect that is not
caught runs its rule's whole family (or the whole suite with `--whole-suite`). A defect is
caught when the suite failed AND a failure named the broken rule AND that rule passes when
the same implementation runs without any defect (one whole-suite baseline run each first;
`--no-baseline` skips it).

    .venv/bin/python -m bench.defect_matrix                      # every defect, 2 at a time
    .venv/bin/python -m bench.defect_matrix --impl second --only cgu-not-enforced
    .venv/bin/python -m bench.defect_matrix --shard 2/3 --out reports/defects-2.json  # a CI job
    .venv/bin/python -m bench.defect_matrix --merge reports/defects-*.json           # then one
    .venv/bin/python -m bench.defect_matrix --impl third --onboard   # with onboarding's profile

Writes `reports/defects.json` (walkthrough/defects_model.py; the living spec's "Défauts
injectés" section) unless `--out`. Implementations: bench/implementations.py.

`--onboard` first runs `python -m walkthrough.onboard` against each implementation started
without a defect (the captcha and mail of its hand-written profile), keeps the profile it
proposes beside `--out`, and drives every run (baseline included) with that profile instead of
the hand-written one; each row's note then starts with "proposed profile".
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import tomli_w

from bench.cpu import TreeMeter
from bench.implementations import (
    IMPLEMENTATIONS,
    ROOT,
    DidNotStart,
    Implementation,
    available,
    free_port,
    serve,
)
from catalogue.rules import rule_ids
from walkthrough import runmodel
from walkthrough.defects_model import DefectRow, read_defects, write_defects

RUN_TIMEOUT_S = 900.0
ONBOARD_TIMEOUT_S = 600.0
PROPOSED = "proposed profile"
Job = tuple[Implementation, str]


def selection(rule: str, *, whole_suite: bool) -> list[str]:
    """Return the pytest arguments that pick the scenarios of the rule's family."""
    if whole_suite:
        return []
    family = rule.split("-")[0]
    return ["-m", " or ".join(r for r in rule_ids() if r.startswith(family + "-"))]


def _profile(impl: Implementation, folder: Path, *, url: str, smtp_port: int) -> Path:
    profile = impl.base_profile()
    mail = {k: v for k, v in profile.get("mail", {}).items() if k not in ("kind", "host", "port")}
    profile.update(
        name=f"{impl.name} (defect matrix)",
        base_url=url,
        mail={**mail, "kind": "smtp", "host": "127.0.0.1", "port": smtp_port},
        report={"screenshots": False, "accessibility": False},
    )
    path = folder / "profile.toml"
    path.write_text(tomli_w.dumps(profile), encoding="utf-8")
    return path


class OnboardingFailed(RuntimeError):
    """Onboarding wrote no profile; the message is its last line."""


def onboarded(impl: Implementation, profile: Path) -> Implementation:
    """Onboard `impl` started without a defect, write its proposal to `profile`; return it so."""
    hand = impl.base_profile()
    captcha = hand.get("captcha", {})
    answer = captcha.get("answer") if captcha.get("strategy") == "fixed" else None
    smtp_port = free_port()
    # The same captcha and mail as the hand-written profile: only the locators are onboarding's.
    options = ["--captcha-fixed", answer] if answer else ["--captcha-oracle"]
    no_mail = hand.get("mail", {}).get("kind") == "none"
    options += ["--no-mail"] if no_mail else ["--smtp", f"127.0.0.1:{smtp_port}"]
    with serve(
        impl, port=free_port(), smtp=("127.0.0.1", smtp_port), defects=(), captcha=answer
    ) as url:
        cmd = [sys.executable, "-m", "walkthrough.onboard", url, *options, "-o", str(profile)]
        try:
            result = subprocess.run(
                cmd, cwd=ROOT, capture_output=True, text=True, timeout=ONBOARD_TIMEOUT_S,
                check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            raise OnboardingFailed(f"no profile within {ONBOARD_TIMEOUT_S:.0f} s") from None
    if result.returncode != 0 or not profile.is_file():
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise OnboardingFailed(f"exit {result.returncode}: {last[0]}")
    # base_profile() reads ROOT / profile, which is `profile` itself when it is absolute.
    return replace(impl, profile=profile.resolve())


def _why_unseen(
    results: Sequence[runmodel.ScenarioResult], rule: str, named: Sequence[str], *, beyond: str
) -> str | None:
    """Say why an uncaught defect could not be seen (reported n/t), or None: it was missed.

    What the profile cannot show is reported "not tested", never passed: when the rule's other
    scenarios pass, the defect sits where the profile cannot look (not a miss, not a catch;
    listed apart so that a person can judge it). A defect beyond what any outside check
    perceives says so in catalogue/defects.yaml, as a known limit.
    """
    if beyond:
        return f"beyond what the suite perceives: {beyond}"
    of_rule = [s for s in results if rule in s.rule_ids]
    unseen = [s for s in of_rule if (s.skip_reason or "").startswith("not tested")]
    if (
        not unseen
        or rule in named
        or any(s.status != "passed" and s not in unseen for s in of_rule)
    ):
        return None
    reason = (unseen[0].skip_reason or "").removeprefix("not tested: ")
    return (
        f"not testable with this implementation's profile: {len(unseen)} of the rule's "
        f"{len(of_rule)} scenarios were not tested ({reason}), the others passed"
    )


def run_suite(
    impl: Implementation,
    *,
    defects: Sequence[str],
    rule: str,
    pick: Sequence[str] = (),
    stop: bool = True,
) -> DefectRow:
    """Drive the suite (scenarios `pick`ed by pytest options) against a defective `impl`."""
    name = ",".join(defects) or "(none)"
    roots: list[int] = []
    output, returncode = "", -1  # -1: the suite never ran
    with (
        tempfile.TemporaryDirectory(prefix="cpf-defect-") as tmpdir,
        TreeMeter(lambda: roots) as meter,
    ):
        tmp = Path(tmpdir)
        started = time.monotonic()
        try:
            output, returncode = _drive(
                impl, tmp, defects=defects, rule=rule, pick=pick, stop=stop, roots=roots
            )
        except DidNotStart as error:
            output = f"{impl.name} did not start: {str(error).splitlines()[0]}"
        path = tmp / "run" / "scenarios.jsonl"
        results = list(runmodel.read_jsonl(path, runmodel.ScenarioResult)) if path.exists() else []
    failed = [s for s in results if s.status == "failed"]
    named = sorted({r for s in failed for r in s.failed_rule_ids})
    suite_failed = returncode not in (0, -1)
    note = ""
    if not results:
        tail = output.strip().splitlines()[-1:] or ["no output"]
        note = f"no run model (exit {returncode}): {tail[0]}"
    registry = impl.defects()
    caught = suite_failed and rule in named
    beyond = registry[defects[0]].beyond_perception if defects else ""
    unseen = None if caught else _why_unseen(results, rule, named, beyond=beyond)
    not_testable = unseen is not None
    note = note or (unseen or "")
    return DefectRow(
        defect=name,
        rule=rule,
        implementation=impl.name,
        description=registry[defects[0]].description if defects else "no defect",
        caught=caught,
        not_testable=not_testable,
        suite_failed=suite_failed,
        named_rule_ids=named,
        failed_scenarios=[s.name for s in failed],
        scenarios=len(results),
        duration_s=round(time.monotonic() - started, 1),
        cpu_s=round(meter.total(), 1),
        note=note,
    )


def _drive(
    impl: Implementation,
    tmp: Path,
    *,
    defects: Sequence[str],
    rule: str,
    pick: Sequence[str],
    stop: bool,
    roots: list[int],
) -> tuple[str, int]:
    """Serve `impl` with `defects` and run the suite at it; return its output and exit status."""
    captcha = impl.base_profile().get("captcha", {})
    answer = captcha.get("answer") if captcha.get("strategy") == "fixed" else None
    smtp_port = free_port()
    with serve(
        impl, port=free_port(), smtp=("127.0.0.1", smtp_port), defects=defects,
        captcha=answer, on_start=roots.append,
    ) as url:  # fmt: skip
        profile = _profile(impl, tmp, url=url, smtp_port=smtp_port)
        cmd = [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider"]
        cmd += ["-p", "no:xdist", *pick, "--target", str(profile), "--traces", "off"]
        cmd += ["--no-screenshots", "--no-a11y"]
        cmd += ["--stop-on-rule", rule] if stop and rule else []
        cmd += ["--run-dir", str(tmp / "run"), "--reports-dir", str(tmp / "reports")]
        # Each run starts a new pytest: let it keep the assertion-rewritten plugin modules
        # (faker, hypothesis...) in __pycache__ instead of rewriting them every time
        # (1.4 CPU-s a start, measured; docs/suite.md "Where the CPU goes").
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        process = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        roots.append(process.pid)
        output, _ = process.communicate(timeout=RUN_TIMEOUT_S)
    return output, process.returncode


HEADER = (
    f"{'implementation':10} {'defect':30} {'rule':8} {'caught':6} {'ran':>3} {'s':>4} {'cpu':>4}"
)


def print_row(row: DefectRow) -> None:
    """Print one matrix row under HEADER."""
    print(
        f"{row.implementation:10} {row.defect:30} {row.rule:8} {_outcome(row):6} "
        f"{row.scenarios:3} {row.duration_s:4.0f} {row.cpu_s:4.0f}  "
        f"{', '.join(row.named_rule_ids) or '-'} {row.note}",
        flush=True,
    )


def _outcome(row: DefectRow) -> str:
    return "YES" if row.caught else "n/t" if row.not_testable else "NO"


def shard(jobs: Sequence[Job], k: int, n: int, known: dict[tuple[str, str], float]) -> list[Job]:
    """Return the k-th of n slices of `jobs`, balanced by the last matrix's durations."""
    default = sum(known.values()) / len(known) if known else 1.0
    loads = [0.0] * n
    slices: list[list[Job]] = [[] for _ in range(n)]
    weight = {job: known.get((job[0].name, job[1]), default) for job in jobs}
    for job in sorted(jobs, key=lambda j: (-weight[j], j[0].name, j[1])):
        least = loads.index(min(loads))
        slices[least].append(job)
        loads[least] += weight[job]
    return sorted(slices[k - 1], key=lambda j: jobs.index(j))


def _fail(message: str) -> int:
    print(f"defect_matrix: {message}", file=sys.stderr)
    return 2


def _parser() -> argparse.ArgumentParser:
    """Return the matrix's options."""
    parser = argparse.ArgumentParser(prog="python -m bench.defect_matrix")
    parser.add_argument("--impl", action="append", choices=sorted(IMPLEMENTATIONS))
    parser.add_argument("--only", action="append", metavar="NAME", help="one defect (repeat)")
    parser.add_argument("--whole-suite", action="store_true", help="run every feature")
    parser.add_argument("--jobs", type=int, default=2, help="defects run side by side")
    parser.add_argument("--shard", metavar="K/N", help="run the K-th of N slices (a CI job)")
    parser.add_argument("--merge", type=Path, nargs="+", metavar="JSON", help="join shards")
    parser.add_argument(
        "--no-baseline",
        dest="baseline",
        action="store_false",
        help="skip the whole-suite run of each implementation without defects (then a rule "
        "that already fails there would count as caught)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "defects.json")
    parser.add_argument(
        "--onboard",
        action="store_true",
        help="drive each implementation with the profile `python -m walkthrough.onboard` "
        "proposes for it (written beside --out) instead of its hand-written one",
    )
    return parser


def _merge(args: argparse.Namespace) -> int:
    """Join the shards' matrices into --out; exit 1 when a defect went uncaught."""
    try:
        merged = [row for path in args.merge for row in read_defects(path) or []]
    except ValueError as error:
        return _fail(str(error))
    write_defects(args.out, merged)
    print(f"{_summary(merged)}; matrix in {args.out}")
    return 0 if all(r.caught or r.not_testable for r in merged) else 1


def _jobs(args: argparse.Namespace, impls: Sequence[Implementation]) -> list[Job]:
    """Return the (implementation, defect) runs asked for; ValueError with one line if unfit."""
    jobs: list[Job] = [
        (impl, name)
        for impl in impls
        for name in sorted(impl.defects(), key=lambda n: (impl.defects()[n].rule, n))
        if not args.only or name in args.only
    ]
    if args.only and (unknown := set(args.only) - {name for _, name in jobs}):
        raise ValueError(f"no defect named {sorted(unknown)[0]!r}: see catalogue/defects.yaml")
    if args.shard:
        k, _, n = args.shard.partition("/")
        if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
            raise ValueError(f"--shard: expected K/N with 1 <= K <= N, got {args.shard!r}")
        try:
            last = read_defects(args.out) or []
        except ValueError:
            last = []
        known = {(r.implementation, r.defect): r.duration_s for r in last}
        jobs = shard(jobs, int(k), int(n), known)
    if args.jobs < 1:
        raise ValueError(f"--jobs: expected 1 or more, got {args.jobs}")
    return jobs


def _baselines(
    impls: Sequence[Implementation], args: argparse.Namespace
) -> tuple[dict[str, set[str]], list[DefectRow]]:
    """Run each implementation without a defect; return the rules failing anyway, and the runs."""
    # Rules that fail with no defect at all: a failure naming them proves nothing.
    failing: dict[str, set[str]] = {impl.name: set() for impl in impls}
    baselines: list[DefectRow] = []
    if not args.baseline:
        return failing, baselines
    # The implementations' baselines are independent: run them side by side too.
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        found = list(pool.map(lambda i: run_suite(i, defects=[], rule="", stop=False), impls))
    for impl, base in zip(impls, found, strict=True):
        baselines.append(base)
        failing[impl.name] = set(base.named_rule_ids)
        print(
            f"baseline {impl.name}: {base.scenarios} scenarios, rules failing without a "
            f"defect: {', '.join(base.named_rule_ids) or 'none'}; {base.cpu_s:.0f} CPU-s",
            flush=True,
        )
    return failing, baselines


def _defect_rows(
    jobs: Sequence[Job], failing: dict[str, set[str]], args: argparse.Namespace
) -> list[DefectRow]:
    """Run each defect (args.jobs at a time), printing and saving each row as it comes."""
    print(HEADER, flush=True)
    rows: list[DefectRow] = []
    lock = threading.Lock()

    def one(job: Job) -> None:
        impl, name = job
        rule = impl.defects()[name].rule
        pick = selection(rule, whole_suite=args.whole_suite)
        row = run_suite(impl, defects=[name], rule=rule, pick=pick)
        if row.caught and rule in failing[impl.name]:
            note = f"{rule} fails without the defect too (baseline): not evidence"
            row = row.model_copy(update={"caught": False, "note": note})
        if args.onboard:
            # DefectRow has no profile field: the note says which profile drove the run.
            row = row.model_copy(update={"note": f"{PROPOSED}; {row.note}".rstrip("; ")})
        with lock:
            rows.append(row)
            print_row(row)
            # Written after each defect: an interrupted matrix still shows what it measured.
            write_defects(args.out, rows)

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        list(pool.map(one, jobs))
    rows.sort(key=lambda r: (r.implementation, r.rule, r.defect))
    write_defects(args.out, rows)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Run the matrix and write it; exit 1 when a defect went uncaught."""
    args = _parser().parse_args(argv)
    if args.merge:
        return _merge(args)
    impls = [IMPLEMENTATIONS[n] for n in args.impl] if args.impl else list(available().values())
    try:
        jobs = _jobs(args, impls)
    except ValueError as error:
        return _fail(str(error))
    if args.onboard:
        try:
            proposed = _onboard_all(impls, args.out)
        except OnboardingFailed as error:
            return _fail(f"onboarding failed: {error}")
        impls = [proposed[impl.name] for impl in impls]
        jobs = [(proposed[impl.name], name) for impl, name in jobs]
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    failing, baselines = _baselines(impls, args)
    rows = _defect_rows(jobs, failing, args)
    wall = time.monotonic() - started
    cpu = sum(r.cpu_s for r in [*rows, *baselines])
    which = PROPOSED + "s" if args.onboard else "hand-written profiles"
    print(
        f"\n{_summary(rows)} with {which} in {wall / 60:.1f} min wall, {cpu:.0f} CPU-s "
        f"(suite + browser + portal), {args.jobs} at a time; load average "
        f"{load_before:.1f} → {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
        f"matrix in {args.out}"
    )
    return 0 if all(r.caught or r.not_testable for r in rows) else 1


def _onboard_all(impls: Sequence[Implementation], out: Path) -> dict[str, Implementation]:
    """Onboard each implementation one after the other; return them with their proposals."""
    proposed = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    for impl in impls:
        started = time.monotonic()
        path = out.with_name(f"{out.stem}-{impl.name}-proposed.toml")
        try:
            proposed[impl.name] = onboarded(impl, path)
        except OnboardingFailed as error:
            raise OnboardingFailed(f"{impl.name}: {error}") from None
        took = time.monotonic() - started
        print(f"onboarded {impl.name} in {took:.0f} s: {PROPOSED} {path}", flush=True)
    return proposed


def _summary(rows: Sequence[DefectRow]) -> str:
    testable = [r for r in rows if not r.not_testable]
    caught = sum(r.caught for r in testable)
    return (
        f"{caught}/{len(testable)} testable defects caught "
        f"({len(rows) - len(testable)} not testable with their implementation's profile)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
