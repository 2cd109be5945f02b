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
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from tutorial import manifest
from tutorial.capture.diff import compare_and_reuse
from tutorial.capture.stills import write_step
from tutorial.capture.walk import Capture, Target, Walker
from tutorial.guide import write as guide
from tutorial.loudness import LoudnessCache
from tutorial.options import Options, Report
from tutorial.outdir import discard, publish, staging_dir
from tutorial.records import StepRecord
from tutorial.script import Script
from tutorial.speech import SAMPLE_RATE, FallbackEngine, SpeechCache, TTSEngine, wav_duration
from tutorial.video import make, timeline
from tutorial.video.make import CARD_FRAMES
from tutorial.voice import RecordingCache
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


@dataclass(frozen=True, slots=True)
class Spoken:
    """One sentence ready for the video: its file at -16 LUFS, and who spoke it."""

    wav: Path
    source: str  # the engine's name, or "recording"


@dataclass(frozen=True, kw_only=True)
class Walked:
    """What the walk and the speech produced: a capture, a still and a sentence per step."""

    captures: list[Capture]
    stills: list[Path]
    spoken: list[Spoken]


def _pipeline(*, run: Run, progress: Progress) -> None:
    walked = _walk_and_speak(run=run, progress=progress)
    wavs = _place_audio(run=run, spoken=walked.spoken)
    slots = timeline.plan(
        [wav_duration(w) for w in wavs],
        [s.narration for s in run.script.steps],
        lead_frames=CARD_FRAMES,
    )
    timeline.write_subtitles(
        staging=run.staging,
        script=run.script,
        slots=slots,
        closing=CARD_FRAMES / timeline.FPS,
        brand=run.options.brand,
    )
    records = step_records(captures=walked.captures, slots=slots, stills=walked.stills, wavs=wavs)
    run.report.changed, records = compare_and_reuse(
        previous=run.options.out,
        staging=run.staging,
        steps=records,
        scale=run.options.scale,
        redacted=run.options.redact,
    )
    records = _encode(run=run, progress=progress, slots=slots, records=records, wavs=wavs)
    t0 = time.perf_counter()
    guide.write_guide(
        script=run.script,
        records=records,
        staging=run.staging,
        cache=run.options.cache,
        brand=run.options.brand,
    )
    run.report.timings["guide"] = time.perf_counter() - t0
    _write_manifest(run=run, records=records)


def step_records(
    *, captures: list[Capture], slots: list[timeline.Slot], stills: list[Path], wavs: list[Path]
) -> list[StepRecord]:
    """Return the record of each step: times, files and boxes, never the values."""
    return [
        StepRecord(
            number=slot.number,
            id=cap.step.id,
            chapter=cap.step.chapter,
            narration=cap.step.narration,
            image=f"steps/{still.name}",
            screen=f"screens/{still.name}",
            motion=f"motion/{still.stem}",
            audio=f"audio/{wav.name}",
            start=slot.start,
            speech=slot.speech,
            duration=slot.duration,
            point=cap.point,
            # Boxes only, never the values: the manifest holds no personal data.
            masks=(*cap.personal, *cap.volatile),
        )
        for cap, slot, still, wav in zip(captures, slots, stills, wavs, strict=True)
    ]


def _encode(
    *, run: Run, progress: Progress, slots: list[timeline.Slot], records: list[StepRecord],
    wavs: list[Path],
) -> list[StepRecord]:  # fmt: skip
    """Make tutorial.mp4; return the records, with the film's facts in the motion style."""
    t_encode = progress.add_task("encoding", total=len(run.script.steps) + 3)
    t0 = time.perf_counter()
    run.report.encoded, records = make.make_video(
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
    return records


def _write_manifest(*, run: Run, records: list[StepRecord]) -> None:
    """Write tutorial.json and changed-steps.txt."""
    manifest.write_manifest(
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


@dataclass
class _Speaker:
    """Speak (or take the recording of) each sentence, at the same loudness, beside the walk."""

    run: Run
    progress: Progress
    task: TaskID
    stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        cache = self.run.options.cache
        self.speech = SpeechCache(root=cache / "speech")
        self.recorded = RecordingCache(root=cache / "recordings")
        self.loud = LoudnessCache(root=cache / "loudness", sample_rate=SAMPLE_RATE)

    def speak_all(self) -> list[Spoken]:
        """Return every sentence's file, unless the walk failed meanwhile."""
        t0 = time.perf_counter()
        spoken: list[Spoken] = []
        for step in self.run.script.steps:
            if self.stop.is_set():
                break
            recording = self.run.options.recordings.get(step.id)
            if recording is not None:
                wav, name = self.recorded.get(recording), "recording"
            else:
                wav, name = self.speech.speak(self.run.engine, step.narration)
            # Every sentence, synthesised or recorded, at the same loudness (EBU R128).
            spoken.append(Spoken(wav=self.loud.get(wav), source=name))
            self.progress.advance(self.task)
        self.run.report.timings["speech"] = time.perf_counter() - t0
        return spoken


@dataclass
class _Drawer:
    """Write each captured step's images in a thread, while the browser goes on walking."""

    run: Run
    progress: Progress
    task: TaskID
    pool: ThreadPoolExecutor
    captures: list[Capture] = field(default_factory=list)
    stills: list[Path] = field(default_factory=list)
    drawn: list[Future[None]] = field(default_factory=list)

    def on_step(self, capture: Capture) -> None:
        """Keep the capture and start writing its still, screen and motion."""
        self.captures.append(capture)
        stem = _stem(len(self.captures), capture.step.id)
        self.stills.append(self.run.staging / "steps" / f"{stem}.png")
        self.drawn.append(self.pool.submit(self._draw, len(self.captures), capture, stem))

    def wait(self) -> None:
        """Wait for every still to be written (and raise what writing one raised)."""
        for job in self.drawn:
            job.result()

    def _draw(self, number: int, capture: Capture, stem: str) -> None:
        staging = self.run.staging
        write_step(
            capture=capture,
            number=number,
            still=staging / "steps" / f"{stem}.png",
            screen=staging / "screens" / f"{stem}.png",
            motion=staging / "motion" / stem,
            scale=self.run.options.scale,
            redacting=self.run.options.redact,
        )
        self.progress.advance(self.task)


def _walk_and_speak(*, run: Run, progress: Progress) -> Walked:
    """Walk the target with the page objects while the sentences are synthesized beside it."""
    n = len(run.script.steps)
    t_steps = progress.add_task("steps", total=n)
    speaker = _Speaker(run=run, progress=progress, task=progress.add_task("speech", total=n))
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=1) as pool, ThreadPoolExecutor(max_workers=1) as image_pool:
        speech_job = pool.submit(speaker.speak_all)
        drawer = _Drawer(run=run, progress=progress, task=t_steps, pool=image_pool)
        t0 = time.perf_counter()
        walker = Walker(
            script=run.script,
            target=run.target,
            person=run.person,
            password=run.password,
            on_step=drawer.on_step,
            sharp_zooms=run.options.style == "motion",
        )
        try:
            walker.run(scale=run.options.scale)
        except BaseException:
            speaker.stop.set()
            raise
        drawer.wait()
        run.report.timings["walk"] = time.perf_counter() - t0
        spoken = speech_job.result()
    run.report.timings["walk_and_speech"] = time.perf_counter() - started
    run.report.synthesized = len(speaker.speech.synthesized)
    run.report.recorded = sum(1 for s in spoken if s.source == "recording")
    run.report.normalised = speaker.loud.normalised
    run.report.engines = {s.source for s in spoken}
    return Walked(captures=drawer.captures, stills=drawer.stills, spoken=spoken)


def _place_audio(*, run: Run, spoken: list[Spoken]) -> list[Path]:
    """Copy each step's sentence into the output, named like its still."""
    wavs: list[Path] = []
    for i, (step, said) in enumerate(zip(run.script.steps, spoken, strict=True), start=1):
        dest = run.staging / "audio" / f"{_stem(i, step.id)}.wav"
        shutil.copyfile(said.wav, dest)
        wavs.append(dest)
    return wavs
