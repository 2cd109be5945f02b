"""The changed-steps list: a real change is listed, the person's data and the captcha are not."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw

from tutorial.capture.diff import compare_and_reuse
from tutorial.fonts import font
from tutorial.records import Box, StepRecord

NAME = Box(x=100, y=100, width=300, height=40)


def _still(path: Path, *, name: str, button: str) -> None:
    image = Image.new("RGB", (1280, 720), "white")
    draw = ImageDraw.Draw(image)
    draw.text((110, 105), name, fill="black", font=font(28))
    draw.rectangle((600, 400, 760, 450), fill=button)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


def _previous(tmp_path: Path) -> Path:
    prev = tmp_path / "prev"
    _still(prev / "steps/01-a.png", name="Marion 2850275056123", button="purple")
    _still(prev / "steps/02-b.png", name="Marion 2850275056123", button="purple")
    steps = [
        {"id": i, "image": f"steps/{n}", "masks": [vars_(NAME)],
         "point": None}
        for i, n in (("a", "01-a.png"), ("b", "02-b.png"))
    ]  # fmt: skip
    manifest = {"scale": 1, "redacted": False, "steps": steps}
    (prev / "tutorial.json").write_text(json.dumps(manifest))
    return prev


def _record(number: int, step_id: str, image: str) -> StepRecord:
    return StepRecord(
        number=number, id=step_id, chapter="introduction", narration="", image=image, screen="",
        motion="", audio="", start=0.0, speech=0.0, duration=0.0, point=None, masks=(NAME,),
    )  # fmt: skip


def vars_(box: Box) -> dict[str, float]:
    return {"x": box.x, "y": box.y, "width": box.width, "height": box.height}


def test_only_steps_that_look_different_outside_personal_data_are_listed(tmp_path: Path) -> None:
    prev = _previous(tmp_path)
    new = tmp_path / "new"
    # Step a: another random person only. Step b: the button changed colour.
    _still(new / "steps/01-a.png", name="Marion 1990575123456", button="purple")
    _still(new / "steps/02-b.png", name="Marion 1990575123456", button="green")
    steps = [_record(1, "a", "steps/01-a.png"), _record(2, "b", "steps/02-b.png")]
    changed, kept = compare_and_reuse(
        previous=prev, staging=new, steps=steps, scale=1, redacted=False
    )
    assert changed == ["02 b"]
    assert [r.id for r in kept] == ["a", "b"]
    same = (new / "steps/01-a.png").read_bytes() == (prev / "steps/01-a.png").read_bytes()
    assert same, "an unchanged step keeps its previous still"
    assert (new / "steps/02-b.png").read_bytes() != (prev / "steps/02-b.png").read_bytes()


def test_without_a_previous_output_there_is_nothing_to_list(tmp_path: Path) -> None:
    changed, _ = compare_and_reuse(
        previous=tmp_path / "none", staging=tmp_path, steps=[], scale=1, redacted=False
    )
    assert changed is None
