"""Draw the video's title and closing cards."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from tutorial.brand import CARD_BACKGROUND, CARD_STRIP
from tutorial.fonts import font


def draw_card(
    *,
    dest: Path,
    title: str,
    lines: list[str],
    scale: int,
    colours: tuple[tuple[int, int, int], tuple[int, int, int]] = (CARD_BACKGROUND, CARD_STRIP),
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
