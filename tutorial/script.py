"""Load the tutorial script: the seed's narration bound to actions and elements, in one YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SCRIPT_PATH = Path(__file__).with_name("walkthrough.yaml")
LANG_DIR = Path(__file__).with_name("lang")

ChapterId = Literal[
    "introduction", "acces", "cgu", "formulaire", "captcha", "mot-de-passe", "synthese", "courriel"
]


class ScriptError(ValueError):
    """The script or a translation file is not valid."""


class Strict(BaseModel):
    """Refuse unknown keys so a typo in the YAML is reported, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Chapter(Strict):
    """One stage of the registration, a chapter of the video."""

    id: ChapterId
    title: str


class Step(Strict):
    """One narrated sentence, the action it describes and the element it points at."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    chapter: ChapterId
    narration: str = Field(min_length=1)
    rules: list[str] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list)
    capture_before: str | None = None
    point: list[str] = Field(default_factory=list)
    # Elements whose look changes on every run (the captcha image): ignored by the pixel diff.
    volatile: list[str] = Field(default_factory=list)


class Script(Strict):
    """The whole walkthrough: language, chapters and ordered steps."""

    language: str
    voice: dict[str, str] = Field(default_factory=dict)
    chapters: list[Chapter]
    steps: list[Step]

    @model_validator(mode="after")
    def _consistent(self) -> Script:
        ids = [s.id for s in self.steps]
        if len(set(ids)) != len(ids):
            raise ValueError("step ids must be unique")
        order = [c.id for c in self.chapters]
        seen = [s.chapter for s in self.steps]
        firsts = list(dict.fromkeys(seen))
        if firsts != order:
            raise ValueError(f"steps must follow the chapters in order {order}, got {firsts}")
        for step in self.steps:
            bad = [a for a in step.actions if a.count(".") != 1]
            if bad:
                raise ValueError(f"step {step.id}: action {bad[0]!r} is not 'screen.method'")
        return self

    def first(self, count: int) -> Script:
        """Return the script cut after its first `count` steps, with the chapters they use."""
        steps = self.steps[:count]
        used = {s.chapter for s in steps}
        chapters = [c for c in self.chapters if c.id in used]
        return self.model_copy(update={"steps": steps, "chapters": chapters})

    def chapter_title(self, chapter: str) -> str:
        """Return the title of a chapter by id."""
        return next(c.title for c in self.chapters if c.id == chapter)


class Translation(Strict):
    """A trainer's translation: the same step ids, other sentences, other voices."""

    language: str
    voice: dict[str, str] = Field(default_factory=dict)
    chapters: dict[ChapterId, str] = Field(default_factory=dict)
    sentences: dict[str, str]


def _load_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ScriptError(f"cannot read {path}: {exc}") from exc


def _first_error(path: Path, exc: ValidationError) -> ScriptError:
    err = exc.errors()[0]
    where = ".".join(str(part) for part in err["loc"]) or "(top)"
    return ScriptError(f"{path}: {where}: {err['msg']}")


def load_script(*, path: Path = SCRIPT_PATH, lang: str | None = None) -> Script:
    """Load the script, with the sentences of `lang` swapped in when it is not the script's own."""
    try:
        script = Script.model_validate(_load_yaml(path))
    except ValidationError as exc:
        raise _first_error(path, exc) from exc
    if lang is None or lang == script.language:
        return script
    return translate(script, path=LANG_DIR / f"{lang}.yaml")


def available_languages(*, path: Path = SCRIPT_PATH) -> list[str]:
    """Return the script's language and every translation shipped beside it."""
    own = Script.model_validate(_load_yaml(path)).language
    return [own, *sorted(p.stem for p in LANG_DIR.glob("*.yaml"))]


def translate(script: Script, *, path: Path) -> Script:
    """Return the script with each narration replaced by the translation keyed by its step id."""
    if not path.is_file():
        raise ScriptError(f"no translation file {path}: add one keyed by the step ids")
    try:
        tr = Translation.model_validate(_load_yaml(path))
    except ValidationError as exc:
        raise _first_error(path, exc) from exc
    ids = [s.id for s in script.steps]
    missing = [i for i in ids if i not in tr.sentences]
    unknown = [k for k in tr.sentences if k not in ids]
    if missing or unknown:
        raise ScriptError(f"{path}: missing sentences {missing}, unknown step ids {unknown}")
    steps = [s.model_copy(update={"narration": tr.sentences[s.id]}) for s in script.steps]
    chapters = [
        c.model_copy(update={"title": tr.chapters.get(c.id, c.title)}) for c in script.chapters
    ]
    return script.model_copy(
        update={
            "language": tr.language,
            "voice": tr.voice or script.voice,
            "steps": steps,
            "chapters": chapters,
        }
    )
