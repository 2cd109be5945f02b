"""Write the handout (templates/handout.html.j2, printed to PDF by Chromium) and tutorial.md."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

from tutorial.brand import DEFAULT, Brand
from tutorial.guide.jinja import render
from tutorial.records import GuideStep
from walkthrough.browser import launch_args


def html_page(
    *,
    title: str,
    language: str,
    steps: list[GuideStep],
    video: str,
    vtt: str,
    brand: Brand = DEFAULT,
    logo: str = "",
) -> str:
    """Return the HTML guide (also the PDF's page); every link is relative, for file://."""
    return render(
        "handout.html.j2",
        title=title, language=language, steps=steps, video=video, vtt=vtt, brand=brand, logo=logo,
    )  # fmt: skip


def markdown(*, title: str, steps: list[GuideStep], video: str) -> str:
    """Return the guide in Markdown, with the same images and sentences."""
    out = [f"# {title}", "", f"[Vidéo]({video})", ""]
    chapter = None
    for s in steps:
        if s.chapter != chapter:
            chapter = s.chapter
            out += [f"## {chapter}", ""]
        out += [f"{s.number}. {s.text}", "", f"   ![{s.number}]({s.image})", ""]
    return "\n".join(out)


def pdf(*, html: Path, dest: Path, landscape: bool = True) -> None:
    """Print an HTML page to an A4 PDF with Chromium."""
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_args(p))
        try:
            page = browser.new_page()
            page.goto(html.resolve().as_uri())
            page.wait_for_load_state("load")
            page.pdf(
                path=str(dest),
                format="A4",
                landscape=landscape,
                print_background=True,
                margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"},
            )
        finally:
            browser.close()


def pdf_cached(*, html: Path, images: list[Path], dest: Path, cache: Path) -> bool:
    """Print the handout, or reuse the one printed from the same page and stills; True if reused."""
    digest = hashlib.sha256(html.read_bytes())
    for image in images:
        digest.update(image.read_bytes())
    cached = cache / f"{digest.hexdigest()[:32]}.pdf"
    if cached.is_file():
        shutil.copyfile(cached, dest)
        return True
    cache.mkdir(parents=True, exist_ok=True)
    pdf(html=html, dest=dest)
    shutil.copyfile(dest, cached)
    return False
