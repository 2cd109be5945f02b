"""Write the guide: the click-through (tutorial.html), its SCORM package, the Markdown, the PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

from tutorial.brand import DEFAULT, Brand
from tutorial.guide import clickthrough, handout, scorm
from tutorial.records import GuideStep, StepRecord
from tutorial.script import Script


def write_guide(
    *, script: Script, records: list[StepRecord], staging: Path, cache: Path, brand: Brand = DEFAULT
) -> None:
    """Write the click-through (tutorial.html), its SCORM package, the Markdown and the PDF."""
    logo = ""
    if brand.logo is not None:
        # Beside the pages, so every link stays relative (file://, a static host, the LMS).
        logo = f"cards/logo{brand.logo.suffix.lower()}"
        shutil.copyfile(brand.logo, staging / logo)
    title = brand.title
    guide = [
        GuideStep(
            number=r.number,
            chapter=script.chapter_title(r.chapter),
            text=r.narration,
            image=r.image,
            audio=r.audio,
            screen=r.screen,
            point=r.point,
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
    md = handout.markdown(title=title, steps=guide, video="tutorial.mp4")
    (staging / "tutorial.md").write_text(md, encoding="utf-8")
    printed = staging / "handout.html"
    printed.write_text(
        handout.html_page(title=title, language=script.language, steps=guide,
                         video="tutorial.mp4", vtt="tutorial.vtt", brand=brand, logo=logo),
        encoding="utf-8",
    )  # fmt: skip
    handout.pdf_cached(
        html=printed,
        images=[staging / r.image for r in records] + ([staging / logo] if logo else []),
        dest=staging / "tutorial.pdf",
        cache=cache / "handouts",
    )
    printed.unlink()
