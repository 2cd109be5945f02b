"""What a run is asked to make (Options), and what it reports having done (Report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tutorial.brand import DEFAULT, Brand


@dataclass(frozen=True, kw_only=True)
class Options:
    """What one run makes, and where."""

    out: Path
    cache: Path
    scale: int = 1  # of the captures and stills: 1280x720 or 2560x1440
    video: tuple[int, int] | None = None  # the video's size, when not the stills' (1920x1080)
    redact: bool = False
    style: Literal["slides", "motion"] = "motion"
    burn_subtitles: bool = False
    site_url: str = ""  # shown on the closing card
    preview: str | None = None  # a step id: also write preview-<id>.webp

    @property
    def video_size(self) -> tuple[int, int]:
        """Return the video's width and height in pixels."""
        return self.video or (1280 * self.scale, 720 * self.scale)

    # Step id -> the trainer's recording of its sentence (--voice-dir); the others are synthesised.
    recordings: dict[str, Path] = field(default_factory=dict)
    brand: Brand = DEFAULT  # --brand: the organisation's name, logo, colours and texts


@dataclass
class Report:
    """What a run did, for the command line and the benchmark."""

    out: Path
    synthesized: int = 0
    recorded: int = 0  # sentences heard in the trainer's own voice
    normalised: int = 0  # narration files brought to -16 LUFS in this run (not from the cache)
    encoded: int = 0
    changed: list[str] | None = None  # None: no previous output to compare with
    engines: set[str] = field(default_factory=set)
    timings: dict[str, float] = field(default_factory=dict)
