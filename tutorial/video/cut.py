"""Cut the motion video: plan every step from the motion on disk, encode the segments not cached.

Each segment's cache key is a digest of everything its frames are drawn from (the screen it
starts on, its keyframes and clips, its acts, its length, the scale): a second run with nothing
changed finds every segment and encodes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image
from pydantic import BaseModel, ConfigDict

from tutorial.camera import FULL
from tutorial.records import ACTS, Box, Camera, FilmFacts, StepRecord, TypingSpan
from tutorial.video import ffmpeg, film
from tutorial.video.paint import Painter, paint_all
from tutorial.video.timeline import FPS

# Part of every segment's cache key: change it when tutorial/video/film.py or paint.py draws
# differently, so the cached segments are drawn again.
DRAWING = "film-2"


@dataclass(frozen=True)
class Piece:
    """One segment to encode: a card or a step, with its planned frames."""

    name: str
    frames: list[film.Frame]
    cursor: bool
    sources: list[Path]
    extra: str


@dataclass(frozen=True)
class Cut:
    """The planned video: pieces in order, and what the manifest says of each step's film."""

    pieces: list[Piece]
    film: list[FilmFacts]


def load_motion(*, folder: Path, point: Box | None) -> film.StepMotion:
    """Read one step's motion folder written by tutorial/capture/stills.py."""
    acts = ACTS.validate_json((folder / "acts.json").read_bytes())
    keyframes = sorted(folder.glob("k*.png"), key=lambda p: int(p.stem[1:]))
    clips = sorted(folder.glob("c*.png"), key=lambda p: int(p.stem[1:]))
    sharp = folder / "zoom.png"
    camera = None
    if sharp.is_file():
        camera = SharpCamera.model_validate_json((folder / "zoom.json").read_bytes()).camera
    return film.StepMotion(
        keyframes=keyframes,
        clips=clips,
        acts=acts,
        point=point,
        sharp=sharp if camera is not None else None,
        sharp_camera=camera,
    )


def _film_facts(frames: list[film.Frame]) -> FilmFacts:
    """Return what a viewer can check on the pixels: typing spans, camera, last pointer."""
    typing: dict[Box, list[int]] = {}
    for i, f in enumerate(frames):
        if isinstance(f.base, tuple):
            typing.setdefault(f.base[2], [i, i])[1] = i
    zoomed = [i for i, f in enumerate(frames) if f.camera != FULL]
    widest = min((frames[i].camera for i in zoomed), key=lambda c: c[2], default=None)
    return FilmFacts(
        pointer=frames[-1].pointer,
        typing=tuple(TypingSpan(box=box, first=a, last=b) for box, (a, b) in typing.items()),
        camera=widest,
        zoomed=(zoomed[0], zoomed[-1]) if zoomed else None,
    )


def plan(
    *, records: list[StepRecord], out: Path, title: Path, closing: Path, card_frames: int
) -> Cut:
    """Plan the title card, every step and the closing card."""
    pieces: list[Piece] = []
    facts: list[FilmFacts] = []
    frames, state = film.card_frames(card=title, start=None, frames=card_frames)
    pieces.append(Piece("title", frames, False, [title], f"{card_frames}"))
    for record in records:
        motion = load_motion(folder=out / record.motion, point=record.point)
        n = round(record.duration * FPS)
        start = state
        frames, state = film.plan_step(motion=motion, start=start, frames=n)
        base = start.base if isinstance(start.base, Path) else start.base[0]
        point = asdict(record.point) if record.point else None
        extra = json.dumps([point, n, list(start.pointer)], sort_keys=True)
        sources = [base, out / record.motion / "acts.json", *motion.keyframes, *motion.clips]
        if motion.sharp is not None:
            sources.append(motion.sharp)
        pieces.append(Piece(record.id, frames, True, sources, extra))
        facts.append(_film_facts(frames))
    frames, state = film.card_frames(card=closing, start=state, frames=card_frames)
    bases = [state.base] if isinstance(state.base, Path) else list(state.base[:2])
    pieces.append(Piece("closing", frames, False, [closing, *bases], f"{card_frames}"))
    return Cut(pieces=pieces, film=facts)


class SharpCamera(BaseModel):
    """zoom.json: the camera the 2x render of a step shows."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    camera: Camera


def _digest(piece: Piece, scale: int, size: tuple[int, int]) -> str:
    h = hashlib.sha256(f"{DRAWING}|{scale}|{size}|{piece.cursor}|{piece.extra}".encode())
    for path in piece.sources:
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def encode(
    *,
    cut: Cut,
    scale: int,
    cache: Path,
    on_done: Callable[[], None],
    size: tuple[int, int] | None = None,
) -> tuple[list[Path], int]:
    """Return the segments of the cut in order, encoding only those not cached; and how many.

    `size` is the video's, when it is not the captures' (1920x1080 from 2x captures).
    """
    painter_size = size or (1280 * scale, 720 * scale)

    def maker(piece: Piece) -> Callable[[], Iterable[bytes]]:
        # One painter per segment: segments are encoded two at a time, in threads.
        painter = Painter(scale=scale, size=painter_size)
        return lambda: paint_all(piece.frames, painter, cursor=piece.cursor)

    jobs = [(_digest(p, scale, painter_size), maker(p)) for p in cut.pieces]
    return ffmpeg.encode_cached(jobs=jobs, size=painter_size, cache=cache, on_done=on_done)


def preview(*, piece: Piece, dest: Path, scale: int, width: int = 640) -> None:
    """Write one step's motion as a small looping animated WebP (for a README)."""
    painter = Painter(scale=scale)
    size = (width, width * 9 // 16)
    images = []
    for i, data in enumerate(paint_all(piece.frames, painter)):
        if i % 2:
            continue  # 12.5 frames a second is smooth enough for a preview, and half the size
        frame = Image.frombytes("RGB", painter.size, data)
        images.append(frame.resize(size, Image.Resampling.LANCZOS))
    images[0].save(
        dest, save_all=True, append_images=images[1:], duration=80, loop=0, quality=70, method=4
    )
