"""The whole suite, under `-n 2`, on the second and third implementations with the profile
onboarding wrote for each.

No hand edit: the file `python -m walkthrough.onboard` wrote is passed to `--target` as it is.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import assert_whole_suite_conformant, run_suite
from walkthrough import runmodel


# Skipped as the implementations' own whole-suite tests are (tests/harness/test_*_portal.py).
@pytest.mark.parametrize(
    "name",
    [
        pytest.param("second", marks=pytest.mark.skipif(
            os.environ.get("CPF_SKIP_SECOND_PORTAL") == "1", reason="asked to skip")),
        pytest.param("third", marks=pytest.mark.skipif(
            os.environ.get("CPF_SKIP_THIRD_PORTAL") == "1", reason="asked to skip")),
    ],
)  # fmt: skip
def test_the_whole_suite_passes_with_the_proposed_profile(
    name: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    proposal: tuple[Path, subprocess.CompletedProcess[str]] = request.getfixturevalue(
        f"{name}_profile"
    )
    result = run_suite(
        "--target", str(proposal[0]), "--traces", "off", "--no-screenshots", "--no-a11y",
        workers=2, run_root=tmp_path, timeout=1800,
    )  # fmt: skip
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    scenarios = list(
        runmodel.read_jsonl(tmp_path / "run" / "scenarios.jsonl", runmodel.ScenarioResult)
    )
    assert_whole_suite_conformant(scenarios)
