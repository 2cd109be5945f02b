"""The security check: an image drawn by the `captcha` package, the characters read by espeak-ng."""

from __future__ import annotations

import secrets
import subprocess

from captcha.image import ImageCaptcha

ALPHABET = "ACDEFHJKLMNPRTUVWXY346789"  # none that a person confuses (0/O, 1/I, 2/Z, 5/S, B/8)


def new_answer(fixed: str | None) -> str:
    """Return new characters (always `fixed` on a staging deployment)."""
    return fixed or "".join(secrets.choice(ALPHABET) for _ in range(5))


def image(answer: str) -> bytes:
    """Draw the characters; return a PNG."""
    return ImageCaptcha(width=220, height=80).generate(answer, format="png").getvalue()


def audio(answer: str) -> bytes:
    """Spell the characters in French, one by one; return a WAV."""
    spoken = " ; ".join(answer.upper())
    done = subprocess.run(
        ["espeak-ng", "-v", "fr", "-s", "130", "--stdout", spoken],
        capture_output=True, check=True, timeout=20,
    )  # fmt: skip
    return done.stdout
