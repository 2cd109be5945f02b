"""Write the outputs besides the video: subtitles, chapters, manifest, click-through, guides."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

from catalogue import texts
from tutorial import clickthrough, render, scorm, timeline
from tutorial.brand import DEFAULT, Brand
from tutorial.script import Script
from tutorial.walk import Capture

MANIFEST = "tutorial.json"


def write_text(
    *,
    staging: Path,
    script: Script,
    slots: list[timeline.Slot],
    closing: float,
    brand: Brand = DEFAULT,
) -> None:
    """Write the SRT and WebVTT subtitles and the chapters' ffmetadata.

    The first chapter opens with the title card (an MP4 chapter list starts at 0) and the last
    one runs to the end of the closing card, `closing` seconds long.
    """
    (staging / "tutorial.srt").write_text(timeline.srt(slots), encoding="utf-8")
    (staging / "tutorial.vtt").write_text(timeline.webvtt(slots), encoding="utf-8")
    chapters: list[tuple[str, float, float]] = []
    for chapter in script.chapters:
        mine = [s for s, st in zip(slots, script.steps, strict=True) if st.chapter == chapter.id]
        chapters.append((chapter.title, mine[0].start, mine[-1].end))
    first, last = chapters[0], chapters[-1]
    chapters[0] = (first[0], 0.0, first[2])
    chapters[-1] = (last[0], last[1], last[2] + closing)
    meta = timeline.ffmetadata(chapters, title=brand.title, language=script.language)
    (staging / "chapters.ffmetadata").write_text(meta, encoding="utf-8")


def records(
    *, captures: list[Capture], slots: list[timeline.Slot], stills: list[Path], wavs: list[Path]
) -> list[dict]:
    """Return the manifest's entry of each step: times, files and boxes, never the values."""
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


def write_manifest(
    *,
    staging: Path,
    script: Script,
    records: list[dict],
    style: str,
    card_seconds: float,
    scale: int,
    redacted: bool,
    engines: set[str],
    video: tuple[int, int] | None = None,
    brand: Brand = DEFAULT,
) -> None:
    """Write tutorial.json: per step its times, files, boxes and film facts (no personal data)."""
    manifest = {
        "language": script.language,
        "style": style,
        "cards": {"title": card_seconds, "closing": card_seconds},
        "scale": scale,
        "redacted": redacted,
        "engines": sorted(engines),
        "viewport": [1280 * scale, 720 * scale],
        "video": list(video or (1280 * scale, 720 * scale)),
        "site_name": texts.SITE_NAME,
        "organisation": brand.organisation,
        "title": brand.title,
        "steps": records,
    }
    (staging / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def write_guide(
    *, script: Script, records: list[dict], staging: Path, cache: Path, brand: Brand = DEFAULT
) -> None:
    """Write the click-through (tutorial.html), its SCORM package, the Markdown and the PDF."""
    logo = ""
    if brand.logo is not None:
        # Beside the pages, so every link stays relative (file://, a static host, the LMS).
        logo = f"cards/logo{brand.logo.suffix.lower()}"
        shutil.copyfile(brand.logo, staging / logo)
    title = brand.title
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
        title=title, language=script.language, steps=guide, video="tutorial.mp4",
        vtt="tutorial.vtt", scorm=False, brand=brand, logo=logo,
    )  # fmt: skip
    (staging / "tutorial.html").write_text(page, encoding="utf-8")
    scorm.package(
        title=title, language=script.language, steps=guide, staging=staging,
        dest=staging / "tutorial-scorm.zip", brand=brand, logo=logo,
    )  # fmt: skip
    md = render.markdown(title=title, steps=guide, video="tutorial.mp4")
    (staging / "tutorial.md").write_text(md, encoding="utf-8")
    handout = staging / "handout.html"
    handout.write_text(
        render.html_page(title=title, language=script.language, steps=guide,
                         video="tutorial.mp4", vtt="tutorial.vtt", brand=brand, logo=logo),
        encoding="utf-8",
    )  # fmt: skip
    render.pdf_cached(
        html=handout,
        images=[staging / r["image"] for r in records] + ([staging / logo] if logo else []),
        dest=staging / "tutorial.pdf",
        cache=cache / "handouts",
    )
    handout.unlink()
