"""Plan and draw the frames of the motion video: pointer, ripple, typing, cross-fades, camera.

Everything drawn here follows what the walk recorded (tutorial/motion.py): the keyframes are
real screens, the boxes real bounding boxes, the typed prefixes real pixels of the field. A
step's plan is cheap (no pixels); drawing its frames is done only when its segment is not in the
cache, and identical consecutive frames are drawn once.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

from tutorial.records import Act, Box, Camera

# The pointer's own look: sky blue with a dark outline, unlike the magenta highlight (HIGHLIGHT);
# no screen of the portal uses this blue, so a test can find the pointer by its colour.
POINTER = (0, 190, 255)
POINTER_EDGE = (16, 24, 48)
# The arrow, tip at (0, 0), in CSS pixels; drawn POINTER_SIZE times larger (40 px tall).
ARROW = [(0, 0), (0, 19), (4.5, 14.5), (8, 22), (11.5, 20.5), (8, 13.5), (14, 13.5)]
POINTER_SIZE = 1.8
CROSSFADE = 8  # frames (0.32 s)
RIPPLE = 9
CAMERA = 15  # frames to ease in, and as many to ease out
TAIL = 4  # frames held at the end of a step, camera out, pointer at rest
MAX_ZOOM = 2.0
MIN_GAIN = 1.1  # no zoom when it would enlarge less than this
MARGIN = 48  # CSS pixels kept around the boxes the camera shows
TYPE_HOLD = 2  # frames per typed prefix


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


FULL: Camera = (0.0, 0.0, 1280.0, 720.0)


@dataclass(frozen=True)
class Frame:
    """What one video frame shows (no pixels yet)."""

    base: Path | tuple[Path, Path, Box]  # a keyframe, or (keyframe, clip, where the clip goes)
    pointer: tuple[float, float]  # CSS pixels of the screen
    fade_from: Path | tuple[Path, Path, Box] | None = None
    fade: float = 1.0  # 1: only `base`
    ripple: float | None = None  # 0..1 while a click ripples
    camera: Camera = FULL
    sharp: Path | None = None  # the camera's view rendered at 2x, used instead of enlarging


@dataclass(frozen=True)
class State:
    """Where a step ends: the screen shown and the pointer; the next step starts from it."""

    base: Path | tuple[Path, Path, Box]
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

    def __call__(self, a: Path | tuple, b: Path | tuple) -> bool:
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


def camera_rect(point: Box, *, width: float = 1280, height: float = 720) -> Camera:
    """Return the camera (x, y, w, h in CSS px) that shows `point` with a margin, at most 2x."""
    need_w, need_h = point.width + 2 * MARGIN, point.height + 2 * MARGIN
    zoom = max(1.0, min(MAX_ZOOM, width / need_w, height / need_h))
    w, h = width / zoom, height / zoom
    cx, cy = _centre(point)
    x = min(max(cx - w / 2, 0.0), width - w)
    y = min(max(cy - h / 2, 0.0), height - h)
    return x, y, w, h


def _between(a: Camera, b: Camera, t: float) -> Camera:
    return (
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
        a[3] + (b[3] - a[3]) * t,
    )


def plan_step(
    *, motion: StepMotion, start: State, frames: int, first: bool = False
) -> tuple[list[Frame], State]:
    """Return the frames of one step (exactly `frames`) and the state it ends in."""
    shown, pointer = start.base, start.pointer
    moving: list[Frame] = []

    def fade_to(base: Path | tuple[Path, Path, Box]) -> None:
        nonlocal shown
        if same_pixels(shown, base):
            shown = base
            return
        for i in range(1, CROSSFADE + 1):
            moving.append(
                Frame(base=base, pointer=pointer, fade_from=shown, fade=_ease(i / CROSSFADE))
            )
        shown = base

    def move_to(p: tuple[float, float]) -> None:
        nonlocal pointer
        dist = math.dist(pointer, p)
        if dist < 1:
            return
        steps = int(min(22, max(9, 8 + dist / 60)))
        for q in _path(pointer, p, steps):
            moving.append(Frame(base=shown, pointer=q))
        pointer = p

    for act in motion.acts:
        fade_to(motion.keyframes[act.frame])
        move_to(_target(act.box, pointer))
        if act.kind == "click":
            moving += [
                Frame(base=shown, pointer=pointer, ripple=(i + 1) / RIPPLE) for i in range(RIPPLE)
            ]
        elif act.clip_box is not None:
            for clip in act.clips:
                shown = (motion.keyframes[act.frame], motion.clips[clip], act.clip_box)
                moving += [Frame(base=shown, pointer=pointer)] * TYPE_HOLD
    fade_to(motion.keyframes[-1])
    if motion.point is not None:
        move_to(_target(motion.point, pointer))
    end = State(base=shown, pointer=pointer)

    full = FULL
    zoom = camera_rect(motion.point) if motion.point is not None else full
    # The camera needs its two ramps; the motion may be played faster to leave room for them.
    room = frames - (2 * CAMERA + TAIL + 6)
    use_camera = zoom[2] < 1280 / MIN_GAIN and room >= min(len(moving), 25)
    budget = frames - TAIL - (2 * CAMERA + 6 if use_camera else 0)
    if len(moving) > budget:
        # Too much happens for the sentence: play the motion faster, keeping its last frame.
        keep = max(budget, 1)
        moving = [moving[round(i * (len(moving) - 1) / max(keep - 1, 1))] for i in range(keep)]
    out = list(moving)
    rest = Frame(base=shown, pointer=pointer)
    if use_camera:
        hold = frames - len(out) - 2 * CAMERA - TAIL
        ramp = [_between(full, zoom, _ease(i / CAMERA)) for i in range(1, CAMERA + 1)]
        out += [replace(rest, camera=c) for c in ramp]
        sharp = None
        if motion.sharp_camera is not None and shown == motion.keyframes[-1]:
            close = all(abs(a - b) < 0.5 for a, b in zip(motion.sharp_camera, zoom, strict=True))
            sharp = motion.sharp if close else None
        out += [replace(rest, camera=zoom, sharp=sharp)] * hold
        out += [replace(rest, camera=c) for c in reversed(ramp[:-1])]
        out += [rest]
    out += [rest] * (frames - len(out))
    return out[:frames], end


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


class Painter:
    """Turn planned frames into RGB bytes, at the output's scale."""

    def __init__(self, *, scale: int, size: tuple[int, int] | None = None) -> None:
        self.scale = scale  # of the captured images
        self.size = size or (1280 * scale, 720 * scale)  # of the frames painted
        self.k = self.size[0] / 1280  # frame pixels per CSS pixel of the screen
        self._images: dict[object, Image.Image] = {}

    def _image(self, base: Path | tuple[Path, Path, Box]) -> Image.Image:
        if base not in self._images:
            if len(self._images) > 24:
                self._images.clear()
            if isinstance(base, Path):
                with Image.open(base) as im:
                    image = im.convert("RGB")
            else:
                key, clip, where = base
                image = self._image(key).copy()
                with Image.open(clip) as im:
                    image.paste(im.convert("RGB"), (round(where.x * self.scale),
                                                    round(where.y * self.scale)))  # fmt: skip
            if image.size != self.size:
                image = image.resize(self.size, Image.Resampling.LANCZOS)
            self._images[base] = image
        return self._images[base]

    @cached_property
    def _arrow(self) -> list[tuple[float, float]]:
        k = POINTER_SIZE * self.k
        return [(x * k, y * k) for x, y in ARROW]

    def paint(self, frame: Frame, *, cursor: bool = True) -> bytes:
        """Return one frame as raw RGB24 bytes."""
        s = self.k
        image = self._image(frame.base)
        if frame.fade_from is not None and frame.fade < 1:
            image = Image.blend(self._image(frame.fade_from), image, frame.fade)
        x, y, w, h = frame.camera
        if frame.sharp is not None and frame.fade_from is None:
            image = self._image(frame.sharp).copy()  # already the camera's view, at output size
        elif frame.camera != FULL:
            image = image.resize(
                self.size, Image.Resampling.BILINEAR, box=(x * s, y * s, (x + w) * s, (y + h) * s)
            )
        elif image is self._images.get(frame.base):
            image = image.copy()
        zoom = 1280 / w
        px, py = (frame.pointer[0] - x) * zoom * s, (frame.pointer[1] - y) * zoom * s
        if cursor:
            draw = ImageDraw.Draw(image)
            if frame.ripple is not None:
                r = (6 + 26 * frame.ripple) * s
                width = max(1, round((4 - 3 * frame.ripple) * s))
                draw.ellipse((px - r, py - r, px + r, py + r), outline=POINTER, width=width)
            arrow = [(px + ax, py + ay) for ax, ay in self._arrow]
            draw.polygon(arrow, fill=POINTER, outline=POINTER_EDGE, width=max(2, round(2 * s)))
        return image.tobytes()


def paint_all(frames: list[Frame], painter: Painter, *, cursor: bool = True) -> Iterator[bytes]:
    """Yield each frame's bytes, drawing identical consecutive frames only once."""
    last: Frame | None = None
    data = b""
    for frame in frames:
        if frame != last:
            data = painter.paint(frame, cursor=cursor)
            last = frame
        yield data
