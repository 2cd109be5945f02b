"""Read frames of a generated video, as a viewer's player would show them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image

FPS = 25


def frames_at(mp4: Path, numbers: list[int], *, folder: Path) -> dict[int, Image.Image]:
    """Decode the video once and return the frames with these numbers (0 is the first)."""
    wanted = sorted(set(numbers))
    folder.mkdir(parents=True, exist_ok=True)
    select = "+".join(f"eq(n\\,{n})" for n in wanted)
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(mp4), "-vf", f"select={select}",
         "-fps_mode", "passthrough", str(folder / "f%04d.png")],
        check=True, capture_output=True,
    )  # fmt: skip
    files = sorted(folder.glob("f*.png"))
    assert len(files) == len(wanted), (len(files), len(wanted))
    return {n: Image.open(f).convert("RGB") for n, f in zip(wanted, files, strict=True)}


def step_frames(step: dict) -> tuple[int, int]:
    """Return the numbers of a step's first and last frames in the video."""
    first = round(step["start"] * FPS)
    return first, first + round(step["duration"] * FPS) - 1
