"""The security check: characters drawn with Pillow, and spelled aloud by espeak-ng."""

from __future__ import annotations

import io
import random
import secrets
import subprocess

from PIL import Image, ImageDraw, ImageFont

# No 0/O, 1/I/L: a person reading the image cannot tell them apart.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
VIOLET = (110, 40, 150)


def new_answer(fixed: str | None) -> str:
    """Return the characters of a new captcha (always `fixed` on a staging deployment)."""
    return fixed or "".join(secrets.choice(ALPHABET) for _ in range(6))


def image(answer: str) -> bytes:
    """Draw the characters in violet on a noisy frame; return a PNG."""
    rng = random.Random(answer)
    width = 40 + 34 * len(answer)
    picture = Image.new("RGB", (width, 70), (245, 243, 250))
    pen = ImageDraw.Draw(picture)
    for _ in range(8):
        points = [(rng.randint(0, width), rng.randint(0, 70)) for _ in range(2)]
        pen.line(points, fill=(190, 170, 210), width=2)
    try:
        font: ImageFont.ImageFont | ImageFont.FreeTypeFont = ImageFont.truetype(FONT, 38)
    except OSError:  # a machine without DejaVu still gets a readable, if plain, image
        font = ImageFont.load_default()
    for index, char in enumerate(answer):
        glyph = Image.new("RGBA", (48, 60), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((6, 4), char, font=font, fill=VIOLET)
        glyph = glyph.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
        picture.paste(glyph, (20 + 34 * index, rng.randint(0, 10)), glyph)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def audio(answer: str) -> bytes:
    """Spell the characters one by one in French with espeak-ng; return a WAV."""
    spelled = ", ".join(answer.upper())
    done = subprocess.run(
        ["espeak-ng", "-v", "fr", "-s", "120", "--stdout", spelled],
        capture_output=True,
        check=True,
        timeout=20,
    )
    return done.stdout
