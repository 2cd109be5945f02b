"""Bring narration to the level web players expect: EBU R128, -16 LUFS, true peaks under -1 dBTP."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

TARGET_LUFS = -16.0
# loudnorm's true-peak ceiling: 0.5 dB under the -1 dBTP promise, for the AAC encode after it.
TRUE_PEAK = -1.5
LRA = 11.0
# Version of the recipe below, part of the cache key: change it when the filter changes.
RECIPE = f"loudnorm-2pass-linear|{TARGET_LUFS}|{TRUE_PEAK}|{LRA}"


class LoudnessError(RuntimeError):
    """ffmpeg could not measure or normalise a narration file."""


@dataclass(frozen=True, slots=True)
class Loudness:
    """What ffmpeg's ebur128 scanner measures: integrated loudness and true peak."""

    integrated: float  # LUFS
    true_peak: float  # dBTP


def _run(args: list[str]) -> str:
    done = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", *args], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise LoudnessError(f"ffmpeg failed: {done.stderr.strip().splitlines()[-1:]}")
    return done.stderr


def measure(path: Path) -> Loudness:
    """Return the integrated loudness and true peak of a file's first audio track (ebur128)."""
    err = _run(["-i", str(path), "-map", "0:a:0", "-af", "ebur128=peak=true", "-f", "null", "-"])
    return _summary(err, name=path.name)


def _summary(err: str, *, name: str) -> Loudness:
    # The summary at the end: "I: -16.0 LUFS" and, under "True peak:", "Peak: -1.6 dBFS".
    summary = err[err.rfind("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if integrated is None or peak is None:
        raise LoudnessError(f"ffmpeg's ebur128 gave no summary for {name}")
    return Loudness(integrated=float(integrated[1]), true_peak=float(peak[1]))


def _first_pass(src: Path) -> dict[str, str]:
    target = f"I={TARGET_LUFS}:TP={TRUE_PEAK}:LRA={LRA}"
    err = _run(["-i", str(src), "-af", f"loudnorm={target}:print_format=json", "-f", "null", "-"])
    found = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", err)
    if found is None:
        raise LoudnessError(f"loudnorm gave no measurement for {src.name}")
    data: dict[str, str] = json.loads(found[0])
    return data


def _convert(src: Path, dest: Path, *, chain: str, sample_rate: int) -> None:
    args = ["-i", str(src), "-af", chain, "-ac", "1", "-ar", str(sample_rate)]
    _run(["-v", "error", "-y", *args, "-c:a", "pcm_s16le", str(dest)])


def _convert_measured(src: Path, dest: Path, *, chain: str, sample_rate: int) -> Loudness:
    """Convert like _convert and measure the result in the same ffmpeg run."""
    graph = f"[0:a]{chain},aformat=channel_layouts=mono,asplit=2[out][m];[m]ebur128=peak=true[n]"
    err = _run(
        ["-y", "-i", str(src), "-filter_complex", graph, "-map", "[out]", "-ar", str(sample_rate),
         "-c:a", "pcm_s16le", str(dest), "-map", "[n]", "-f", "null", "-"]
    )  # fmt: skip
    return _summary(err, name=dest.name)


def _limited(gain: float, sample_rate: int) -> str:
    # Limit at 4x the rate, so the peaks between samples (true peaks) are limited too.
    ceiling = 10 ** ((TRUE_PEAK - 0.5) / 20)
    return (
        f"aresample={4 * sample_rate},volume={gain:.2f}dB,"
        f"alimiter=limit={ceiling:.4f}:level=0:attack=5:release=50,aresample={sample_rate}"
    )


def normalise(*, src: Path, dest: Path, sample_rate: int) -> None:
    """Write `src` at -16 LUFS integrated, true peak under -1 dBTP, as mono WAV at `sample_rate`.

    The first pass of ffmpeg's loudnorm measures; when one gain keeps the peaks under the
    ceiling, loudnorm's second pass applies it (linear). Otherwise (speech often peaks 17 dB
    over its loudness) the gain goes through a true-peak limiter, corrected once or twice by
    measuring again: loudnorm's own dynamic mode pumps on sentences this short.
    """
    m = _first_pass(src)
    if m["input_i"] == "-inf" or float(m["input_i"]) < -60:  # silence: nothing to bring up
        _convert(src, dest, chain="anull", sample_rate=sample_rate)
        return
    gain = TARGET_LUFS - float(m["input_i"])
    if float(m["input_tp"]) + gain <= TRUE_PEAK:
        measured = (
            f"measured_I={m['input_i']}:measured_TP={m['input_tp']}"
            f":measured_LRA={m['input_lra']}:measured_thresh={m['input_thresh']}"
            f":offset={m['target_offset']}"
        )
        target = f"I={TARGET_LUFS}:TP={TRUE_PEAK}:LRA={LRA}"
        chain = f"loudnorm={target}:{measured}:linear=true,aresample={sample_rate}"
        _convert(src, dest, chain=chain, sample_rate=sample_rate)
        return
    for _ in range(3):
        chain = _limited(gain, sample_rate)
        off = (
            TARGET_LUFS
            - _convert_measured(src, dest, chain=chain, sample_rate=sample_rate).integrated
        )
        if abs(off) < 0.3:
            return
        gain += off


@dataclass
class LoudnessCache:
    """Keep each normalised narration file under a digest of its bytes and the recipe."""

    root: Path
    sample_rate: int
    normalised: int = 0

    def get(self, src: Path) -> Path:
        """Return `src` normalised, from the cache when the same bytes were normalised before."""
        digest = hashlib.sha256(RECIPE.encode() + b"\0" + src.read_bytes()).hexdigest()
        dest = self.root / f"{digest[:32]}.wav"
        if dest.is_file():
            return dest
        self.root.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed, so an interrupted run leaves no half file in the cache.
        fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".part.wav")
        os.close(fd)
        try:
            normalise(src=src, dest=Path(tmp), sample_rate=self.sample_rate)
            os.replace(tmp, dest)
        finally:
            Path(tmp).unlink(missing_ok=True)
        self.normalised += 1
        return dest
