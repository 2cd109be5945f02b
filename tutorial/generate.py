"""Make the whole tutorial from one walk: stills, speech, subtitles, video, guide, changed steps.

The run is a pipeline of named stages (walk and speak, place the audio, plan the time line,
compare with the previous output, encode, write the guide, write the manifest); each takes
keyword arguments and hands its results to the next through small dataclasses.
"""

from __future__ import annotations

import shutil
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tutorial import editing, timeline, writeout
from tutorial.assets import write_step
from tutorial.diff import compare_and_reuse
from tutorial.editing import CARD_FRAMES
from tutorial.loudness import LoudnessCache
from tutorial.options import Options, Report
from tutorial.outdir import discard, publish, staging_dir
from tutorial.script import Script
from tutorial.speech import SAMPLE_RATE, FallbackEngine, SpeechCache, TTSEngine, wav_duration
from tutorial.voice import RecordingCache
from tutorial.walk import Capture, Target, Walker
from walkthrough.people import Person

CHANGED = "changed-steps.txt"


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
    run = Run(
        script=script,
        target=target,
        person=person,
        password=password,
        engine=engine,
        options=options,
        staging=staging,
        report=Report(out=options.out),
    )
    try:
        for folder in ("steps", "screens", "motion", "audio", "cards"):
            (staging / folder).mkdir()
        with _progress(console) as progress:
            try:
                _pipeline(run=run, progress=progress)
            except BaseException:
                # A failed run ends on its one error line, not on a half-filled progress bar.
                progress.live.transient = True
                raise
        publish(staging, options.out)
    except BaseException:
        discard(staging)
        raise
    return run.report


@dataclass(frozen=True, kw_only=True)
class Run:
    """What every stage of one run reads: the inputs, where to write, and the report to fill."""

    script: Script
    target: Target
    person: Person
    password: str
    engine: TTSEngine | FallbackEngine
    options: Options
    staging: Path
    report: Report


@dataclass(frozen=True, kw_only=True)
class Walked:
    """What the walk and the speech produced: a capture, a still and a sentence per step."""

    captures: list[Capture]
    stills: list[Path]
    spoken: list[tuple[Path, str]]


def _pipeline(*, run: Run, progress: Progress) -> None:
    n = len(run.script.steps)
    walked = _walk_and_speak(run=run, progress=progress)
    wavs = _place_audio(run=run, spoken=walked.spoken)
    slots = timeline.plan(
        [wav_duration(w) for w in wavs],
        [s.narration for s in run.script.steps],
        lead_frames=CARD_FRAMES,
    )
    writeout.write_text(
        staging=run.staging,
        script=run.script,
        slots=slots,
        closing=CARD_FRAMES / timeline.FPS,
        brand=run.options.brand,
    )
    records = writeout.records(
        captures=walked.captures, slots=slots, stills=walked.stills, wavs=wavs
    )
    run.report.changed = compare_and_reuse(
        previous=run.options.out,
        staging=run.staging,
        steps=records,
        scale=run.options.scale,
        redacted=run.options.redact,
    )
    t_encode = progress.add_task("encoding", total=n + 3)
    t0 = time.perf_counter()
    run.report.encoded = editing.make_video(
        options=run.options,
        language=run.script.language,
        staging=run.staging,
        slots=slots,
        records=records,
        wavs=wavs,
        on_done=lambda: progress.advance(t_encode),
    )
    progress.advance(t_encode)
    run.report.timings["encode"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    writeout.write_guide(
        script=run.script,
        records=records,
        staging=run.staging,
        cache=run.options.cache,
        brand=run.options.brand,
    )
    run.report.timings["guide"] = time.perf_counter() - t0
    writeout.write_manifest(
        staging=run.staging,
        script=run.script,
        records=records,
        style=run.options.style,
        card_seconds=CARD_FRAMES / timeline.FPS,
        scale=run.options.scale,
        redacted=run.options.redact,
        engines=run.report.engines,
        video=run.options.video_size,
        brand=run.options.brand,
    )
    lines = run.report.changed or []
    (run.staging / CHANGED).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def _walk_and_speak(*, run: Run, progress: Progress) -> Walked:
    """Walk the target with the page objects while the sentences are synthesized beside it."""
    n = len(run.script.steps)
    cache = SpeechCache(root=run.options.cache / "speech")
    recorded = RecordingCache(root=run.options.cache / "recordings")
    loud = LoudnessCache(root=run.options.cache / "loudness", sample_rate=SAMPLE_RATE)
    stills: list[Path] = []
    captures: list[Capture] = []
    t_steps = progress.add_task("steps", total=n)
    t_speech = progress.add_task("speech", total=n)
    stop = threading.Event()

    def speak_all() -> list[tuple[Path, str]]:
        t0 = time.perf_counter()
        spoken = []
        for step in run.script.steps:
            if stop.is_set():
                break
            recording = run.options.recordings.get(step.id)
            if recording is not None:
                wav, name = recorded.get(recording), "recording"
            else:
                wav, name = cache.speak(run.engine, step.narration)
            # Every sentence, synthesised or recorded, at the same loudness (EBU R128).
            spoken.append((loud.get(wav), name))
            progress.advance(t_speech)
        run.report.timings["speech"] = time.perf_counter() - t0
        return spoken

    def draw(number: int, capture: Capture, stem: str) -> None:
        write_step(
            capture=capture,
            number=number,
            still=run.staging / "steps" / f"{stem}.png",
            screen=run.staging / "screens" / f"{stem}.png",
            motion=run.staging / "motion" / stem,
            scale=run.options.scale,
            redacting=run.options.redact,
        )
        progress.advance(t_steps)

    drawn: list[Future[None]] = []

    def on_step(capture: Capture) -> None:
        captures.append(capture)
        stem = _stem(len(captures), capture.step.id)
        stills.append(run.staging / "steps" / f"{stem}.png")
        # Drawing runs beside the browser, which meanwhile goes on to the next step.
        drawn.append(image_pool.submit(draw, len(captures), capture, stem))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=1) as pool, ThreadPoolExecutor(max_workers=1) as image_pool:
        speech_job = pool.submit(speak_all)
        t0 = time.perf_counter()
        walker = Walker(
            script=run.script,
            target=run.target,
            person=run.person,
            password=run.password,
            on_step=on_step,
            sharp_zooms=run.options.style == "motion",
        )
        try:
            walker.run(scale=run.options.scale)
        except BaseException:
            stop.set()
            raise
        for job in drawn:
            job.result()
        run.report.timings["walk"] = time.perf_counter() - t0
        spoken = speech_job.result()
    run.report.timings["walk_and_speech"] = time.perf_counter() - started
    run.report.synthesized = len(cache.synthesized)
    run.report.recorded = sum(1 for _, name in spoken if name == "recording")
    run.report.normalised = loud.normalised
    run.report.engines = {name for _, name in spoken}
    return Walked(captures=captures, stills=stills, spoken=spoken)


def _place_audio(*, run: Run, spoken: list[tuple[Path, str]]) -> list[Path]:
    """Copy each step's sentence into the output, named like its still."""
    wavs: list[Path] = []
    for i, (step, (wav, _)) in enumerate(zip(run.script.steps, spoken, strict=True), start=1):
        dest = run.staging / "audio" / f"{_stem(i, step.id)}.wav"
        shutil.copyfile(wav, dest)
        wavs.append(dest)
    return wavs
