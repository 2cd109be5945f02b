"""Package the click-through as SCORM 1.2 (one SCO), for an LMS such as Moodle to import."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tutorial.brand import DEFAULT, Brand
from tutorial.guide import clickthrough
from tutorial.guide.jinja import render
from tutorial.records import GuideStep

# A fixed date for every entry: the same inputs give the same zip, byte for byte.
ZIP_DATE = (2015, 1, 1, 0, 0, 0)


def manifest(*, title: str, files: list[str], organisation: str | None = None) -> str:
    """Return imsmanifest.xml for one SCO whose launch page is index.html.

    The LMS lists the package under the organisation's title (the tutorial's by default).
    """
    return render(
        "imsmanifest.xml.j2", title=title, organisation=organisation or title, files=files
    )


def package(
    *,
    title: str,
    language: str,
    steps: list[GuideStep],
    staging: Path,
    dest: Path,
    brand: Brand = DEFAULT,
    logo: str = "",
) -> None:
    """Write the SCORM zip: imsmanifest.xml, index.html (the click-through), screens and audio."""
    index = clickthrough.page(
        title=title, language=language, steps=steps, video="", vtt="", scorm=True, brand=brand,
        logo=logo,
    )  # fmt: skip
    media = [s.screen for s in steps] + [s.audio for s in steps] + ([logo] if logo else [])
    files = ["index.html", *media]
    with zipfile.ZipFile(dest, "w") as zf:

        def put(name: str, data: bytes, *, compress: bool) -> None:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            zf.writestr(info, data)

        organisation = f"{brand.organisation} : {title}" if brand.custom else None
        listing = manifest(title=title, files=files, organisation=organisation)
        put("imsmanifest.xml", listing.encode(), compress=True)
        put("index.html", index.encode("utf-8"), compress=True)
        for name in media:
            # PNG and WAV: PNG is compressed already; WAV compresses well.
            put(name, (staging / name).read_bytes(), compress=name.endswith(".wav"))
