"""The whole suite, under `-n 2`, on the second implementation with the profile onboarding wrote.

No hand edit: the file `python -m walkthrough.onboard` wrote is passed to `--target` as it is.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.helpers import assert_whole_suite_conformant, run_suite
from walkthrough import runmodel


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
    assert_whole_suite_conformant(scenarios)
