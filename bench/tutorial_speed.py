"""Time the tutorial generator: cold slides, cold motion, warm motion; print wall and CPU time.

Targets (issue 13): a cold motion run takes at most 2x a cold slides run; a warm motion run
with nothing changed at most 0.4x a cold motion run; the 1280x720 MP4 stays under 15 MB.
Issue 23: the MP4's narration measures -16 ± 1 LUFS integrated, true peak under -1 dBTP.
Each run is `python -m tutorial` in a child process (espeak-ng, empty cache for a cold run);
its CPU time is that process's and its children's (browser, portal, ffmpeg), from wait4.
Run: .venv/bin/python bench/tutorial_speed.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tutorial.loudness import TARGET_LUFS, measure

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000


@dataclass(frozen=True)
class Timed:
    """One run: wall time, CPU time of it and its children, and its summary line."""

    wall: float
    cpu: float
    summary: str


def run(*, out: Path, cache: Path, style: str) -> Timed:
    """Run the generator once as a trainer would; return its times."""
    args = [sys.executable, "-m", "tutorial", "--out", str(out), "--cache", str(cache)]
    args += ["--tts", "espeak", "--style", style]
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    output = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"tutorial_speed: the {style} run failed (exit {proc.returncode})")
    return Timed(wall=wall, cpu=usage.ru_utime + usage.ru_stime, summary=output.strip())


def _video(mp4: Path) -> tuple[int, int, float]:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_streams", "-show_format", str(mp4)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    info = json.loads(done.stdout)
    v = next(s for s in info["streams"] if s["codec_type"] == "video")
    return v["width"], v["height"], float(info["format"]["duration"])


def main() -> int:
    """Run the three generations and print the figures against the targets."""
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start "
          "(shared: other engineers' jobs run beside this one)")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="tutorial-bench-") as tmp:
        base = Path(tmp)
        slides = run(out=base / "slides", cache=base / "cache-slides", style="slides")
        cold = run(out=base / "motion", cache=base / "cache-motion", style="motion")
        warm = run(out=base / "motion", cache=base / "cache-motion", style="motion")
        mp4 = base / "motion" / "tutorial.mp4"
        size = mp4.stat().st_size
        width, height, duration = _video(mp4)
        level = measure(mp4)
    rows = [("cold slides", slides), ("cold motion", cold), ("warm motion", warm)]
    for name, t in rows:
        first = t.summary.splitlines()[0].split("(", 1)[-1].rstrip(")")
        print(f"{name:<12} {t.wall:6.1f} s wall  {t.cpu:6.1f} s CPU  ({first})")
    ratios = [
        ("cold motion / cold slides", cold.wall / slides.wall, cold.cpu / slides.cpu, 2.0),
        ("warm motion / cold motion", warm.wall / cold.wall, warm.cpu / cold.cpu, 0.4),
    ]
    for name, wall, cpu, target in ratios:
        verdict = "OK" if wall <= target else "MISSED"
        print(f"{name:<26} {wall:5.2f} wall, {cpu:5.2f} CPU  (target <= {target}) {verdict}")
    verdict = "OK" if size < 15 * MB and (width, height) == (1280, 720) else "MISSED"
    print(f"motion MP4 {width}x{height}, {duration:.1f} s: {size / MB:.1f} MB "
          f"(target < 15 MB at 1280x720) {verdict}")  # fmt: skip
    loud_ok = abs(level.integrated - TARGET_LUFS) <= 1 and level.true_peak < -1
    verdict = "OK" if loud_ok else "MISSED"
    print(f"motion MP4 loudness (ffmpeg ebur128): {level.integrated:.1f} LUFS integrated, true "
          f"peak {level.true_peak:.1f} dBTP (target {TARGET_LUFS:.0f} ± 1 LUFS, peak < -1 dBTP) "
          f"{verdict}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
