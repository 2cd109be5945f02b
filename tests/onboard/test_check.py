"""`--check`: an existing profile against the deployment, line by line."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.onboard.conftest import Deployment, onboard
from tests.onboard.renaming_proxy import renaming_proxy


def test_a_profile_that_still_matches_passes_the_check(
    second_profile: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    result = onboard("--check", str(second_profile[0]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("every entry checked still matches")


def test_a_button_renamed_after_onboarding_is_named_by_its_line(
    second: Deployment, second_profile: tuple[Path, subprocess.CompletedProcess[str]]
) -> None:
    profile = second_profile[0]
    line = 1 + profile.read_text(encoding="utf-8").splitlines().index(
        'validate = { role = "button", name = "Terminer" }'
    )
    with renaming_proxy(second.url, {"Terminer": "Créer mon compte"}) as released:
        result = onboard("--check", str(profile), released)
    assert result.returncode == 1, result.stdout + result.stderr
    stale = [x for x in result.stdout.splitlines() if "no longer matches" in x]
    assert stale == [
        f"{profile}:{line}: validate on step_3 no longer matches: finds nothing visible now; "
        "the deployment shows button “Créer mon compte”"
    ], result.stdout
