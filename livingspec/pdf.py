"""Print the whole report to PDF with Chromium, every scenario unfolded."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from steps.browser import launch_args

_UNFOLD = """async () => {
  document.getElementById("filter-reset")?.click();
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const images = Array.from(document.images);
  images.forEach((i) => { i.loading = "eager"; });
  await Promise.all(images.filter((i) => i.src).map((i) => i.decode().catch(() => null)));
}"""
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#555">'
    'Spécification vivante · page <span class="pageNumber"></span>'
    ' / <span class="totalPages"></span>'
    "</div>"
)


def export_pdf(*, index: Path, pdf: Path, browser: Browser | None = None) -> Path:
    """Open the built page from file:// and save it as an A4 PDF; return the PDF's path."""
    if browser is not None:
        _print(browser, index, pdf)
        return pdf
    with sync_playwright() as p:
        own = p.chromium.launch(**launch_args(p))
        try:
            _print(own, index, pdf)
        finally:
            own.close()
    return pdf


def _print(browser: Browser, index: Path, pdf: Path) -> None:
    page = browser.new_page()
    try:
        page.goto(index.resolve().as_uri(), wait_until="load")
        page.evaluate(_UNFOLD)
        page.pdf(
            path=str(pdf),
            format="A4",
            print_background=True,
            margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER,
            outline=True,
            tagged=True,
        )
    finally:
        page.close()
