"""Compare this run's stills with the previous output's: list the steps that look different.

A step that does not look different keeps the previous still, byte for byte, so the random
parts of a run (the test person's data, the captcha's noise) do not churn the outputs and the
cached video segment of that still is reused.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

from tutorial.annotate import Box

CHANNEL_TOLERANCE = 24  # anti-aliasing noise stays below this
AREA_TOLERANCE = 0.0005  # share of the frame that may differ before a step counts as changed


def looks_different(old: Path, new: Path, *, masks: Iterable[Box], scale: int) -> bool:
    """Return True when the two stills differ beyond noise, outside the masked boxes."""
    with Image.open(old) as a_img, Image.open(new) as b_img:
        if a_img.size != b_img.size:
            return True
        diff = ImageChops.difference(a_img.convert("RGB"), b_img.convert("RGB")).convert("L")
    changed = diff.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
    draw = ImageDraw.Draw(changed)
    pad = 3 * scale
    for box in masks:
        left, top, right, bottom = box.scaled(scale)
        draw.rectangle((left - pad, top - pad, right + pad, bottom + pad), fill=0)
    return changed.histogram()[255] > AREA_TOLERANCE * changed.width * changed.height


def compare_and_reuse(
    *, previous: Path, staging: Path, steps: list[dict], scale: int, redacted: bool
) -> list[str] | None:
    """Return "NN id" for each step that looks different (None: nothing to compare with).

    `steps` are this run's manifest entries; an unchanged step gets the previous still and boxes.
    """
    try:
        old = json.loads((previous / "tutorial.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    same_kind = old.get("scale") == scale and old.get("redacted") == redacted
    before = {s["id"]: s for s in old.get("steps", [])}
    changed = []
    for step in steps:
        prior = before.get(step["id"])
        label = f"{step['number']:02d} {step['id']}"
        prior_image = previous / prior["image"] if prior else None
        if prior is None or prior_image is None or not prior_image.is_file():
            changed.append(label)
            continue
        masks = [Box(**b) for b in step["masks"] + prior["masks"]]
        new_image = staging / step["image"]
        if looks_different(prior_image, new_image, masks=masks, scale=scale):
            changed.append(label)
        elif same_kind:
            _reuse(previous=previous, staging=staging, prior=prior, step=step)
    return changed


def _reuse(*, previous: Path, staging: Path, prior: dict, step: dict) -> None:
    """Give an unchanged step the previous run's images, motion and boxes, byte for byte."""
    shutil.copyfile(previous / prior["image"], staging / step["image"])
    for key in ("screen", "motion"):
        old = previous / prior[key] if prior.get(key) else None
        if old is None or not old.exists():
            continue
        new = staging / step[key]
        if old.is_dir():
            # An output filmed without the 2x zoom (slides, an older version) keeps this run's.
            kept = {} if (old / "zoom.png").exists() else {f.name: f.read_bytes()
                                                           for f in new.glob("zoom.*")}  # fmt: skip
            shutil.rmtree(new, ignore_errors=True)
            shutil.copytree(old, new)
            for name, data in kept.items():
                (new / name).write_bytes(data)
        else:
            shutil.copyfile(old, new)
    step["point"], step["masks"] = prior["point"], prior["masks"]
