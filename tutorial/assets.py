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


def draw_card(
    *,
    dest: Path,
    title: str,
    lines: list[str],
    scale: int,
    colours: tuple[tuple[int, int, int], tuple[int, int, int]] = (BAND, BADGE),
    logo: Path | None = None,
) -> None:
    """Draw a title or closing card: a logo, the title large, then a few lines, on one colour."""
    w, h = 1280 * scale, 720 * scale
    background, strip = colours
    image = Image.new("RGB", (w, h), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, h - 14 * scale, w, h), fill=strip)
    big, small = font(46 * scale), font(28 * scale)
    y = h // 2 - (40 + 24 * len(lines)) * scale
    if logo is not None:
        with Image.open(logo) as im:
            mark = im.convert("RGBA")
        # At most 120x240 CSS pixels, on a white plate so any logo reads on any colour.
        mark.thumbnail((240 * scale, 120 * scale), Image.Resampling.LANCZOS)
        pad = 12 * scale
        top = max(pad, y - 60 * scale - mark.height - 2 * pad)
        left = (w - mark.width) // 2
        draw.rounded_rectangle(
            (left - pad, top - pad, left + mark.width + pad, top + mark.height + pad),
            radius=8 * scale,
            fill="white",
        )
        image.paste(mark, (left, top), mark)
    draw.text((w / 2, y), title, font=big, fill="white", anchor="mm")
    for i, line in enumerate(lines):
        draw.text((w / 2, y + (90 + 50 * i) * scale), line, font=small, fill=(210, 220, 240),
                  anchor="mm")  # fmt: skip
    image.save(dest, compress_level=1)
