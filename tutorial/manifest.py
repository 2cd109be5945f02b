"""Write tutorial.json: per step its times, files, boxes and film facts (no personal data)."""

from __future__ import annotations

import json
from pathlib import Path

from catalogue import texts
from tutorial.brand import DEFAULT, Brand
from tutorial.records import StepRecord
from tutorial.script import Script

MANIFEST = "tutorial.json"


def write_manifest(
    *,
    staging: Path,
    script: Script,
    records: list[StepRecord],
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
        "steps": [r.to_json() for r in records],
    }
    (staging / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
