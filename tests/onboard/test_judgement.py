"""What onboarding will not guess: texts the catalogue fixes, two candidates too close to call,
and a broken rule met on the way.

The deployments here are the reference portal, seen through a proxy that rewrites some words
as a release would, or with some of its defects switched on.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.helpers import free_port
from tests.onboard.conftest import Deployment, onboard
from tests.onboard.renaming_proxy import renaming_proxy
from walkthrough.targets import portal_process


def _onboard(url: str, deployment: Deployment, profile: Path) -> str:
    result = onboard(url, "--captcha-oracle", "--smtp", f"127.0.0.1:{deployment.smtp_port}",
                     "-o", str(profile))  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_fixed_text_shown_otherwise_is_a_finding_not_an_entry(
    reference: Deployment, tmp_path: Path
) -> None:
    renamed = {
        "Mot de passe oublié": "Identifiants perdus",
        " afin de pouvoir poursuivre votre inscription.": ".",
        "cliquez ici pour renouveler les caractères": "Nouvelle image",
    }
    profile = tmp_path / "p.toml"
    with renaming_proxy(reference.url, renamed) as released:
        stdout = _onboard(released, reference, profile)
    text = profile.read_text(encoding="utf-8")
    assert tomllib.loads(text)["locators"] == {}
    for said in (
        'NAV-02: login: control "Mot de passe oublié" is not shown',
        "CGU-02: step 1, box not ticked: the refusal said",
        # Found by what it says, pressed, and still not renamed in the profile.
        'CAP-04: step_2: control "cliquez ici pour renouveler les caractères" is shown as '
        "link “Nouvelle image”",
    ):
        assert f"finding {said}" in stdout, stdout
        assert f"#   {said}" in text, text


def test_two_close_candidates_are_both_written_and_a_person_decides(
    reference: Deployment, tmp_path: Path
) -> None:
    # Steps 1 and 2 offer two submit buttons side by side, neither with the catalogue's name.
    twins = {
        ">Continuer</button></div>\n</form>": ">Suivant</button>"
        '<button type="submit" class="btn">Étape suivante</button></div>\n</form>',
    }
    profile = tmp_path / "p.toml"
    with renaming_proxy(reference.url, twins) as released:
        stdout = _onboard(released, reference, profile)
    lines = profile.read_text(encoding="utf-8").splitlines()
    chosen = '{ role = "button", name = "Suivant" }'
    # Steps 1 and 2 share their markup: one entry holds for both.
    assert tomllib.loads("\n".join(lines))["locators"] == {
        "continue": {"role": "button", "name": "Suivant"}
    }
    at = lines.index(f"continue = {chosen}")
    assert lines[at + 1].startswith("#   CLOSE CALL")
    assert lines[at + 2] == '# continue = { role = "button", name = "Étape suivante" }'
    decide = "a person must decide: step_1 continue: button “Suivant” or the runner-up button"
    assert decide in stdout, stdout


def test_a_broken_rule_on_the_way_is_a_finding_and_the_walk_goes_on(tmp_path: Path) -> None:
    broken = (
        "cgu-not-enforced", "birth-name-optional", "password-no-uppercase",
        "age-15-no-declaration",
    )  # fmt: skip
    smtp_port = free_port()
    with portal_process(smtp=("127.0.0.1", smtp_port), defects=broken) as url:
        profile = tmp_path / "p.toml"
        stdout = _onboard(url, Deployment(url=url, smtp_port=smtp_port), profile)
    for said in (
        "CGU-02: step 1 went on without the box ticked",
        "FORM-03: step 2 went on without a birth name",
        "PWD-01: step 3 accepted “abcde123” confirmed as “abcde123”",
        "ELIG-02: step 2 let a person of 15 go on without the declaration",
    ):
        assert f"finding {said}" in stdout, stdout
    # The rest of the walk still named everything: the defaults hold, nothing to override.
    assert tomllib.loads(profile.read_text(encoding="utf-8"))["locators"] == {}
    assert "account logout: button “Me déconnecter”" in profile.read_text(encoding="utf-8")
