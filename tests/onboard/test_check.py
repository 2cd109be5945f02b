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
    second: Deployment,
    second_profile: tuple[Path, subprocess.CompletedProcess[str]],
    tmp_path: Path,
) -> None:
    # The team pinned one refusal's wording by uncommenting the line onboarding offered.
    pinned = '# birth_name_required = "Indiquez votre nom de naissance."'
    lines = second_profile[0].read_text(encoding="utf-8").splitlines()
    lines[lines.index(pinned)] = pinned.removeprefix("# ")
    profile = tmp_path / "staging.toml"
    profile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    button = 1 + lines.index('validate = { role = "button", name = "Terminer" }')
    message = 1 + lines.index(pinned.removeprefix("# "))
    release = {"Terminer": "Créer mon compte", "Indiquez votre nom": "Saisissez votre nom"}
    with renaming_proxy(second.url, release) as released:
        result = onboard("--check", str(profile), released)
    assert result.returncode == 1, result.stdout + result.stderr
    stale = [x for x in result.stdout.splitlines() if "no longer matches" in x]
    assert stale == [
        f"{profile}:{button}: validate on step_3 no longer matches: finds nothing visible now; "
        "the deployment shows button “Créer mon compte”",
        f"{profile}:{message}: birth_name_required on step_2 no longer matches: the refusal now "
        "says “Saisissez votre nom de naissance.” (tied to Nom de naissance *)",
    ], result.stdout
