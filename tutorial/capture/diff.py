"""Compare this run's stills with the previous output's: list the steps that look different.

A step that does not look different keeps the previous still, byte for byte, so the random
parts of a run (the test person's data, the captcha's noise) do not churn the outputs and the
cached video segment of that still is reused.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

from tutorial.records import Box, PriorStep, StepRecord, load_prior

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
    *, previous: Path, staging: Path, steps: list[StepRecord], scale: int, redacted: bool
) -> tuple[list[str] | None, list[StepRecord]]:
    """Return "NN id" for each step that looks different (None: nothing to compare with).

    Also return the steps, an unchanged one with the previous still and boxes.
    """
    old = load_prior(previous / "tutorial.json")
    if old is None:
        return None, steps
    same_kind = old.scale == scale and old.redacted == redacted
    before = {s.id: s for s in old.steps}
    changed: list[str] = []
    kept: list[StepRecord] = []
    for step in steps:
        prior = before.get(step.id)
        kept.append(step)
        if prior is None or not (previous / prior.image).is_file():
            changed.append(step.label)
            continue
        masks = [*step.masks, *prior.masks]
        if looks_different(previous / prior.image, staging / step.image, masks=masks, scale=scale):
            changed.append(step.label)
        elif same_kind:
            kept[-1] = _reuse(previous=previous, staging=staging, prior=prior, step=step)
    return changed, kept


def _reuse(*, previous: Path, staging: Path, prior: PriorStep, step: StepRecord) -> StepRecord:
    """Give an unchanged step the previous run's images, motion and boxes, byte for byte."""
    shutil.copyfile(previous / prior.image, staging / step.image)
    for old_name, new_name in ((prior.screen, step.screen), (prior.motion, step.motion)):
        old = previous / old_name if old_name else None
        if old is None or not old.exists():
            continue
        new = staging / new_name
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
    return replace(step, point=prior.point, masks=prior.masks)
