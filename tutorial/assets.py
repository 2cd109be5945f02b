"""Write what one captured step leaves on disk: the slide, the raw screen, the motion's images.

With redaction on, every image is blurred in memory before it is saved: no unblurred pixel of
the person's data reaches the disk, neither in the still nor in any frame of the motion.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from pathlib import Path

from PIL import Image, ImageDraw

from tutorial.annotate import BADGE, BAND, Box, annotate, font, redact
from tutorial.walk import Capture


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
    acts = [asdict(act) for act in rec.acts]  # nested boxes become dicts too
    (motion / "acts.json").write_text(json.dumps(acts), encoding="utf-8")


def draw_card(*, dest: Path, title: str, lines: list[str], scale: int) -> None:
    """Draw a title or closing card: the title large, then a few lines, on the site's blue."""
    w, h = 1280 * scale, 720 * scale
    image = Image.new("RGB", (w, h), BAND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, h - 14 * scale, w, h), fill=BADGE)
    big, small = font(46 * scale), font(28 * scale)
    y = h // 2 - (40 + 24 * len(lines)) * scale
    draw.text((w / 2, y), title, font=big, fill="white", anchor="mm")
    for i, line in enumerate(lines):
        draw.text((w / 2, y + (90 + 50 * i) * scale), line, font=small, fill=(210, 220, 240),
                  anchor="mm")  # fmt: skip
    image.save(dest, compress_level=1)
