"""Place each step on the video's time line; write its subtitles (SRT, WebVTT) and chapters."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from tutorial.brand import DEFAULT, Brand
from tutorial.script import Script

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


def write_subtitles(
    *,
    staging: Path,
    script: Script,
    slots: list[Slot],
    closing: float,
    brand: Brand = DEFAULT,
) -> None:
    """Write the SRT and WebVTT subtitles and the chapters' ffmetadata.

    The first chapter opens with the title card (an MP4 chapter list starts at 0) and the last
    one runs to the end of the closing card, `closing` seconds long.
    """
    (staging / "tutorial.srt").write_text(srt(slots), encoding="utf-8")
    (staging / "tutorial.vtt").write_text(webvtt(slots), encoding="utf-8")
    chapters: list[tuple[str, float, float]] = []
    for chapter in script.chapters:
        mine = [s for s, st in zip(slots, script.steps, strict=True) if st.chapter == chapter.id]
        chapters.append((chapter.title, mine[0].start, mine[-1].end))
    first, last = chapters[0], chapters[-1]
    chapters[0] = (first[0], 0.0, first[2])
    chapters[-1] = (last[0], last[1], last[2] + closing)
    meta = ffmetadata(chapters, title=brand.title, language=script.language)
    (staging / "chapters.ffmetadata").write_text(meta, encoding="utf-8")
