"""Run ffmpeg: cached H.264 segments (from stills or piped frames), the mux, burned subtitles."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import wave
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tutorial.speech import SAMPLE_RATE
from tutorial.video.timeline import FPS, Slot

# ISO 639-2/B codes MP4 players expect for the subtitle and audio tracks.
ISO639_2 = {"fr": "fre", "en": "eng", "de": "ger", "es": "spa", "it": "ita", "nl": "dut"}


class EncodeError(RuntimeError):
    """ffmpeg refused to build the video."""


def _ffmpeg(args: list[str]) -> None:
    done = subprocess.run(["ffmpeg", "-v", "error", "-y", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise EncodeError(f"ffmpeg failed: {done.stderr.strip().splitlines()[-1:]}")


def narration_track(
    *, wavs: list[Path], slots: list[Slot], dest: Path, lead_frames: int = 0, tail_frames: int = 0
) -> None:
    """Write one WAV: each step's narration followed by silence up to the step's end.

    `lead_frames` and `tail_frames` of silence go under the title and closing cards.
    """
    with wave.open(str(dest), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(b"\0" * 2 * (lead_frames * SAMPLE_RATE // FPS))
        for wav, slot in zip(wavs, slots, strict=True):
            with wave.open(str(wav), "rb") as src:
                frames = src.readframes(src.getnframes())
            total = slot.frames * SAMPLE_RATE // FPS  # 882 samples a frame: exact
            out.writeframes(frames[: total * 2].ljust(total * 2, b"\0"))
        out.writeframes(b"\0" * 2 * (tail_frames * SAMPLE_RATE // FPS))


def _segment(png: Path, frames: int, dest: Path, size: tuple[int, int] | None = None) -> None:
    # Decode the still once and repeat it in memory: `-loop 1` would decode it every frame.
    repeat = f"format=yuv420p,loop=loop={frames - 1}:size=1:start=0,setpts=N/{FPS}/TB"
    if size is not None:
        repeat = f"scale={size[0]}:{size[1]}:flags=lanczos,{repeat}"
    _ffmpeg(
        [
            "-i", str(png), "-vf", repeat, "-frames:v", str(frames), "-r", str(FPS),
            "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-threads", "1",
            "-video_track_timescale", "12800", "-an", str(dest),
        ]
    )  # fmt: skip


def segments(
    *,
    stills: list[Path],
    slots: list[Slot],
    cache: Path,
    on_done: Callable[[], None],
    size: tuple[int, int] | None = None,
) -> tuple[list[Path], int]:
    """Return one video segment per still, encoding only those not cached, and how many were.

    `size` scales the stills to the video's size when it is not theirs.
    """
    cache.mkdir(parents=True, exist_ok=True)
    jobs: list[tuple[Path, int, Path]] = []
    out: list[Path] = []
    for png, slot in zip(stills, slots, strict=True):
        key = f"|{slot.frames}|{FPS}" + (f"|{size}" if size else "")
        digest = hashlib.sha256(png.read_bytes() + key.encode()).hexdigest()
        seg = cache / f"{digest[:32]}.mp4"
        out.append(seg)
        if not seg.is_file():
            jobs.append((png, slot.frames, seg))
    for _ in range(len(stills) - len(jobs)):
        on_done()

    def work(job: tuple[Path, int, Path]) -> None:
        png, frames, seg = job
        part = seg.with_suffix(".part.mp4")
        _segment(png, frames, part, size)
        part.replace(seg)
        on_done()

    # Two encoders at a time: each is single-threaded, the machine has two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(work, jobs))
    return out, len(jobs)


def mux(
    *, segments_: list[Path], narration: Path, srt: Path, metadata: Path, dest: Path, language: str
) -> None:
    """Join the segments, add the AAC narration, the soft subtitles and the chapters."""
    listing = dest.with_suffix(".concat.txt")
    listing.write_text("".join(f"file '{s.resolve()}'\n" for s in segments_), encoding="utf-8")
    code = ISO639_2.get(language, language)
    try:
        _ffmpeg(
            [
                "-f", "concat", "-safe", "0", "-i", str(listing),
                "-i", str(narration), "-i", str(srt), "-f", "ffmetadata", "-i", str(metadata),
                "-map", "0:v", "-map", "1:a", "-map", "2:s",
                "-map_metadata", "3", "-map_chapters", "3",
                "-c:v", "copy", "-c:a", "aac", "-b:a", "96k", "-c:s", "mov_text",
                "-metadata:s:s:0", f"language={code}", "-metadata:s:a:0", f"language={code}",
                "-movflags", "+faststart", str(dest),
            ]
        )  # fmt: skip
    finally:
        listing.unlink(missing_ok=True)


def mux_cached(
    *,
    segments_: list[Path],
    narration: Path,
    srt: Path,
    metadata: Path,
    dest: Path,
    language: str,
    cache: Path,
) -> bool:
    """Mux, or reuse the video muxed from exactly these inputs before; return True if reused."""
    digest = hashlib.sha256(language.encode())
    parts: tuple[bytes | Path, ...] = (
        *(s.name.encode() for s in segments_),
        narration,
        srt,
        metadata,
    )
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.read_bytes())
    cached = cache / f"{digest.hexdigest()[:32]}.mp4"
    if not cached.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        part = cached.with_suffix(".part.mp4")
        mux(segments_=segments_, narration=narration, srt=srt, metadata=metadata, dest=part,
            language=language)  # fmt: skip
        part.replace(cached)
        shutil.copyfile(cached, dest)
        return False
    shutil.copyfile(cached, dest)
    return True


def encode_frames(*, frames: Iterable[bytes], size: tuple[int, int], dest: Path) -> None:
    """Encode raw RGB frames piped from Python into one H.264 segment (Debian's ffmpeg)."""
    args = [
        "ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24",
        "-s", f"{size[0]}x{size[1]}", "-r", str(FPS), "-i", "-",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "24", "-pix_fmt", "yuv420p",
        "-threads", "1", "-video_track_timescale", "12800", "-an", str(dest),
    ]  # fmt: skip
    with subprocess.Popen(args, stdin=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdin is not None
        try:
            for data in frames:
                proc.stdin.write(data)
        except BrokenPipeError:
            pass
        finally:
            proc.stdin.close()
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if proc.wait() != 0:
            raise EncodeError(f"ffmpeg failed: {err.strip().splitlines()[-1:]}")


def encode_cached(
    *,
    jobs: list[tuple[str, Callable[[], Iterable[bytes]]]],
    size: tuple[int, int],
    cache: Path,
    on_done: Callable[[], None],
) -> tuple[list[Path], int]:
    """Return one segment per (digest, frames) job, encoding only the digests not cached yet."""
    cache.mkdir(parents=True, exist_ok=True)
    out = [cache / f"{digest[:32]}.mp4" for digest, _ in jobs]
    todo = [(seg, make) for seg, (_, make) in zip(out, jobs, strict=True) if not seg.is_file()]
    for _ in range(len(jobs) - len(todo)):
        on_done()

    def work(job: tuple[Path, Callable[[], Iterable[bytes]]]) -> None:
        seg, make = job
        part = seg.with_suffix(".part.mp4")
        encode_frames(frames=make(), size=size, dest=part)
        part.replace(seg)
        on_done()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(work, todo))
    return out, len(todo)


def burn_subtitles(*, video: Path, srt: Path, dest: Path) -> None:
    """Re-encode the video with its subtitles drawn in, for players without a subtitle track."""
    # fps before subtitles: without it the captions lag behind the frames.
    style = "FontName=DejaVu Sans,FontSize=20,BorderStyle=3,Outline=1,Shadow=0,MarginV=18"
    path = str(srt.resolve()).replace("\\", "\\\\").replace(":", "\\:").replace("'", "\\'")
    _ffmpeg(
        [
            "-i", str(video), "-vf", f"fps={FPS},subtitles='{path}':force_style='{style}'",
            "-map", "0:v", "-map", "0:a", "-map", "0:s?", "-map_chapters", "0",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "24", "-pix_fmt", "yuv420p",
            "-c:a", "copy", "-c:s", "copy", "-movflags", "+faststart", str(dest),
        ]
    )  # fmt: skip
