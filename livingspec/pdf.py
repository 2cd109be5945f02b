"""Print the whole report to PDF with Chromium, every scenario unfolded."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, sync_playwright

from walkthrough.browser import launch_args

_UNFOLD = """async () => {
  document.getElementById("filter-reset")?.click();
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const images = Array.from(document.images).filter((i) => i.getAttribute("src"));
  images.forEach((i) => { i.loading = "eager"; });
  await Promise.all(images.map((i) => i.decode().catch(() => null)));
}"""
_PRINTED_SOURCES = """() => Array.from(new Set(Array.from(document.images)
  .filter((i) => i.getAttribute("src") && i.getClientRects().length > 0)
  .map((i) => i.getAttribute("src"))))"""
_SWAP_SOURCES = """async (swap) => {
  const swapped = Array.from(document.images).filter((i) => swap[i.getAttribute("src")]);
  swapped.forEach((i) => { i.src = swap[i.getAttribute("src")]; });
  await Promise.all(swapped.map((i) => i.decode().catch(() => null)));
}"""
PAPER_WIDTH_PX = 800
PAPER_QUALITY = 70
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#555">'
    '{title} · page <span class="pageNumber"></span>'
    ' / <span class="totalPages"></span>'
    "</div>"
)


def export_pdf(
    *,
    index: Path,
    pdf: Path,
    browser: Browser | None = None,
    footer: str = FOOTER.format(title="Spécification vivante"),
) -> Path:
    """Open the built page from file:// and save it as an A4 PDF; return the PDF's path."""
    if browser is not None:
        _print(browser, index, pdf, footer)
        return pdf
    with sync_playwright() as p:
        own = p.chromium.launch(**launch_args(p))
        try:
            _print(own, index, pdf, footer)
        finally:
            own.close()
    return pdf


def _print(browser: Browser, index: Path, pdf: Path, footer: str) -> None:
    page = browser.new_page()
    try:
        page.goto(index.resolve().as_uri(), wait_until="load")
        page.evaluate(_UNFOLD)
        page.emulate_media(media="print")
        sources = page.evaluate(_PRINTED_SOURCES)
        page.evaluate(_SWAP_SOURCES, {src: _paper_jpeg(index.parent / src) for src in sources})
        page.pdf(
            path=str(pdf),
            format="A4",
            print_background=True,
            margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=footer,
            outline=True,
            tagged=True,
        )
    finally:
        page.close()


def _paper_jpeg(path: Path) -> str:
    """Return a screenshot as a small JPEG data URL, for paper only."""
    # Chromium embeds a decoded WebP losslessly (~200 KB a screen) but a JPEG as it is; the
    # report's files stay untouched, only the printed page uses this copy.
    with Image.open(path) as original:
        image = original.convert("RGB")
        image.thumbnail((PAPER_WIDTH_PX, PAPER_WIDTH_PX * 4))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=PAPER_QUALITY, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
