"""Onboarding proposes a profile from nothing but the address, the captcha and the mailbox."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

from aiosmtpd.controller import Controller

from bench.implementations import IMPLEMENTATIONS
from tests.harness.imapserver import LdaRelay, dovecot
from tests.helpers import free_port
from tests.onboard.conftest import Deployment, onboard
from walkthrough.profile import ImapMail, load_profile
from walkthrough.targets import portal_process


def test_the_reference_portal_needs_no_locator_entry(reference: Deployment, tmp_path: Path) -> None:
    profile = tmp_path / "reference.toml"
    result = onboard(
        reference.url, "--captcha-oracle", "--smtp", f"127.0.0.1:{reference.smtp_port}",
        "-o", str(profile),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    loaded = load_profile(profile)
    assert loaded.locators == {}
    assert loaded.base_url == reference.url
    assert loaded.captcha.strategy == "oracle"
    assert (loaded.mail.kind, getattr(loaded.mail, "port", None)) == ("smtp", reference.smtp_port)
    text = profile.read_text(encoding="utf-8")
    # What the defaults found is listed, so a reader sees that nothing was skipped.
    for seen in ("step_1 continue: button “Continuer”", "step_3 validate: button “Valider”",
                 "account logout: button “Me déconnecter”", *ASKED_OF_A_PERSON_OF_15):  # fmt: skip
        assert seen in text, text
    # The refusals' wording is offered, commented out: the catalogue does not quote it.
    assert '# birth_name_required = "Le nom de naissance est obligatoire."' in text
    assert "Findings" not in text
    assert f"--target {profile} -n 2" in result.stdout.splitlines()[-1]


# Met on the way, found by the catalogue's own texts: nothing to propose.
ASKED_OF_A_PERSON_OF_15 = (
    "step_2 captcha_renew: link “cliquez ici pour renouveler les caractères”",
    "step_2 apprenticeship: checkbox “J'ai signé un contrat d'apprentissage”",
)
EXPECTED = {
    "continue": {"role": "button", "name": "Suivant"},
    "validate": {"role": "button", "name": "Terminer"},
    "nav_personal_info": {"control": "Modifier mes informations personnelles"},
    "nav_dif": {"control": "Saisir mes heures DIF"},
    "nav_training_search": {"control": "Rechercher une formation éligible"},
    "nav_training_files": {"control": "Suivre mes dossiers de formation"},
    "nav_delegations": {"control": "Gérer mes délégations"},
    "dif_field": {"label": "Nouveau solde DIF (en heures)"},
    "dif_save": {"role": "button", "name": "Mettre à jour"},
    "logout": {"control": "Se déconnecter"},
    "password_strength": {"role": "meter"},
}


def test_the_second_implementation_gets_its_free_elements_named(
    second: Deployment, second_profile: tuple[Path, subprocess.CompletedProcess[str]]
) -> None:
    profile, result = second_profile
    raw = tomllib.loads(profile.read_text(encoding="utf-8"))
    assert raw["locators"] == EXPECTED
    assert raw["captcha"] == {"strategy": "fixed", "answer": "K7PQ3"}
    assert load_profile(profile).base_url == second.url
    # Nothing fixed by the catalogue is overridden, and no message is required.
    assert not {"home_access", "register", "login_submit", "cgu_required"} & set(raw["locators"])
    assert "found: step_1 continue = button “Suivant”" in result.stdout
    assert "nothing left to decide" in result.stdout
    assert all(seen in profile.read_text(encoding="utf-8") for seen in ASKED_OF_A_PERSON_OF_15)


def test_the_third_implementation_gets_the_names_its_operator_wrote(
    third_profile: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    # Web components, a toast, hash routes: only its two buttons differ from the defaults.
    raw = tomllib.loads(third_profile[0].read_text(encoding="utf-8"))
    assert raw["locators"] == IMPLEMENTATIONS["third"].base_profile()["locators"]
    text = third_profile[0].read_text(encoding="utf-8")
    assert "Findings" not in text and "For a person to decide" not in text, text
    # Its renewal control is a button, and the declaration is asked in a modal dialog.
    assert "step_2 captcha_renew: button “cliquez ici pour renouveler les caractères”" in text
    assert ASKED_OF_A_PERSON_OF_15[1] in text, text


def test_each_entry_carries_its_evidence(
    second_profile: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    lines = second_profile[0].read_text(encoding="utf-8").splitlines()
    at = lines.index('continue = { role = "button", name = "Suivant" }')
    evidence = " ".join(line.lstrip("# ") for line in lines[at - 4 : at])
    # The screens, the role and name seen, why, and the runner-up with why it lost.
    assert "step_1 and step_2: button “Suivant”; in the form that holds the anchor" in evidence
    assert re.search(r"runner-up: link “[^”]+” \(scored \d+ against \d+: a link, not a button",
                     evidence), evidence  # fmt: skip
    text = "\n".join(lines)
    assert '# password_mismatch = "Les deux mots de passe saisis ne sont pas identiques."' in text


def test_a_deployment_read_through_an_imap_mailbox(tmp_path: Path) -> None:
    """Out of test mode, a fixed captcha, the mail relayed into dovecot and read over IMAP."""
    with dovecot() as account:
        relay = Controller(LdaRelay(account), hostname="127.0.0.1", port=free_port())
        relay.start()
        try:
            with portal_process(
                smtp=("127.0.0.1", relay.port), captcha_fixed="ABCDE", test_mode=False
            ) as url:
                profile = tmp_path / "staging.toml"
                result = onboard(
                    url, "--captcha-fixed", "ABCDE", "--imap", f"127.0.0.1:{account.port}",
                    "--imap-user", account.user, "--imap-password", account.password,
                    "--imap-no-tls", "--address", "qa+{token}@staging.example",
                    "-o", str(profile),
                )  # fmt: skip
        finally:
            relay.stop()
    assert result.returncode == 0, result.stdout + result.stderr
    loaded = load_profile(profile)
    assert loaded.locators == {}
    assert loaded.mail == ImapMail(
        kind="imap", host="127.0.0.1", port=account.port, user=account.user,
        password=account.password, tls=False, address="qa+{token}@staging.example",
    )  # fmt: skip
