"""--redact blurs the person's data in every still and every frame; --lang swaps the narration."""

from __future__ import annotations

import json
import statistics
import subprocess

import pytest
from PIL import Image, ImageFilter, ImageStat

from tests.tutorial.conftest import Run
from tests.tutorial.frames import frames_at, step_frames
from tutorial.records import Box
from tutorial.script import load_script

FORM_STEPS = ("identite", "telephones", "courriel-obligatoire", "conserver", "synthese")


def _strokes(image: Image.Image, box: Box) -> float:
    edges = image.convert("L").filter(ImageFilter.FIND_EDGES)
    return ImageStat.Stat(edges.crop(box.scaled(1))).mean[0]


def _readable(box: Box) -> bool:
    # Wide enough to hold text, and above the caption band of the plain run's slides.
    return box.width >= 20 and box.y >= 0 and box.bottom <= 600


def _sharp_strokes(tutorial: Run, plain_english: Run) -> dict[str, list[tuple[Box, float]]]:
    """Return, per step, the boxes of personal data and how sharp they are in the plain run."""
    plain = {s["id"]: s for s in plain_english.manifest["steps"]}
    blurred = {s["id"]: s for s in tutorial.manifest["steps"]}
    out: dict[str, list[tuple[Box, float]]] = {}
    for step_id in FORM_STEPS:
        masks = [Box(**m) for m in blurred[step_id]["masks"]]
        assert masks, f"{step_id}: nothing found to redact"
        before = Image.open(plain_english.out / plain[step_id]["image"])
        out[step_id] = [(b, _strokes(before, b)) for b in masks if _readable(b)]
    return out


def test_personal_data_is_blurred_in_the_stills_where_the_plain_run_shows_it(
    tutorial: Run, plain_english: Run
) -> None:
    assert tutorial.manifest["redacted"] and not plain_english.manifest["redacted"]
    checked = 0
    for step_id, boxes in _sharp_strokes(tutorial, plain_english).items():
        step = next(s for s in tutorial.manifest["steps"] if s["id"] == step_id)
        for image in (step["image"], step["screen"]):
            after = Image.open(tutorial.out / image)
            for box, sharp in boxes:
                if sharp > 5:
                    assert _strokes(after, box) < sharp / 3, f"{step_id}: {box} readable"
                    checked += 1
    assert checked >= 12


def test_no_frame_of_the_video_shows_the_person_s_data_in_clear(
    tutorial: Run, plain_english: Run, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Sample the frames that show the form: while typing, zoomed in, and at each step's end."""
    sharp = _sharp_strokes(tutorial, plain_english)
    clear = statistics.median(s for boxes in sharp.values() for _, s in boxes if s > 5)
    steps = {s["id"]: s for s in tutorial.manifest["steps"]}
    samples: list[tuple[int, Box, str]] = []  # (frame number, box in that frame, what)
    for step_id, boxes in sharp.items():
        step = steps[step_id]
        first, last = step_frames(step)
        samples += [(last, box, f"{step_id} end") for box, _ in boxes]
        for typing in step["film"]["typing"]:
            middle = first + (typing["first"] + typing["last"]) // 2
            samples.append((middle, Box(**typing["box"]), f"{step_id} typing"))
        if step["film"]["zoomed"]:
            x, y, w, _ = step["film"]["camera"]
            middle = first + sum(step["film"]["zoomed"]) // 2
            k = 1280 / w
            for box, _ in boxes:
                zoomed = Box(x=(box.x - x) * k, y=(box.y - y) * k, width=box.width * k,
                             height=box.height * k)  # fmt: skip
                if zoomed.x >= 0 and zoomed.right <= 1280 and zoomed.bottom <= 720:
                    samples.append((middle, zoomed, f"{step_id} zoomed"))
    frames = frames_at(
        tutorial.out / "tutorial.mp4",
        [n for n, _, _ in samples],
        folder=tmp_path_factory.mktemp("redacted-frames"),
    )
    kinds = {what.split()[-1] for _, _, what in samples}
    assert {"end", "typing", "zoomed"} <= kinds and len(samples) >= 20
    for number, box, what in samples:
        assert _strokes(frames[number], box) < clear / 3, f"{what}: {box} readable in the video"


def test_the_english_run_speaks_and_subtitles_english_over_the_same_flow(
    tutorial: Run, plain_english: Run
) -> None:
    english = load_script(lang="en")
    steps = plain_english.manifest["steps"]
    assert [s["narration"] for s in steps] == [s.narration for s in english.steps]
    assert [(s["id"], s["chapter"]) for s in steps] == [
        (s["id"], s["chapter"]) for s in tutorial.manifest["steps"]
    ]
    srt = (plain_english.out / "tutorial.srt").read_text(encoding="utf-8")
    assert english.steps[0].narration in srt and "Bonjour" not in srt
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_streams", "-show_chapters",
         str(plain_english.out / "tutorial.mp4")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    info = json.loads(probe.stdout)
    subs = [s for s in info["streams"] if s["codec_type"] == "subtitle"]
    assert subs[0]["tags"]["language"] == "eng"
    assert next(c["tags"]["title"] for c in info["chapters"]) == "Before you start"
