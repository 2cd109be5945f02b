"""The script is well formed, names what exists, and a translation swaps only the sentences.

That its narration is the seed's own words, in order, is part of the upstream sync check
(tests/test_catalogue.py), which needs the team's ../shared.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeGuard, get_args

import pytest
import yaml

from catalogue.rules import rule_ids
from tutorial.capture.mailview import MAIL_LOCATORS, MailScreen
from tutorial.script import (
    SCRIPT_PATH,
    AcceptCgu,
    ActionKind,
    OpenConfirmation,
    ScriptError,
    load_script,
    translate,
)
from walkthrough import pages
from walkthrough.locators import DEFAULTS
from walkthrough.pages import Screen
from walkthrough.screens import ScreenName


def test_the_script_covers_the_stages_in_order() -> None:
    script = load_script()
    assert [c.title for c in script.chapters] == [
        "Avant de commencer", "Accès à l'inscription", "CGU", "Formulaire", "Captcha",
        "Mot de passe", "Synthèse", "Courriel",
    ]  # fmt: skip
    assert {s.chapter for s in script.steps} == {c.id for c in script.chapters}
    # A chapter is what its sentences speak of: the greeting is not about the terms of use.
    chapter = {s.id: s.chapter for s in script.steps}
    assert [chapter[i] for i in ("bienvenue", "objectif", "conditions-age")] == ["introduction"] * 3
    assert chapter["accepter-cgu"] == "cgu"


def test_every_element_and_rule_the_script_names_exists() -> None:
    known = set(DEFAULTS) | set(MAIL_LOCATORS) | {"acted"}
    ids = set(rule_ids())
    for step in load_script().steps:
        assert set(step.point + step.volatile) <= known, step.id
        assert set(step.rules) <= ids, step.id


def test_every_kind_of_action_is_a_method_of_its_screens_page_object() -> None:
    exported = [getattr(pages, name) for name in pages.__all__]
    page_objects = {cls.screen: cls for cls in exported if _is_screen(cls)}
    for kind in get_args(ActionKind):
        method = get_args(kind.model_fields["action"].annotation)[0]
        owners = (
            [MailScreen] if kind is OpenConfirmation else [page_objects[s] for s in kind.SCREENS]
        )
        for owner in owners:
            assert callable(getattr(owner, method, None)), f"{kind.__name__}: {owner.__name__}"
    used = {type(a) for step in load_script().steps for a in step.actions}
    assert used == set(get_args(ActionKind)), "a kind of action no step uses"


def _is_screen(cls: object) -> TypeGuard[type[Screen]]:
    return isinstance(cls, type) and issubclass(cls, Screen) and "screen" in vars(cls)


def test_the_actions_are_typed_and_their_screens_are_screen_names() -> None:
    steps = {s.id: s for s in load_script().steps}
    assert steps["accepter-cgu"].actions == [
        AcceptCgu(screen=ScreenName.STEP_1, action="accept_cgu")
    ]
    assert [a.label for a in steps["identite"].actions] == ["step_1.go_on", "step_2.fill_identity"]
    assert isinstance(steps["courriel"].actions[0], OpenConfirmation)


@pytest.mark.parametrize(
    ("written", "needles"),
    [
        pytest.param("step_1.accept_cgux", ["'accept_cgux'", "accept_cgu"], id="unknown-method"),
        pytest.param("step1.accept_cgu", ["screen", "'step_1'"], id="unknown-screen"),
        pytest.param("step_2.accept_cgu", ["not an action of step_2", "step_1"], id="wrong-screen"),
        pytest.param("accept_cgu", ["not 'screen.method'"], id="no-screen"),
    ],
)
def test_a_mistaken_action_is_one_line_naming_the_step(
    tmp_path: Path, written: str, needles: list[str]
) -> None:
    data = yaml.safe_load(SCRIPT_PATH.read_text(encoding="utf-8"))
    index = next(i for i, s in enumerate(data["steps"]) if s["id"] == "accepter-cgu")
    data["steps"][index]["actions"] = [written]
    with pytest.raises(ScriptError) as caught:
        load_script(path=_write(tmp_path, data))
    line = str(caught.value)
    assert "\n" not in line
    assert f"steps.{index}.actions.0" in line, line
    assert f"(step accepter-cgu, action {written!r})" in line, line
    assert all(n in line for n in needles), line


def test_the_english_translation_swaps_only_the_sentences() -> None:
    french, english = load_script(), load_script(lang="en")
    assert english.language == "en"
    assert len(english.steps) == len(french.steps)
    for fr, en in zip(french.steps, english.steps, strict=True):
        assert en.narration != fr.narration
        assert en.model_dump(exclude={"narration"}) == fr.model_dump(exclude={"narration"})


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_an_unknown_key_in_the_script_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load(SCRIPT_PATH.read_text(encoding="utf-8"))
    data["steps"][0]["pointer"] = ["home_access"]
    with pytest.raises(ScriptError, match=r"steps\.0\.pointer"):
        load_script(path=_write(tmp_path, data))


def test_a_translation_missing_a_sentence_is_refused(tmp_path: Path) -> None:
    script = load_script()
    sentences = {s.id: "x" for s in script.steps[1:]}
    path = _write(tmp_path, {"language": "xx", "sentences": sentences})
    with pytest.raises(ScriptError, match=script.steps[0].id):
        translate(script, path=path)


def test_a_language_without_a_file_says_how_to_add_one() -> None:
    with pytest.raises(ScriptError, match="keyed by the step ids"):
        load_script(lang="zz")
