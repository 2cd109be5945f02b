"""Write what one captured step leaves on disk: the slide, the raw screen, the motion's images.

With redaction on, every image is blurred in memory before it is saved: no unblurred pixel of
the person's data reaches the disk, neither in the still nor in any frame of the motion.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image

from tutorial.capture.annotate import annotate, redact
from tutorial.capture.walk import Capture
from tutorial.records import Box, acts_json


def _open(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def _blur_all(image: Image.Image, *, scale: int) -> Image.Image:
    whole = Box(x=0, y=0, width=image.width / scale, height=image.height / scale)
    return redact(image, [whole], scale=scale)


def write_step(
    *, capture: Capture, number: int, still: Path, screen: Path, motion: Path, scale: int,
    redacting: bool,
) -> None:  # fmt: skip
    """Save the annotated slide, the raw screen and the motion folder of one step."""
    image = _open(capture.png)
    if redacting:
        image = redact(image, capture.personal, scale=scale)
    image.save(screen, compress_level=1)
    slide = annotate(
        image, number=number, caption=capture.step.narration, point=capture.point, scale=scale
    )
    slide.save(still, compress_level=1)
    motion.mkdir()
    rec = capture.motion
    # The last keyframe is the screen itself: written once, as screens/NN-id.png's twin.
    for i, (png, boxes) in enumerate(zip(rec.keyframes[:-1], rec.personal[:-1], strict=True)):
        frame = _open(png)
        if redacting:
            frame = redact(frame, boxes, scale=scale)
        frame.save(motion / f"k{i}.png", compress_level=1)
    image.save(motion / f"k{len(rec.keyframes) - 1}.png", compress_level=1)
    personal_clips = {c for act in rec.acts if act.personal for c in act.clips}
    for i, png in enumerate(rec.clips):
        clip = _open(png)
        if redacting and i in personal_clips:
            clip = _blur_all(clip, scale=scale)
        clip.save(motion / f"c{i}.png", compress_level=1)
    (motion / "acts.json").write_text(acts_json(rec.acts), encoding="utf-8")
    if capture.sharp is not None and capture.sharp_camera is not None:
        _write_sharp(capture, motion=motion, scale=scale, redacting=redacting)


def _write_sharp(capture: Capture, *, motion: Path, scale: int, redacting: bool) -> None:
    """Save the camera's view rendered at 2x (zoom.png) and the camera it shows (zoom.json)."""
    x, y, w, h = capture.sharp_camera or (0, 0, 0, 0)
    image = _open(capture.sharp or b"")
    if redacting:
        # The person's boxes, moved into the crop; its pixels per CSS pixel: 2x the page's.
        per_css = round(image.width / w)
        moved = [
            Box(x=b.x - x, y=b.y - y, width=b.width, height=b.height) for b in capture.personal
        ]
        image = redact(image, moved, scale=per_css)
    image.save(motion / "zoom.png", compress_level=1)
    camera = {"camera": [x, y, w, h], "scale": scale}
    (motion / "zoom.json").write_text(json.dumps(camera), encoding="utf-8")
