"""Make the whole tutorial from one walk: stills, speech, subtitles, video, guide, changed steps."""

from __future__ import annotations

import io
import json
import shutil
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PIL import Image
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from catalogue import texts
from tutorial import render, timeline, video
from tutorial.annotate import annotate, redact
from tutorial.diff import compare_and_reuse
from tutorial.outdir import discard, publish, staging_dir
from tutorial.script import Script
from tutorial.speech import FallbackEngine, SpeechCache, TTSEngine, wav_duration
from tutorial.walk import Capture, Target, Walker
from walkthrough.people import Person

MANIFEST = "tutorial.json"
CHANGED = "changed-steps.txt"
TITLE = texts.REGISTRATION_TITLE


@dataclass(frozen=True, kw_only=True)
class Options:
    """What one run makes, and where."""

    out: Path
    cache: Path
    scale: int = 1
    redact: bool = False


@dataclass
class Report:
    """What a run did, for the command line and the benchmark."""

    out: Path
    synthesized: int = 0
    encoded: int = 0
    changed: list[str] | None = None  # None: no previous output to compare with
    engines: set[str] = field(default_factory=set)
    timings: dict[str, float] = field(default_factory=dict)


def _stem(number: int, step_id: str) -> str:
    return f"{number:02d}-{step_id}"


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def generate(
    *,
    script: Script,
    target: Target,
    person: Person,
    password: str,
    engine: TTSEngine | FallbackEngine,
    options: Options,
    console: Console,
) -> Report:
    """Walk the target once and write every output into options.out, all or nothing."""
    staging = staging_dir(options.out)
    try:
        report = _make(script, target, person, password, engine, options, console, staging)
        publish(staging, options.out)
    except BaseException:
        discard(staging)
        raise
    return report


def _make(
    script: Script,
    target: Target,
    person: Person,
    password: str,
    engine: TTSEngine | FallbackEngine,
    options: Options,
    console: Console,
    staging: Path,
) -> Report:
    (staging / "steps").mkdir()
    (staging / "audio").mkdir()
    with _progress(console) as progress:
        try:
            return _steps(script, target, person, password, engine, options, progress, staging)
        except BaseException:
            # A failed run ends on its one error line, not on a half-filled progress bar.
            progress.live.transient = True
            raise


def _steps(
    script: Script,
    target: Target,
    person: Person,
    password: str,
    engine: TTSEngine | FallbackEngine,
    options: Options,
    progress: Progress,
    staging: Path,
) -> Report:
    report = Report(out=options.out)
    cache = SpeechCache(root=options.cache / "speech")
    n = len(script.steps)
    stills: list[Path] = []
    captures: list[Capture] = []
    t_steps = progress.add_task("steps", total=n)
    t_speech = progress.add_task("speech", total=n)
    t_encode = progress.add_task("encoding", total=n + 1)

    def speak_all() -> list[tuple[Path, str]]:
        t0 = time.perf_counter()
        spoken = []
        for step in script.steps:
            if stop.is_set():
                break
            spoken.append(cache.speak(engine, step.narration))
            progress.advance(t_speech)
        report.timings["speech"] = time.perf_counter() - t0
        return spoken

    def draw(number: int, capture: Capture, path: Path) -> None:
        image = Image.open(io.BytesIO(capture.png)).convert("RGB")
        if options.redact:
            # Blurred in memory: the unblurred pixels never reach the disk.
            image = redact(image, capture.personal, scale=options.scale)
        still = annotate(
            image,
            number=number,
            caption=capture.step.narration,
            point=capture.point,
            scale=options.scale,
        )
        still.save(path, compress_level=1)
        progress.advance(t_steps)

    drawn: list[Future[None]] = []

    def on_step(capture: Capture) -> None:
        captures.append(capture)
        path = staging / "steps" / f"{_stem(len(captures), capture.step.id)}.png"
        stills.append(path)
        # Drawing runs beside the browser, which meanwhile goes on to the next step.
        drawn.append(image_pool.submit(draw, len(captures), capture, path))

    started = time.perf_counter()
    stop = threading.Event()
    # Speech does not depend on the screens: synthesize while the browser walks.
    with ThreadPoolExecutor(max_workers=1) as pool, ThreadPoolExecutor(max_workers=1) as image_pool:
        speech_job = pool.submit(speak_all)
        t0 = time.perf_counter()
        walker = Walker(
            script=script, target=target, person=person, password=password, on_step=on_step
        )
        try:
            walker.run(scale=options.scale)
        except BaseException:
            stop.set()
            raise
        for job in drawn:
            job.result()
        report.timings["walk"] = time.perf_counter() - t0
        spoken = speech_job.result()
    report.timings["walk_and_speech"] = time.perf_counter() - started
    report.synthesized = len(cache.synthesized)
    report.engines = {name for _, name in spoken}

    wavs: list[Path] = []
    for i, (step, (wav, _)) in enumerate(zip(script.steps, spoken, strict=True), start=1):
        dest = staging / "audio" / f"{_stem(i, step.id)}.wav"
        shutil.copyfile(wav, dest)
        wavs.append(dest)
    slots = timeline.plan([wav_duration(w) for w in wavs], [s.narration for s in script.steps])
    _write_text(staging, script, slots)
    records = _records(captures, slots, stills, wavs)
    report.changed = compare_and_reuse(
        previous=options.out,
        staging=staging,
        steps=records,
        scale=options.scale,
        redacted=options.redact,
    )

    t0 = time.perf_counter()
    segs, report.encoded = video.segments(
        stills=stills,
        slots=slots,
        cache=options.cache / "segments" / f"x{options.scale}",
        on_done=lambda: progress.advance(t_encode),
    )
    narration = staging / "narration.wav"
    video.narration_track(wavs=wavs, slots=slots, dest=narration)
    video.mux_cached(
        segments_=segs,
        narration=narration,
        srt=staging / "tutorial.srt",
        metadata=staging / "chapters.ffmetadata",
        dest=staging / "tutorial.mp4",
        language=script.language,
        cache=options.cache / "videos",
    )
    narration.unlink()
    progress.advance(t_encode)
    report.timings["encode"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    guide = [
        render.GuideStep(
            number=s.number,
            chapter=script.chapter_title(step.chapter),
            text=step.narration,
            image=f"steps/{still.name}",
            audio=f"audio/{wav.name}",
        )
        for s, step, still, wav in zip(slots, script.steps, stills, wavs, strict=True)
    ]
    page = render.html_page(
        title=TITLE, language=script.language, steps=guide, video="tutorial.mp4", vtt="tutorial.vtt"
    )
    (staging / "tutorial.html").write_text(page, encoding="utf-8")
    md = render.markdown(title=TITLE, steps=guide, video="tutorial.mp4")
    (staging / "tutorial.md").write_text(md, encoding="utf-8")
    render.pdf_cached(
        html=staging / "tutorial.html",
        images=stills,
        dest=staging / "tutorial.pdf",
        cache=options.cache / "handouts",
    )
    report.timings["guide"] = time.perf_counter() - t0

    _write_manifest(staging, script, records, options, report)
    lines = report.changed or []
    (staging / CHANGED).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return report


def _write_text(staging: Path, script: Script, slots: list[timeline.Slot]) -> None:
    (staging / "tutorial.srt").write_text(timeline.srt(slots), encoding="utf-8")
    (staging / "tutorial.vtt").write_text(timeline.webvtt(slots), encoding="utf-8")
    chapters: list[tuple[str, float, float]] = []
    for chapter in script.chapters:
        mine = [s for s, st in zip(slots, script.steps, strict=True) if st.chapter == chapter.id]
        chapters.append((chapter.title, mine[0].start, mine[-1].end))
    meta = timeline.ffmetadata(chapters, title=TITLE, language=script.language)
    (staging / "chapters.ffmetadata").write_text(meta, encoding="utf-8")


def _records(
    captures: list[Capture], slots: list[timeline.Slot], stills: list[Path], wavs: list[Path]
) -> list[dict]:
    records = []
    for cap, slot, still, wav in zip(captures, slots, stills, wavs, strict=True):
        records.append(
            {
                "number": slot.number,
                "id": cap.step.id,
                "chapter": cap.step.chapter,
                "narration": cap.step.narration,
                "image": f"steps/{still.name}",
                "audio": f"audio/{wav.name}",
                "start": slot.start,
                "speech": slot.speech,
                "duration": slot.duration,
                "point": asdict(cap.point) if cap.point else None,
                # Boxes only, never the values: the manifest holds no personal data.
                "masks": [asdict(b) for b in cap.personal + cap.volatile],
            }
        )
    return records


def _write_manifest(
    staging: Path, script: Script, records: list[dict], options: Options, report: Report
) -> None:
    manifest = {
        "language": script.language,
        "scale": options.scale,
        "redacted": options.redact,
        "engines": sorted(report.engines),
        "viewport": [1280 * options.scale, 720 * options.scale],
        "site_name": texts.SITE_NAME,
        "steps": records,
    }
    (staging / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
