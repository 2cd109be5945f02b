"""Load the tutorial script: the seed's narration bound to actions and elements, in one YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar, Literal, Self, get_args

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from walkthrough.screens import ScreenName

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


class Action(Strict):
    """One page-object action; `screen.method` in the YAML, e.g. `step_1.accept_cgu`."""

    # The screens whose page object has this method.
    SCREENS: ClassVar[tuple[ScreenName, ...]] = ()

    screen: ScreenName
    action: str  # each kind narrows it to its one method's name, the union's tag

    @model_validator(mode="after")
    def _on_its_screen(self) -> Self:
        if self.screen not in self.SCREENS:
            named = ", ".join(self.SCREENS)
            raise ValueError(f"{self.label} is not an action of {self.screen}; it is of {named}")
        return self

    @property
    def label(self) -> str:
        """Return the action as the script writes it: `screen.method`."""
        return f"{self.screen}.{self.action}"


class OpenHome(Action):
    """Open the portal's home page."""

    SCREENS = (ScreenName.HOME,)
    action: Literal["open"]


class GoToLogin(Action):
    """Follow the home page's link to the login page."""

    SCREENS = (ScreenName.HOME,)
    action: Literal["go_to_login"]


class StartRegistration(Action):
    """Follow "Je m'inscris" from the login page."""

    SCREENS = (ScreenName.LOGIN,)
    action: Literal["start_registration"]


class AcceptCgu(Action):
    """Tick the terms of use."""

    SCREENS = (ScreenName.STEP_1,)
    action: Literal["accept_cgu"]


class GoOn(Action):
    """Press "Continuer" on a registration step."""

    SCREENS = (ScreenName.STEP_1, ScreenName.STEP_2)
    action: Literal["go_on"]


class FillIdentity(Action):
    """Type the person's identity and contact."""

    SCREENS = (ScreenName.STEP_2,)
    action: Literal["fill_identity"]


class AnswerCaptcha(Action):
    """Type the captcha's answer, as the target's strategy reads it."""

    SCREENS = (ScreenName.STEP_2,)
    action: Literal["answer_captcha"]


class ChoosePassword(Action):
    """Type the password and its confirmation."""

    SCREENS = (ScreenName.STEP_3,)
    action: Literal["choose_password"]


class Validate(Action):
    """Validate the registration."""

    SCREENS = (ScreenName.STEP_3,)
    action: Literal["validate"]


class OpenConfirmation(Strict):
    """Show the confirmation email in a mail client's reading pane (not a screen of the portal)."""

    screen: Literal["mail"]
    action: Literal["open_confirmation"]

    @property
    def label(self) -> str:
        """Return the action as the script writes it."""
        return f"{self.screen}.{self.action}"


ActionKind = (
    OpenHome | GoToLogin | StartRegistration | AcceptCgu | GoOn | FillIdentity | AnswerCaptcha
    | ChoosePassword | Validate | OpenConfirmation
)  # fmt: skip
AnyAction = Annotated[ActionKind, Field(discriminator="action")]
# The method names the script may use, e.g. `accept_cgu`.
ACTION_TAGS = frozenset(
    get_args(kind.model_fields["action"].annotation)[0] for kind in get_args(ActionKind)
)


def _split_action(value: object) -> object:
    """Turn `screen.method` into the fields of an action model."""
    if not isinstance(value, str):
        return value
    screen, dot, method = value.partition(".")
    if not dot or "." in method:
        raise ValueError(f"action {value!r} is not 'screen.method'")
    return {"screen": screen, "action": method}


class Step(Strict):
    """One narrated sentence, the action it describes and the element it points at."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    chapter: ChapterId
    narration: str = Field(min_length=1)
    rules: list[str] = Field(default_factory=list)
    actions: list[Annotated[AnyAction, BeforeValidator(_split_action)]] = Field(
        default_factory=list
    )
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


def _first_error(path: Path, exc: ValidationError, data: object = None) -> ScriptError:
    """Return the first mistake as one line: the file, where in it (and which step), what."""
    err = exc.errors()[0]
    loc = err["loc"]
    # A tagged union adds the tag to the place (`actions.0.accept_cgu.screen`): the reader wrote
    # `actions.0`, so that is what the line names.
    shown = [part for part in loc if not (isinstance(part, str) and part in ACTION_TAGS)]
    where = ".".join(str(part) for part in shown) or "(top)"
    step = _step_id(data, loc)
    if step and len(loc) >= 4 and loc[2] == "actions":
        where += f" (step {step}, action {_action_text(data, loc)!r})"
    elif step:
        where += f" (step {step})"
    message = err["msg"].removeprefix("Value error, ")
    return ScriptError(f"{path}: {where}: {message}")


def _step_id(data: object, loc: tuple[int | str, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "steps" and isinstance(loc[1], int) and isinstance(data, dict):
        steps = data.get("steps")
        if isinstance(steps, list) and loc[1] < len(steps) and isinstance(steps[loc[1]], dict):
            step_id = steps[loc[1]].get("id")
            return step_id if isinstance(step_id, str) else None
    return None


def _action_text(data: object, loc: tuple[int | str, ...]) -> str:
    try:
        return str(data["steps"][loc[1]]["actions"][loc[3]])  # type: ignore[index]
    except (KeyError, IndexError, TypeError):
        return ""


def load_script(*, path: Path = SCRIPT_PATH, lang: str | None = None) -> Script:
    """Load the script, with the sentences of `lang` swapped in when it is not the script's own."""
    data = _load_yaml(path)
    try:
        script = Script.model_validate(data)
    except ValidationError as exc:
        raise _first_error(path, exc, data) from exc
    if lang is None or lang == script.language:
        return script
    return translate(script, path=LANG_DIR / f"{lang}.yaml")


def available_languages(script: Script) -> list[str]:
    """Return the script's language and every translation shipped beside it."""
    return [script.language, *sorted(p.stem for p in LANG_DIR.glob("*.yaml"))]


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
