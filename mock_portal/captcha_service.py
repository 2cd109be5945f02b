"""Captcha challenges: answers, image and French audio (CAP-01..05)."""

from __future__ import annotations

import io
import secrets
import subprocess
import threading
from collections import OrderedDict
from typing import Protocol

from captcha.image import ImageCaptcha

# No 0/O, 1/I/l, 2/Z, 5/S, 8/B: a person must read them without doubt.
ALPHABET = "acdefghjkmnpqrtuvwxyACDEFGHJKMNPQRTUVWXY34679"
LENGTH = 5
PURPLE = (106, 27, 154)
BACKGROUND = (250, 247, 252)

SPOKEN_LETTERS = {
    "a": "a", "b": "bé", "c": "cé", "d": "dé", "e": "e", "f": "èfe", "g": "gé",
    "h": "hache", "i": "i", "j": "ji", "k": "ka", "l": "èle", "m": "ème", "n": "ène",
    "o": "o", "p": "pé", "q": "ku", "r": "èr", "s": "èsse", "t": "té", "u": "u",
    "v": "vé", "w": "double vé", "x": "ixe", "y": "i grec", "z": "zède",
}  # fmt: skip


class AnswerSource(Protocol):
    """Where captcha answers come from (random in production, fixed for staging)."""

    def new_answer(self) -> str:
        """Return the characters of a new challenge."""
        ...


class RandomAnswers:
    """Draw unambiguous characters at random."""

    def new_answer(self) -> str:
        """Return five random characters."""
        return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


class FixedAnswers:
    """Give every challenge the same answer, for a staging deployment."""

    def __init__(self, value: str) -> None:
        self.value = value

    def new_answer(self) -> str:
        """Return the configured value."""
        return self.value


def answer_matches(expected: str, typed: str) -> bool:
    """Compare without regard to case (CAP-02), in constant time."""
    return secrets.compare_digest(
        expected.strip().casefold().encode(), (typed or "").strip().casefold().encode()
    )


def draw_png(answer: str) -> bytes:
    """Draw the characters in purple on a pale background, with noise."""
    image = ImageCaptcha(width=200, height=70).generate_image(
        answer, bg_color=BACKGROUND, fg_color=(*PURPLE, 255)
    )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def spoken_text(answer: str) -> str:
    """Spell the answer in French, one character at a time, saying the case of letters."""
    words = []
    for char in answer:
        if char.isdigit():
            words.append(char)
        else:
            name = SPOKEN_LETTERS.get(char.lower(), char)
            words.append(f"{name} {'majuscule' if char.isupper() else 'minuscule'}")
    return ". ".join(words) + "."


class AudioCache:
    """Speak each challenge once with espeak-ng and keep the WAV for repeated plays."""

    def __init__(self, *, capacity: int = 64, command: str = "espeak-ng") -> None:
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._capacity = capacity
        self._command = command

    def wav(self, challenge_id: str, answer: str) -> bytes:
        """Return the WAV of the answer spoken in French."""
        with self._lock:
            if challenge_id in self._items:
                self._items.move_to_end(challenge_id)
                return self._items[challenge_id]
        result = subprocess.run(
            [self._command, "-v", "fr", "-s", "120", "--stdout", spoken_text(answer)],
            capture_output=True,
            check=True,
            timeout=30,
        )
        with self._lock:
            self._items[challenge_id] = result.stdout
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)
        return result.stdout
