"""What a run is asked to make (Options), and what it reports having done (Report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


@dataclass(frozen=True, kw_only=True)
class Options:
    """What one run makes, and where."""

    out: Path
    cache: Path
    scale: int = 1
    redact: bool = False
    style: Literal["slides", "motion"] = "motion"
    burn_subtitles: bool = False
    site_url: str = ""  # shown on the closing card
    preview: str | None = None  # a step id: also write preview-<id>.webp
    # Step id -> the trainer's recording of its sentence (--voice-dir); the others are synthesised.
    recordings: dict[str, Path] = field(default_factory=dict)


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
