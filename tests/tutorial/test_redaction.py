"""--redact blurs the person's data in every still; --lang swaps the narration, not the flow."""

from __future__ import annotations

import json
import subprocess

from PIL import Image, ImageFilter, ImageStat

from tests.tutorial.conftest import Run
from tutorial.annotate import Box
from tutorial.script import load_script


def _strokes(image: Image.Image, box: Box) -> float:
    edges = image.convert("L").filter(ImageFilter.FIND_EDGES)
    return ImageStat.Stat(edges.crop(box.scaled(1))).mean[0]


def test_personal_data_is_blurred_where_the_plain_run_shows_it(
    tutorial: Run, redacted_english: Run
) -> None:
    plain = {s["id"]: s for s in tutorial.manifest["steps"]}
    blurred = {s["id"]: s for s in redacted_english.manifest["steps"]}
    assert redacted_english.manifest["redacted"] and not tutorial.manifest["redacted"]
    checked = 0
    for step_id in ("identite", "courriel-obligatoire", "conserver", "synthese"):
        masks = [Box(**m) for m in blurred[step_id]["masks"]]
        assert masks, f"{step_id}: nothing found to redact"
        before = Image.open(tutorial.out / plain[step_id]["image"])
        after = Image.open(redacted_english.out / blurred[step_id]["image"])
        for box in masks:
            if box.width < 20 or box.y < 0 or box.bottom > 600:
                continue
            sharp, soft = _strokes(before, box), _strokes(after, box)
            if sharp > 5:
                assert soft < sharp / 3, f"{step_id}: {box} still readable"
                checked += 1
    assert checked >= 6


def test_the_english_run_speaks_and_subtitles_english_over_the_same_flow(
    tutorial: Run, redacted_english: Run
) -> None:
    english = load_script(lang="en")
    steps = redacted_english.manifest["steps"]
    assert [s["narration"] for s in steps] == [s.narration for s in english.steps]
    assert [(s["id"], s["chapter"]) for s in steps] == [
        (s["id"], s["chapter"]) for s in tutorial.manifest["steps"]
    ]
    srt = (redacted_english.out / "tutorial.srt").read_text(encoding="utf-8")
    assert english.steps[0].narration in srt and "Bonjour" not in srt
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_streams", "-show_chapters",
         str(redacted_english.out / "tutorial.mp4")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    info = json.loads(probe.stdout)
    subs = [s for s in info["streams"] if s["codec_type"] == "subtitle"]
    assert subs[0]["tags"]["language"] == "eng"
    assert next(c["tags"]["title"] for c in info["chapters"]) == "Terms of use"
