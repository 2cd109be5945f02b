"""Run the conformance suite against the portal with each deliberate defect; write the matrix.

For each defect, the reference portal is started on its own (`--test-mode --defect NAME`, a
free port, a temporary SQLite database) and the suite drives it through a profile (`--target`,
oracle captcha, the harness's SMTP listener), exactly as it would drive a deployment nobody here
wrote. The scenarios of the broken rule's family run with `-n 2` (or the whole suite with
`--whole-suite`); the run model says which scenarios failed and which rule IDs they named.
A defect is caught when the suite failed AND a failure named the broken rule.

    .venv/bin/python bench/defect_matrix.py                       # every defect
    .venv/bin/python bench/defect_matrix.py --only cgu-not-enforced --only dif-above-cap
    .venv/bin/python bench/defect_matrix.py --baseline            # also a run with no defect

Writes `reports/defects.json` (the living spec's "Défauts injectés" section) unless `--out`.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalogue.rules import rule_ids  # noqa: E402
from mock_portal.defects import DEFECTS  # noqa: E402
from walkthrough import runmodel  # noqa: E402
from walkthrough.targets import portal_process  # noqa: E402

RUN_TIMEOUT_S = 900.0


@dataclass
class Row:
    """One line of the matrix, in the format the living spec reads."""

    defect: str
    rule: str
    description: str
    caught: bool
    suite_failed: bool
    named_rule_ids: list[str]
    failed_scenarios: list[str] = field(default_factory=list)
    scenarios: int = 0
    duration_s: float = 0.0
    note: str = ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def selection(rule: str, *, whole_suite: bool) -> list[str]:
    """Return the pytest arguments that pick the scenarios of the rule's family."""
    if whole_suite:
        return []
    family = rule.split("-")[0]
    return ["-m", " or ".join(r for r in rule_ids() if r.startswith(family + "-"))]


def run_suite(*, defects: Sequence[str], rule: str, workers: int, pick: Sequence[str] = ()) -> Row:
    """Drive the suite (scenarios `pick`ed by pytest options) against a defective portal."""
    name = ",".join(defects) or "(none)"
    with tempfile.TemporaryDirectory(prefix="cpf-defect-") as tmpdir:
        tmp = Path(tmpdir)
        smtp_port = _free_port()
        started = time.monotonic()
        with portal_process(smtp=("127.0.0.1", smtp_port), defects=defects) as url:
            profile = tmp / "profile.toml"
            profile.write_text(
                f'name = "defect {name}"\nbase_url = "{url}"\n[captcha]\nstrategy = "oracle"\n'
                f'[mail]\nkind = "smtp"\nhost = "127.0.0.1"\nport = {smtp_port}\n'
                "[report]\nscreenshots = false\naccessibility = false\n",
                encoding="utf-8",
            )
            cmd = [sys.executable, "-m", "pytest", "steps", "-q", "-p", "no:cacheprovider"]
            cmd += ["-n", str(workers)] if workers > 1 else []
            cmd += list(pick)
            cmd += ["--target", str(profile), "--traces", "off", "--no-screenshots", "--no-a11y"]
            cmd += ["--run-dir", str(tmp / "run"), "--reports-dir", str(tmp / "reports")]
            done = subprocess.run(
                cmd, cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT_S
            )
        path = tmp / "run" / "scenarios.jsonl"
        results = list(runmodel.read_jsonl(path, runmodel.ScenarioResult)) if path.exists() else []
    failed = [s for s in results if s.status == "failed"]
    named = sorted({r for s in failed for r in s.failed_rule_ids})
    suite_failed = done.returncode != 0
    note = ""
    if not results:
        tail = (done.stdout + done.stderr).strip().splitlines()[-1:] or ["no output"]
        note = f"no run model (exit {done.returncode}): {tail[0]}"
    return Row(
        defect=name,
        rule=rule,
        description=DEFECTS[defects[0]].description if defects else "no defect",
        caught=suite_failed and rule in named,
        suite_failed=suite_failed,
        named_rule_ids=named,
        failed_scenarios=[s.name for s in failed],
        scenarios=len(results),
        duration_s=round(time.monotonic() - started, 1),
        note=note,
    )


HEADER = f"{'defect':32} {'rule':8} {'failed':6} {'caught':6} {'s':>5}  named rule IDs"


def print_rows(rows: Sequence[Row]) -> None:
    """Print matrix rows as a fixed-width table (under HEADER)."""
    for row in rows:
        print(
            f"{row.defect:32} {row.rule:8} {'yes' if row.suite_failed else 'no':6} "
            f"{'YES' if row.caught else 'NO':6} {row.duration_s:5.0f}  "
            f"{', '.join(row.named_rule_ids) or '-'} {row.note}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the matrix and write it; exit 1 when a defect went uncaught."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(DEFECTS), metavar="NAME")
    parser.add_argument("--whole-suite", action="store_true", help="run every feature")
    parser.add_argument("--workers", type=int, default=2, help="pytest-xdist workers (-n)")
    parser.add_argument("--baseline", action="store_true", help="first run with no defect")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "defects.json")
    args = parser.parse_args(argv)
    names = args.only or sorted(DEFECTS, key=lambda n: (DEFECTS[n].rule, n))
    rows: list[Row] = []
    print(HEADER, flush=True)
    if args.baseline:
        base = run_suite(defects=[], rule="", workers=args.workers)
        print(f"baseline: failed={base.suite_failed} {base.scenarios} scenarios", flush=True)
    for name in names:
        rule = DEFECTS[name].rule
        pick = selection(rule, whole_suite=args.whole_suite)
        row = run_suite(defects=[name], rule=rule, workers=args.workers, pick=pick)
        rows.append(row)
        print_rows([row])
        sys.stdout.flush()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        # Written after each defect: an interrupted matrix still shows what it measured.
        tmp_out = args.out.with_suffix(".json.part")
        tmp_out.write_text(json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False))
        os.replace(tmp_out, args.out)
    caught = sum(r.caught for r in rows)
    print(f"\n{caught}/{len(rows)} defects caught; matrix in {args.out}")
    return 0 if caught == len(rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
