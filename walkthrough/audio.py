"""Hear an audio file as a person would: decodable, long enough, and not silent (CAP-05)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass


@dataclass(frozen=True)
class Loudness:
    """How long an audio file plays and how loud it is on average."""

    duration_s: float
    mean_db: float

    def __str__(self) -> str:
        return f"{self.duration_s:.1f} s long at a mean level of {self.mean_db:.0f} dB"


def speech_level(audio: bytes) -> Loudness | None:
    """Decode `audio` with ffmpeg; return its length and mean level (None: not decodable)."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is missing; install it (scripts/bootstrap.sh)")
    done = subprocess.run(
        [ffmpeg, "-hide_banner", "-i", "pipe:0", "-af", "volumedetect", "-f", "null", "-"],
        input=audio,
        capture_output=True,
        timeout=60,
        check=False,
    )
    log = done.stderr.decode("utf-8", "replace")
    mean = re.search(r"mean_volume:\s*(-?[\d.]+|-inf) dB", log)
    time = re.findall(r"time=(\d+):(\d+):([\d.]+)", log)
    duration = re.search(r"Duration:\s*(\d+):(\d+):([\d.]+)", log)
    if done.returncode != 0 or mean is None:
        return None
    h, m, sec = time[-1] if time else duration.groups() if duration else ("0", "0", "0")
    level = -200.0 if mean[1] == "-inf" else float(mean[1])
    return Loudness(duration_s=int(h) * 3600 + int(m) * 60 + float(sec), mean_db=level)
