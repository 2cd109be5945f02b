"""The profile text: entries placed where they hold, evidence as comments, written whole or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from walkthrough.onboard.evidence import Exploration, Finding, Pinned, Proposal
from walkthrough.onboard.writer import Settings, render, write_atomically
from walkthrough.profile import ProfileError, load_profile
from walkthrough.screens import ScreenName

SETTINGS = Settings(
    base_url="http://127.0.0.1:8100/",
    captcha={"strategy": "fixed", "answer": "K7PQ3"},
    mail={"kind": "smtp", "host": "127.0.0.1", "port": 8025, "address": "{local}@exemple.fr"},
)


def _button(screen: ScreenName, name: str, *, close: str | None = None) -> Proposal:
    return Proposal(
        name="continue", screen=screen, entry={"role": "button", "name": name},
        seen=f"button “{name}”", why=("submits its form",), runner_up="link “Retour” (…)",
        alternative=None if close is None else {"role": "button", "name": close},
    )  # fmt: skip


def _written(found: Exploration, tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "staging.toml"
    write_atomically(render(found, SETTINGS, name="staging", profile=path), path)
    return path, path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("step_2", "shared"),
    [("Suivant", True), ("Étape suivante", False)],
    ids=["same-name-one-entry", "names-differ-one-entry-a-step"],
)
def test_a_button_named_alike_on_two_steps_is_one_entry(
    step_2: str, shared: bool, tmp_path: Path
) -> None:
    found = Exploration(base_url=SETTINGS.base_url)
    found.proposals += [_button(ScreenName.STEP_1, "Suivant"), _button(ScreenName.STEP_2, step_2)]
    path, text = _written(found, tmp_path)
    profile = load_profile(path)
    registry = profile.build_locators()
    assert registry.spec("continue", ScreenName.STEP_1).value == "Suivant"
    assert registry.spec("continue", ScreenName.STEP_2).value == step_2
    assert ("[locators.step_2]" not in text) is shared
    assert "# step_1 and step_2: button “Suivant”" in text if shared else "# step_2: button" in text


def test_pinned_messages_findings_and_quotes_stay_comments(tmp_path: Path) -> None:
    found = Exploration(base_url=SETTINGS.base_url)
    found.proposals.append(_button(ScreenName.STEP_1, 'Aller à l\'étape "2"', close="Suivant"))
    found.pinned.append(
        Pinned("login_refused", ScreenName.LOGIN, 'Refusé : "numéro" inconnu.', "alert")
    )
    found.findings.append(Finding("CGU-02", "step 1, box not ticked: the refusal said nothing"))
    path, text = _written(found, tmp_path)
    assert load_profile(path).locators == {
        "continue": {"role": "button", "name": 'Aller à l\'étape "2"'}
    }
    assert '# login_refused = "Refusé : \\"numéro\\" inconnu."' in text
    assert '# continue = { role = "button", name = "Suivant" }' in text
    assert "#   CGU-02: step 1, box not ticked: the refusal said nothing" in text


def test_a_profile_that_would_not_load_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "staging.toml"
    with pytest.raises(ProfileError):
        write_atomically('name = "x"\n[locators]\nno_such_thing = "x"\n', path)
    assert list(tmp_path.iterdir()) == []
