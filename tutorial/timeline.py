"""Place each step on the video's time line and write its subtitles (SRT and WebVTT)."""

from __future__ import annotations

import math
from dataclasses import dataclass

FPS = 25
PAUSE = 0.6  # seconds of silence after each sentence, so the viewer reads the still


@dataclass(frozen=True, slots=True)
class Slot:
    """When one step is on screen and when its narration is heard."""

    number: int
    start: float
    speech: float  # length of the narration
    duration: float  # narration plus pause, a whole number of frames
    text: str

    @property
    def frames(self) -> int:
        """Return how many video frames the still lasts."""
        return round(self.duration * FPS)

    @property
    def speech_end(self) -> float:
        """Return when the narration stops."""
        return self.start + self.speech

    @property
    def end(self) -> float:
        """Return when the next step starts."""
        return self.start + self.duration


def plan(
    speech: list[float], texts: list[str], *, pause: float = PAUSE, lead_frames: int = 0
) -> list[Slot]:
    """Return the slots of consecutive steps; each lasts its narration plus the pause, in frames.

    `lead_frames` is what comes before the first step (the title card).
    """
    slots: list[Slot] = []
    frame = lead_frames
    for i, (length, text) in enumerate(zip(speech, texts, strict=True), start=1):
        frames = math.ceil((length + pause) * FPS)
        slots.append(
            Slot(number=i, start=frame / FPS, speech=length, duration=frames / FPS, text=text)
        )
        frame += frames
    return slots


def _stamp(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def srt(slots: list[Slot]) -> str:
    """Return the SRT subtitles: one cue per step, timed on its narration."""
    cues = [
        f"{s.number}\n{_stamp(s.start, ',')} --> {_stamp(s.speech_end, ',')}\n{s.text}\n"
        for s in slots
    ]
    return "\n".join(cues)


def webvtt(slots: list[Slot]) -> str:
    """Return the WebVTT subtitles, with the same cues as the SRT."""
    cues = [
        f"{s.number}\n{_stamp(s.start, '.')} --> {_stamp(s.speech_end, '.')}\n{s.text}\n"
        for s in slots
    ]
    return "WEBVTT\n\n" + "\n".join(cues)


def ffmetadata(chapters: list[tuple[str, float, float]], *, title: str, language: str) -> str:
    """Return an ffmetadata file with one chapter per (title, start, end) in seconds."""

    def esc(text: str) -> str:
        for ch in "\\=;#\n":
            text = text.replace(ch, "\\" + ch)
        return text

    out = [";FFMETADATA1", f"title={esc(title)}", f"language={language}"]
    for name, start, end in chapters:
        out += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(start * 1000)}"]
        out += [f"END={round(end * 1000)}", f"title={esc(name)}"]
    return "\n".join(out) + "\n"
