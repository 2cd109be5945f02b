"""Plan the frames of the motion video: pointer, ripple, typing, cross-fades, camera.

Everything drawn here follows what the walk recorded (tutorial/capture/motion.py): the keyframes are
real screens, the boxes real bounding boxes, the typed prefixes real pixels of the field. A
step's plan is cheap (no pixels); tutorial/video/paint.py draws its frames only when its segment
is not in the cache, and identical consecutive frames once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import Image, ImageChops

from tutorial.camera import FULL, MIN_GAIN, camera_rect
from tutorial.records import Act, Box, Camera

CROSSFADE = 8  # frames (0.32 s)
RIPPLE = 9
CAMERA = 15  # frames to ease in, and as many to ease out
TAIL = 4  # frames held at the end of a step, camera out, pointer at rest
TYPE_HOLD = 2  # frames per typed prefix


# What a frame shows under the pointer: a keyframe, or (keyframe, clip, where the clip goes).
Shown = Path | tuple[Path, Path, Box]


@dataclass(frozen=True)
class StepMotion:
    """A step's recorded motion on disk: keyframes (the last is the still), clips, acts."""

    keyframes: list[Path]
    clips: list[Path]
    acts: list[Act]
    point: Box | None
    # The camera's zoomed view of the last keyframe rendered again at 2x (sharp text), and
    # the camera it was taken for; None when the step does not zoom or was filmed without it.
    sharp: Path | None = None
    sharp_camera: Camera | None = None


@dataclass(frozen=True)
class Frame:
    """What one video frame shows (no pixels yet)."""

    base: Shown
    pointer: tuple[float, float]  # CSS pixels of the screen
    fade_from: Shown | None = None
    fade: float = 1.0  # 1: only `base`
    ripple: float | None = None  # 0..1 while a click ripples
    camera: Camera = FULL
    sharp: Path | None = None  # the camera's view rendered at 2x, used instead of enlarging


@dataclass(frozen=True)
class State:
    """Where a step ends: the screen shown and the pointer; the next step starts from it."""

    base: Shown
    pointer: tuple[float, float]


def _ease(t: float) -> float:
    return t * t * (3 - 2 * t)


def _centre(box: Box) -> tuple[float, float]:
    return box.x + box.width / 2, box.y + box.height / 2


def _inside(p: tuple[float, float], box: Box) -> bool:
    return box.x + 2 <= p[0] <= box.right - 2 and box.y + 2 <= p[1] <= box.bottom - 2


def _path(a: tuple[float, float], b: tuple[float, float], frames: int) -> list[tuple[float, float]]:
    """Return an eased, gently curved path from a to b (a person's hand does not go straight)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    bend = 0.12
    ctrl = (a[0] + dx / 2 - dy * bend, a[1] + dy / 2 + dx * bend)
    out = []
    for i in range(1, frames + 1):
        t = _ease(i / frames)
        x = (1 - t) ** 2 * a[0] + 2 * (1 - t) * t * ctrl[0] + t * t * b[0]
        y = (1 - t) ** 2 * a[1] + 2 * (1 - t) * t * ctrl[1] + t * t * b[1]
        out.append((x, y))
    return out


class _Same:
    """Tell whether two keyframes show the same pixels (cached: files are compared once)."""

    def __init__(self) -> None:
        self.known: dict[tuple[Path, Path], bool] = {}

    def __call__(self, a: Shown, b: Shown) -> bool:
        if a == b:
            return True
        if not (isinstance(a, Path) and isinstance(b, Path)):
            return False
        if (a, b) not in self.known:
            if a.read_bytes() == b.read_bytes():
                self.known[(a, b)] = True
            else:
                with Image.open(a) as ia, Image.open(b) as ib:
                    same = (
                        ia.size == ib.size
                        and ImageChops.difference(ia.convert("RGB"), ib.convert("RGB")).getbbox()
                        is None
                    )
                self.known[(a, b)] = same
        return self.known[(a, b)]


same_pixels = _Same()


def _target(box: Box, pointer: tuple[float, float]) -> tuple[float, float]:
    """Return where the pointer goes on a box: stay if already on it, else a bit off its centre."""
    if _inside(pointer, box):
        return pointer
    cx, cy = _centre(box)
    # Into a wide field, the hand lands towards its start, where the text begins.
    if box.width > 3 * box.height:
        cx = box.x + min(box.width / 2, 3 * box.height)
    return cx, cy


def _between(a: Camera, b: Camera, t: float) -> Camera:
    return (
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
        a[3] + (b[3] - a[3]) * t,
    )


def plan_step(*, motion: StepMotion, start: State, frames: int) -> tuple[list[Frame], State]:
    """Return the frames of one step (exactly `frames`) and the state it ends in."""
    hand = _Hand(shown=start.base, pointer=start.pointer)
    for act in motion.acts:
        hand.act(act, motion=motion)
    hand.fade_to(motion.keyframes[-1])
    if motion.point is not None:
        hand.move_to(_target(motion.point, hand.pointer))
    end = State(base=hand.shown, pointer=hand.pointer)
    return _fit(hand.frames, motion=motion, end=end, frames=frames), end


@dataclass
class _Hand:
    """The pointer's moves through a step's acts, frame by frame (the camera comes after)."""

    shown: Shown
    pointer: tuple[float, float]
    frames: list[Frame] = field(default_factory=list)

    def fade_to(self, base: Shown) -> None:
        """Cross-fade to another screen, unless it shows the same pixels."""
        if not same_pixels(self.shown, base):
            for i in range(1, CROSSFADE + 1):
                fade = _ease(i / CROSSFADE)
                self.frames.append(
                    Frame(base=base, pointer=self.pointer, fade_from=self.shown, fade=fade)
                )
        self.shown = base

    def move_to(self, p: tuple[float, float]) -> None:
        """Glide to `p` on a curved path, faster over long distances."""
        dist = math.dist(self.pointer, p)
        if dist < 1:
            return
        steps = int(min(22, max(9, 8 + dist / 60)))
        self.frames += [Frame(base=self.shown, pointer=q) for q in _path(self.pointer, p, steps)]
        self.pointer = p

    def act(self, act: Act, *, motion: StepMotion) -> None:
        """Go to the act's element on its keyframe, then click (a ripple) or type (the clips)."""
        self.fade_to(motion.keyframes[act.frame])
        self.move_to(_target(act.box, self.pointer))
        if act.kind == "click":
            self.frames += [
                Frame(base=self.shown, pointer=self.pointer, ripple=(i + 1) / RIPPLE)
                for i in range(RIPPLE)
            ]
        elif act.clip_box is not None:
            for clip in act.clips:
                self.shown = (motion.keyframes[act.frame], motion.clips[clip], act.clip_box)
                self.frames += [Frame(base=self.shown, pointer=self.pointer)] * TYPE_HOLD


def _fit(moving: list[Frame], *, motion: StepMotion, end: State, frames: int) -> list[Frame]:
    """Return exactly `frames`: the motion (faster if it must), the camera's zoom, the rest."""
    zoom = camera_rect(motion.point) if motion.point is not None else FULL
    # The camera needs its two ramps; the motion may be played faster to leave room for them.
    room = frames - (2 * CAMERA + TAIL + 6)
    use_camera = zoom[2] < 1280 / MIN_GAIN and room >= min(len(moving), 25)
    budget = frames - TAIL - (2 * CAMERA + 6 if use_camera else 0)
    if len(moving) > budget:
        # Too much happens for the sentence: play the motion faster, keeping its last frame.
        keep = max(budget, 1)
        moving = [moving[round(i * (len(moving) - 1) / max(keep - 1, 1))] for i in range(keep)]
    out = list(moving)
    rest = Frame(base=end.base, pointer=end.pointer)
    if use_camera:
        out += _camera(rest, motion=motion, zoom=zoom, hold=frames - len(out) - 2 * CAMERA - TAIL)
    out += [rest] * (frames - len(out))
    return out[:frames]


def _camera(rest: Frame, *, motion: StepMotion, zoom: Camera, hold: int) -> list[Frame]:
    """Return the camera easing in on `zoom`, holding `hold` frames, and easing back out."""
    ramp = [_between(FULL, zoom, _ease(i / CAMERA)) for i in range(1, CAMERA + 1)]
    out = [replace(rest, camera=c) for c in ramp]
    sharp = None
    if motion.sharp_camera is not None and rest.base == motion.keyframes[-1]:
        close = all(abs(a - b) < 0.5 for a, b in zip(motion.sharp_camera, zoom, strict=True))
        sharp = motion.sharp if close else None
    out += [replace(rest, camera=zoom, sharp=sharp)] * hold
    out += [replace(rest, camera=c) for c in reversed(ramp[:-1])]
    return [*out, rest]


def card_frames(*, card: Path, start: State | None, frames: int) -> tuple[list[Frame], State]:
    """Return the frames of a title or closing card, faded in from where the video was."""
    pointer = start.pointer if start else (640.0, 400.0)
    out: list[Frame] = []
    if start is not None:
        out = [
            Frame(base=card, pointer=pointer, fade_from=start.base, fade=_ease(i / CROSSFADE))
            for i in range(1, CROSSFADE + 1)
        ]
    out += [Frame(base=card, pointer=pointer)] * (frames - len(out))
    return out[:frames], State(base=card, pointer=pointer)
