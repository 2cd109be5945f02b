"""Package the click-through as SCORM 1.2 (one SCO), for an LMS such as Moodle to import."""

from __future__ import annotations

import zipfile
from html import escape
from pathlib import Path

from tutorial.brand import DEFAULT, Brand
from tutorial.guide import clickthrough
from tutorial.records import GuideStep

# A fixed date for every entry: the same inputs give the same zip, byte for byte.
ZIP_DATE = (2015, 1, 1, 0, 0, 0)

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="cpf-tutoriel-inscription" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
    http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
    http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org-tutoriel">
    <organization identifier="org-tutoriel">
      <title>{organisation}</title>
      <item identifier="item-tutoriel" identifierref="res-tutoriel" isvisible="true">
        <title>{title}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-tutoriel" type="webcontent" adlcp:scormtype="sco" href="index.html">
{files}
    </resource>
  </resources>
</manifest>
"""


def manifest(*, title: str, files: list[str], organisation: str | None = None) -> str:
    """Return imsmanifest.xml for one SCO whose launch page is index.html.

    The LMS lists the package under the organisation's title (the tutorial's by default).
    """
    listed = "\n".join(f'      <file href="{escape(f)}"/>' for f in files)
    return MANIFEST.format(
        title=escape(title), organisation=escape(organisation or title), files=listed
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
