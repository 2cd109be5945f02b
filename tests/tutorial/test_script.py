"""The script is well formed, names what exists, and a translation swaps only the sentences.

That its narration is the seed's own words, in order, is part of the upstream sync check
(tests/test_catalogue.py), which needs the team's ../shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from catalogue.rules import rule_ids
from tutorial.capture.walk import MAIL_LOCATORS, SCREENS
from tutorial.script import SCRIPT_PATH, ScriptError, load_script, translate
from walkthrough.locators import DEFAULTS


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


def test_every_action_the_script_names_is_a_page_object_method() -> None:
    for step in load_script().steps:
        for action in step.actions:
            screen, method = action.split(".")
            assert callable(getattr(SCREENS.get(screen), method, None)), f"{step.id}: {action}"


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
