"""Write the step-by-step guide: tutorial.html (works from file://), tutorial.md, a PDF handout."""

from __future__ import annotations

import hashlib
import shutil
from html import escape
from pathlib import Path

from playwright.sync_api import sync_playwright

from tutorial.brand import DEFAULT, Brand
from tutorial.records import GuideStep
from walkthrough.browser import launch_args

CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 1320px; margin: 0 auto;
       padding: 1rem 2rem; color: #1b1b2f; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 2px solid #003882; }
figure { margin: 1rem 0 2rem; } figure img { width: 100%; border: 1px solid #ccd; }
figcaption { font-size: 1.1rem; margin: .4rem 0; }
.num { display: inline-block; min-width: 2em; font-weight: bold; color: #003882; }
video { width: 100%; } ol.transcript li { margin: .3rem 0; }
@media print {
  video, audio, .screen-only { display: none; }
  figure { break-inside: avoid; } h2 { break-before: auto; }
  body { max-width: none; padding: 0; }
}
"""


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
    body: list[str] = []
    if brand.custom:
        mark = f'<img src="{escape(logo)}" alt="">' if logo else ""
        body.append(f'<p class="org">{mark}{escape(brand.organisation)}</p>')
    body.append(f"<h1>{escape(title)}</h1>")
    body.append(
        f'<video class="screen-only" controls preload="metadata" src="{escape(video)}" '
        f'poster="{escape(steps[0].image)}">'
        f'<track kind="subtitles" srclang="{escape(language)}" src="{escape(vtt)}" default>'
        "</video>"
    )
    chapter = None
    for s in steps:
        if s.chapter != chapter:
            chapter = s.chapter
            body.append(f"<h2>{escape(chapter)}</h2>")
        body.append(
            f'<figure id="etape-{s.number:02d}">'
            f'<figcaption><span class="num">{s.number}.</span> {escape(s.text)}</figcaption>'
            f'<img src="{escape(s.image)}" alt="{escape(s.text)}">'
            f'<audio controls preload="none" src="{escape(s.audio)}"></audio></figure>'
        )
    body.append('<h2 class="screen-only">Transcription</h2><ol class="transcript screen-only">')
    body += [f"<li>{escape(s.text)}</li>" for s in steps]
    body.append("</ol>")
    return (
        f'<!doctype html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{CSS}{_colours(brand)}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def _colours(brand: Brand) -> str:
    """Return the CSS that puts the kit's colour on the headings (nothing for the default)."""
    if not brand.custom:
        return ""
    primary = brand.colours.primary
    return (
        f" h1, h2, .num, .org {{ color: {primary}; }} h2 {{ border-bottom-color: {primary}; }}"
        " .org { display: flex; align-items: center; gap: .75rem; font-weight: bold;"
        " font-size: 1.2rem; margin: 0; } .org img { height: 48px; }"
    )


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
