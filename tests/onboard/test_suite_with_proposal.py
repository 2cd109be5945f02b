"""The whole suite, under `-n 2`, on the second implementation with the profile onboarding wrote.

No hand edit: the file `python -m walkthrough.onboard` wrote is passed to `--target` as it is.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.helpers import ALLOWED_NOT_TESTED, run_suite
from walkthrough import runmodel

# Only what a fixed captcha cannot show, or today's date cannot tell apart, may be skipped.
NOT_TESTED = ALLOWED_NOT_TESTED


def test_the_whole_suite_passes_with_the_proposed_profile(
    second_profile: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    result = run_suite(
        "--target", str(second_profile[0]), "--traces", "off", "--no-screenshots", "--no-a11y",
        workers=2, run_root=tmp_path, timeout=1800,
    )  # fmt: skip
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    scenarios = list(
        runmodel.read_jsonl(tmp_path / "run" / "scenarios.jsonl", runmodel.ScenarioResult)
    )
    assert len(scenarios) > 90
    wrong = [
        f"{s.name} {s.example or ''}: {s.status} {s.error or s.skip_reason or ''}"
        for s in scenarios
        if not (
            s.status == "passed"
            or (s.status == "skipped" and NOT_TESTED.match(s.skip_reason or ""))
        )
    ]
    assert not wrong, "\n".join(wrong)
