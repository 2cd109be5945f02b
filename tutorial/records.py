"""The records one run hands from stage to stage: boxes, acts, and one record per step.

Each is frozen: a stage that learns more about a step (the film's facts, the previous run's
boxes) makes a new record with `dataclasses.replace` instead of changing the one it was given.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in CSS pixels of the viewport."""

    x: float
    y: float
    width: float
    height: float

    def __post_init__(self) -> None:
        # One spelling for every box, whether the browser or a manifest gave whole numbers: the
        # segments' cache keys are drawn from these values, so 117 and 117.0 must be one box.
        object.__setattr__(self, "x", float(self.x))
        object.__setattr__(self, "y", float(self.y))
        object.__setattr__(self, "width", float(self.width))
        object.__setattr__(self, "height", float(self.height))

    @property
    def right(self) -> float:
        """Return the x of the right edge."""
        return self.x + self.width

    @property
    def bottom(self) -> float:
        """Return the y of the bottom edge."""
        return self.y + self.height

    @staticmethod
    def union(boxes: Sequence[Box]) -> Box:
        """Return the smallest box holding all `boxes`."""
        x, y = min(b.x for b in boxes), min(b.y for b in boxes)
        r, btm = max(b.right for b in boxes), max(b.bottom for b in boxes)
        return Box(x=x, y=y, width=r - x, height=btm - y)

    def scaled(self, factor: float) -> tuple[int, int, int, int]:
        """Return (left, top, right, bottom) in image pixels."""
        return (
            round(self.x * factor),
            round(self.y * factor),
            round(self.right * factor),
            round(self.bottom * factor),
        )


@dataclass(frozen=True, slots=True)
class Act:
    """One recorded act of a step: where the pointer goes, and what it does there."""

    kind: Literal["click", "type"]
    box: Box  # the element, in the coordinates of keyframe `frame`
    frame: int  # the keyframe on screen while the pointer moves and acts
    clips: tuple[int, ...] = ()  # typing: one clip per prefix shown
    clip_box: Box | None = None  # typing: where the clips go on the keyframe
    personal: bool = False  # typing: the value is the person's (blurred when redacting)


ACTS = TypeAdapter(list[Act])  # motion/NN-id/acts.json


def acts_json(acts: Sequence[Act]) -> str:
    """Return acts.json: the acts of one step, boxes as objects."""
    return json.dumps([asdict(act) for act in acts])


Camera = tuple[float, float, float, float]  # x, y, width, height in CSS pixels of the screen


@dataclass(frozen=True, slots=True)
class TypingSpan:
    """The frames of the video in which one field is being typed."""

    box: Box
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class FilmFacts:
    """What a viewer can check on a step's pixels: the typing, the camera, the last pointer."""

    pointer: tuple[float, float]
    typing: tuple[TypingSpan, ...]
    camera: Camera | None  # the narrowest camera of the step, None when it does not zoom
    zoomed: tuple[int, int] | None  # the first and last zoomed frame


@dataclass(frozen=True, slots=True, kw_only=True)
class StepRecord:
    """One step as the manifest records it: times, files and boxes, never the person's data."""

    number: int
    id: str
    chapter: str  # the chapter's id
    narration: str
    image: str  # the annotated still, relative to the output folder
    screen: str  # the raw screen (redacted if asked)
    motion: str  # the motion folder
    audio: str
    start: float
    speech: float
    duration: float
    point: Box | None  # what the sentence is about
    masks: tuple[Box, ...]  # the person's data and volatile elements: the diff ignores them
    film: FilmFacts | None = None  # the motion video's facts (motion style only)

    @property
    def label(self) -> str:
        """Return how the changed-steps list names the step: "14 captcha-aide"."""
        return f"{self.number:02d} {self.id}"

    def to_json(self) -> dict[str, object]:
        """Return the manifest's entry (no "film" key in the slides style)."""
        entry = asdict(self)
        if self.film is None:
            del entry["film"]
        return entry


@dataclass(frozen=True, slots=True, kw_only=True)
class GuideStep:
    """What the guide shows for one step."""

    number: int
    chapter: str  # the chapter's title
    text: str
    image: str  # relative to the output folder: the annotated slide
    audio: str
    screen: str = ""  # the raw screen (redacted if asked), for the click-through
    point: Box | None = None  # the box the sentence is about, CSS pixels of 1280x720


class PriorStep(BaseModel):
    """A step of the previous output's manifest: only what is reused from it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    image: str
    screen: str = ""
    motion: str = ""
    point: Box | None = None
    masks: tuple[Box, ...] = ()


class PriorManifest(BaseModel):
    """The previous output's tutorial.json, as far as the comparison needs it."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    scale: int | None = None
    redacted: bool | None = None
    steps: tuple[PriorStep, ...] = ()


def load_prior(path: Path) -> PriorManifest | None:
    """Return the manifest at `path`, or None when there is none or it cannot be read."""
    try:
        return PriorManifest.model_validate_json(path.read_bytes())
    except (OSError, ValidationError):
        return None
