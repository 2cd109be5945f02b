"""Make the whole tutorial from one walk: stills, speech, subtitles, video, guide, changed steps.

The run is a pipeline of named stages (walk and speak, place the audio, plan the time line,
compare with the previous output, encode, write the guide, write the manifest); each takes
keyword arguments and hands its results to the next through small dataclasses.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from catalogue import texts
from tutorial import clickthrough, cut, render, scorm, timeline, video
from tutorial.assets import draw_card, write_step
from tutorial.diff import compare_and_reuse
from tutorial.outdir import discard, publish, staging_dir
from tutorial.script import Script
from tutorial.speech import FallbackEngine, SpeechCache, TTSEngine, wav_duration
from tutorial.walk import Capture, Target, Walker
from walkthrough.people import Person

MANIFEST = "tutorial.json"
CHANGED = "changed-steps.txt"
TITLE = texts.REGISTRATION_TITLE
CARD_FRAMES = 3 * timeline.FPS  # the title and closing cards last three seconds each


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
    _write_text(staging=run.staging, script=run.script, slots=slots)
    records = _records(captures=walked.captures, slots=slots, stills=walked.stills, wavs=wavs)
    run.report.changed = compare_and_reuse(
        previous=run.options.out,
        staging=run.staging,
        steps=records,
        scale=run.options.scale,
        redacted=run.options.redact,
    )
    t_encode = progress.add_task("encoding", total=n + 3)
    t0 = time.perf_counter()
    _encode_video(
        run=run,
        slots=slots,
        records=records,
        wavs=wavs,
        on_done=lambda: progress.advance(t_encode),
    )
    progress.advance(t_encode)
    run.report.timings["encode"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    _write_guide(run=run, records=records)
    run.report.timings["guide"] = time.perf_counter() - t0
    _write_manifest(
        staging=run.staging,
        script=run.script,
        records=records,
        options=run.options,
        report=run.report,
    )
    lines = run.report.changed or []
    (run.staging / CHANGED).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def _walk_and_speak(*, run: Run, progress: Progress) -> Walked:
    """Walk the target with the page objects while the sentences are synthesized beside it."""
    n = len(run.script.steps)
    cache = SpeechCache(root=run.options.cache / "speech")
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
            spoken.append(cache.speak(run.engine, step.narration))
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


def _cards(*, run: Run) -> tuple[Path, Path]:
    """Draw the opening title card and the closing card with the portal's address."""
    title = run.staging / "cards" / "title.png"
    closing = run.staging / "cards" / "closing.png"
    draw_card(dest=title, title=TITLE, lines=[texts.SITE_NAME, "Tutoriel vidéo"],
              scale=run.options.scale)  # fmt: skip
    lines = [f"Rendez-vous sur {run.options.site_url}"] if run.options.site_url else []
    draw_card(dest=closing, title="À vous de jouer !", lines=[*lines, texts.SITE_NAME],
              scale=run.options.scale)  # fmt: skip
    return title, closing


def _encode_video(
    *,
    run: Run,
    slots: list[timeline.Slot],
    records: list[dict],
    wavs: list[Path],
    on_done: Callable[[], None],
) -> None:
    """Encode the segments not cached (slides or motion), then mux speech, subtitles, chapters."""
    options, staging = run.options, run.staging
    title, closing = _cards(run=run)
    if options.style == "motion":
        planned = cut.plan(
            records=records, out=staging, title=title, closing=closing, card_frames=CARD_FRAMES
        )
        for record, facts in zip(records, planned.film, strict=True):
            record["film"] = facts
        segs, run.report.encoded = cut.encode(
            cut=planned,
            scale=options.scale,
            cache=options.cache / "motion" / f"x{options.scale}",
            on_done=on_done,
        )
        if options.preview:
            piece = next((p for p in planned.pieces if p.name == options.preview), None)
            if piece is not None:
                cut.preview(piece=piece, dest=staging / f"preview-{piece.name}.webp",
                            scale=options.scale)  # fmt: skip
    else:
        card = timeline.Slot(number=0, start=0, speech=0, duration=CARD_FRAMES / timeline.FPS,
                             text="")  # fmt: skip
        segs, run.report.encoded = video.segments(
            stills=[title, *(staging / r["image"] for r in records), closing],
            slots=[card, *slots, card],
            cache=options.cache / "segments" / f"x{options.scale}",
            on_done=on_done,
        )
    narration = staging / "narration.wav"
    video.narration_track(
        wavs=wavs, slots=slots, dest=narration, lead_frames=CARD_FRAMES, tail_frames=CARD_FRAMES
    )
    muxed = staging / "tutorial.mp4"
    video.mux_cached(
        segments_=segs,
        narration=narration,
        srt=staging / "tutorial.srt",
        metadata=staging / "chapters.ffmetadata",
        dest=muxed,
        language=run.script.language,
        cache=options.cache / "videos",
    )
    narration.unlink()
    if options.burn_subtitles:
        soft = staging / "tutorial.soft.mp4"
        muxed.replace(soft)
        video.burn_subtitles(video=soft, srt=staging / "tutorial.srt", dest=muxed)
        soft.unlink()


def _write_guide(*, run: Run, records: list[dict]) -> None:
    """Write the click-through (tutorial.html), its SCORM package, the Markdown and the PDF."""
    script, staging = run.script, run.staging
    guide = [
        render.GuideStep(
            number=r["number"],
            chapter=script.chapter_title(r["chapter"]),
            text=r["narration"],
            image=r["image"],
            audio=r["audio"],
            screen=r["screen"],
            point=r["point"],
        )
        for r in records
    ]
    page = clickthrough.page(
        title=TITLE, language=script.language, steps=guide, video="tutorial.mp4",
        vtt="tutorial.vtt", scorm=False,
    )  # fmt: skip
    (staging / "tutorial.html").write_text(page, encoding="utf-8")
    scorm.package(
        title=TITLE, language=script.language, steps=guide, staging=staging,
        dest=staging / "tutorial-scorm.zip",
    )  # fmt: skip
    md = render.markdown(title=TITLE, steps=guide, video="tutorial.mp4")
    (staging / "tutorial.md").write_text(md, encoding="utf-8")
    handout = staging / "handout.html"
    handout.write_text(
        render.html_page(title=TITLE, language=script.language, steps=guide,
                         video="tutorial.mp4", vtt="tutorial.vtt"),
        encoding="utf-8",
    )  # fmt: skip
    render.pdf_cached(
        html=handout,
        images=[staging / r["image"] for r in records],
        dest=staging / "tutorial.pdf",
        cache=run.options.cache / "handouts",
    )
    handout.unlink()


def _write_text(*, staging: Path, script: Script, slots: list[timeline.Slot]) -> None:
    (staging / "tutorial.srt").write_text(timeline.srt(slots), encoding="utf-8")
    (staging / "tutorial.vtt").write_text(timeline.webvtt(slots), encoding="utf-8")
    chapters: list[tuple[str, float, float]] = []
    for chapter in script.chapters:
        mine = [s for s, st in zip(slots, script.steps, strict=True) if st.chapter == chapter.id]
        chapters.append((chapter.title, mine[0].start, mine[-1].end))
    meta = timeline.ffmetadata(chapters, title=TITLE, language=script.language)
    (staging / "chapters.ffmetadata").write_text(meta, encoding="utf-8")


def _records(
    *, captures: list[Capture], slots: list[timeline.Slot], stills: list[Path], wavs: list[Path]
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
                "screen": f"screens/{still.name}",
                "motion": f"motion/{still.stem}",
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
    *, staging: Path, script: Script, records: list[dict], options: Options, report: Report
) -> None:
    manifest = {
        "language": script.language,
        "style": options.style,
        "cards": {"title": CARD_FRAMES / timeline.FPS, "closing": CARD_FRAMES / timeline.FPS},
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
