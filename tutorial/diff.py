"""Compare this run's screenshots with the previous output's: which steps look different."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

from tutorial.annotate import Box

CHANNEL_TOLERANCE = 24  # anti-aliasing and JPEG-free rendering noise stay below this
AREA_TOLERANCE = 0.0005  # share of the frame that may differ before a step counts as changed


def looks_different(old: Path, new: Path, *, masks: Iterable[Box], scale: int) -> bool:
    """Return True when the two stills differ beyond noise, outside the masked boxes."""
    with Image.open(old) as a_img, Image.open(new) as b_img:
        if a_img.size != b_img.size:
            return True
        diff = ImageChops.difference(a_img.convert("RGB"), b_img.convert("RGB")).convert("L")
    changed = diff.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
    draw = ImageDraw.Draw(changed)
    for box in masks:
        left, top, right, bottom = box.scaled(scale)
        draw.rectangle(
            (left - 3 * scale, top - 3 * scale, right + 3 * scale, bottom + 3 * scale), fill=0
        )
    count = changed.histogram()[255]
    return count > AREA_TOLERANCE * changed.width * changed.height
