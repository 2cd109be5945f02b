"""Draw on a screenshot: blur personal data, box the acted element, number the step, caption it."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tutorial.fonts import font
from tutorial.records import Box

# A colour no screen of the walkthrough uses, so the box can be found on the pixels.
HIGHLIGHT = (255, 0, 170)
BADGE = (0, 56, 130)
BAND = (20, 24, 38)
BOX_PAD = 6  # CSS pixels between the element and the inside of the box
BOX_WIDTH = 4


def highlight_rect(box: Box, *, scale: int) -> tuple[int, int, int, int]:
    """Return the outer rectangle (image pixels, inclusive) the highlight box is drawn on."""
    left, top, right, bottom = box.scaled(scale)
    grow = (BOX_PAD + BOX_WIDTH) * scale
    return left - grow, top - grow, right + grow - 1, bottom + grow - 1


def _wrap(
    text: str, *, face: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int
) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def redact(image: Image.Image, boxes: Sequence[Box], *, scale: int) -> Image.Image:
    """Blur each box of personal data beyond reading (pixelate, then blur)."""
    out = image.copy()
    for box in boxes:
        left, top, right, bottom = box.scaled(scale)
        left, top = max(left - 2 * scale, 0), max(top - 2 * scale, 0)
        right, bottom = min(right + 2 * scale, out.width), min(bottom + 2 * scale, out.height)
        if right <= left or bottom <= top:
            continue
        region = out.crop((left, top, right, bottom))
        small = region.resize(
            (max(1, region.width // (12 * scale)), max(1, region.height // (12 * scale)))
        )
        region = small.resize(region.size, Image.Resampling.NEAREST).filter(
            ImageFilter.GaussianBlur(6 * scale)
        )
        out.paste(region, (left, top))
    return out


def annotate(
    image: Image.Image, *, number: int, caption: str, point: Box | None, scale: int
) -> Image.Image:
    """Return the screenshot with the highlight box, the numbered badge and the caption band."""
    out = image.convert("RGB")
    draw = ImageDraw.Draw(out)
    if point is not None:
        left, top, right, bottom = highlight_rect(point, scale=scale)
        draw.rectangle((left, top, right, bottom), outline=HIGHLIGHT, width=BOX_WIDTH * scale)
    face = font(22 * scale)
    margin = 16 * scale
    badge = 44 * scale
    lines = _wrap(caption, face=face, width=out.width - badge - 4 * margin)
    line_h = round(face.size * 1.3) if isinstance(face, ImageFont.FreeTypeFont) else 24 * scale
    band_h = max(badge + 2 * margin, len(lines) * line_h + 2 * margin)
    # The band goes to the bottom unless the element pointed at is there.
    at_top = (
        point is not None and (point.bottom + BOX_PAD + BOX_WIDTH) * scale > out.height - band_h
    )
    band_top = 0 if at_top else out.height - band_h
    band = Image.new("RGBA", (out.width, band_h), (*BAND, 225))
    out.paste(band, (0, band_top), band)
    draw = ImageDraw.Draw(out)
    bx, by = margin, band_top + (band_h - badge) // 2
    draw.ellipse(
        (bx, by, bx + badge, by + badge), fill=BADGE, outline=(255, 255, 255), width=2 * scale
    )
    draw.text((bx + badge / 2, by + badge / 2), str(number), font=face, fill="white", anchor="mm")
    ty = band_top + (band_h - len(lines) * line_h) // 2
    for i, line in enumerate(lines):
        draw.text((bx + badge + margin, ty + i * line_h), line, font=face, fill="white")
    return out
