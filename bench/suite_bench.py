"""Measure the suite on the bundled portal: serial, -n 2, median per scenario, harness overhead.

Run: .venv/bin/python bench/suite_bench.py [--skip-full]
Prints figures; targets: overhead <= 1.2x the plain script, -n 2 >= 1.6x faster than serial.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalogue import messages, texts  # noqa: E402
from walkthrough import runmodel  # noqa: E402
from walkthrough.browser import launch_args  # noqa: E402
from walkthrough.people import make_person  # noqa: E402
from walkthrough.targets import bundled_target  # noqa: E402


def run_suite(*args: str) -> tuple[float, list[runmodel.ScenarioResult]]:
    """Run the suite with `args`; return wall time and the scenarios recorded."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "steps",
                "-q",
                "--run-dir",
                f"{tmp}/run",
                "--reports-dir",
                tmp,
                *args,
            ],
            cwd=ROOT,
            check=False,
            capture_output=True,
        )
        wall = time.perf_counter() - start
        return wall, list(
            runmodel.read_jsonl(Path(tmp) / "run" / "scenarios.jsonl", runmodel.ScenarioResult)
        )


def harness_happy_path(extra: tuple[str, ...] = ()) -> float | None:
    """Run the happy-path scenario through the harness; return its recorded seconds."""
    # NAV-01's own scenario runs first and warms the portal and the browser up, so the happy
    # path's time is its own: context, steps, screenshots and trace, as in a full run.
    # --mail-quiet 0: the 3 s wait for a second copy of the email is the scenario's check, not
    # harness overhead; the plain script does not wait either.
    _wall, scenarios = run_suite(
        "-p", "no:xdist", "-m", "NAV-01", "--no-a11y", "--mail-quiet", "0", *extra
    )
    return next(
        (
            s.duration_s
            for s in scenarios
            if s.feature_file.startswith("parcours/") and s.status == "passed"
        ),
        None,
    )


def plain_happy_paths(rounds: int, extra: tuple[str, ...]) -> tuple[list[float], list[float]]:
    """Alternate plain-Playwright and harness runs of the happy path (same load for both)."""
    times, harness = [], []
    with bundled_target() as target, sync_playwright() as p:
        browser = p.chromium.launch(**launch_args(p))
        for _ in range(rounds):
            if (h := harness_happy_path(extra)) is not None:
                harness.append(h)
            person = make_person(age=30)
            start = time.perf_counter()
            ctx = browser.new_context(
                locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 1280, "height": 720}
            )
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
            assert target.mail is not None
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
            times.append(time.perf_counter() - start)
        browser.close()
    return times, harness


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-full", action="store_true", help="only the overhead ratio")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--lean", action="store_true", help="harness without step screenshots and trace"
    )
    args = parser.parse_args()
    extra = ("--no-screenshots", "--no-trace") if args.lean else ()
    plain_times, harness = plain_happy_paths(args.rounds, extra)
    plain = statistics.median(plain_times)
    ratio = statistics.median(harness) / plain if harness else float("nan")
    print(
        f"happy path: plain Playwright {plain:.2f} s, harness {statistics.median(harness):.2f} s,"
        f" overhead {ratio:.2f}x (target <= 1.2x)"
    )
    if args.skip_full:
        return
    serial, scenarios = run_suite("-p", "no:xdist")
    parallel, in_parallel = run_suite("-n", "2")
    median = statistics.median(s.duration_s for s in scenarios)
    statuses = {
        st: sum(1 for s in scenarios if s.status == st) for st in ("passed", "failed", "skipped")
    }
    print(f"serial verdicts: {statuses}")
    statuses = {
        st: sum(1 for s in in_parallel if s.status == st) for st in ("passed", "failed", "skipped")
    }
    print(f"-n 2 verdicts: {statuses}")
    print(
        f"whole suite: {len(scenarios)} scenarios, serial {serial:.0f} s, -n 2 {parallel:.0f} s,"
        f" speed-up {serial / parallel:.2f}x (target >= 1.6x); median {median:.2f} s/scenario"
    )


if __name__ == "__main__":
    main()
