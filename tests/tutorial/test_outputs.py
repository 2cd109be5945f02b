"""What a trainer gets from one run: video, subtitles, stills, audio, guide, changed steps."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import wave
from array import array
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, FloatRect, Locator

from tests.tutorial.conftest import Run
from tutorial.capture.annotate import HIGHLIGHT, highlight_rect
from tutorial.records import Box
from tutorial.script import load_script
from walkthrough.pages import HomePage, LoginPage
from walkthrough.targets import bundled_target


def _probe(path: Path, *args: str) -> dict:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", *args, str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def test_the_video_has_one_video_and_one_audio_stream_and_lasts_the_sum_of_the_steps(
    tutorial: Run,
) -> None:
    info = _probe(tutorial.out / "tutorial.mp4", "-show_streams", "-show_format")
    kinds = [s["codec_type"] for s in info["streams"]]
    assert kinds.count("video") == 1 and kinds.count("audio") == 1
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    assert (video["codec_name"], video["r_frame_rate"], audio["codec_name"]) == (
        "h264",
        "25/1",
        "aac",
    )
    assert (video["width"], video["height"]) == (1280, 720)
    cards = tutorial.manifest["cards"]
    total = cards["title"] + sum(step["duration"] for step in tutorial.manifest["steps"])
    total += cards["closing"]
    assert abs(float(info["format"]["duration"]) - total) <= 0.2
    assert abs(float(video["duration"]) - total) <= 0.2
    assert all(step["duration"] > step["speech"] for step in tutorial.manifest["steps"])


def test_the_video_has_a_french_subtitle_track_and_one_chapter_per_stage(tutorial: Run) -> None:
    info = _probe(tutorial.out / "tutorial.mp4", "-show_streams", "-show_chapters")
    subs = [s for s in info["streams"] if s["codec_type"] == "subtitle"]
    assert [(s["codec_name"], s["tags"]["language"]) for s in subs] == [("mov_text", "fre")]
    titles = [c["tags"]["title"] for c in info["chapters"]]
    assert titles == [c.title for c in load_script().chapters]
    starts = {s["chapter"]: s["start"] for s in reversed(tutorial.manifest["steps"])}
    # The first chapter opens with the title card; each other one with its first step.
    assert [round(float(c["start_time"]), 2) for c in info["chapters"]] == [
        0.0,
        *(round(starts[c.id], 2) for c in load_script().chapters[1:]),
    ]
    total = float(_probe(tutorial.out / "tutorial.mp4", "-show_format")["format"]["duration"])
    assert abs(float(info["chapters"][-1]["end_time"]) - total) <= 0.2


def _cues(text: str) -> list[tuple[float, float, str]]:
    stamp = r"(\d\d):(\d\d):(\d\d)[,.](\d\d\d)"
    cues = []
    for block in text.strip().split("\n\n"):
        m = re.search(stamp + " --> " + stamp, block)
        if not m:
            continue
        g = [int(x) for x in m.groups()]
        start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        cues.append((start, end, block[m.end() :].strip()))
    return cues


def _speech_intervals(mp4: Path) -> list[tuple[float, float]]:
    """Return the intervals of the video's sound that are not silence, as ffmpeg hears them."""
    done = subprocess.run(
        ["ffmpeg", "-v", "info", "-i", str(mp4), "-map", "0:a", "-af",
         "silencedetect=noise=-40dB:d=0.25", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    starts = [float(x) for x in re.findall(r"silence_start: ([\d.]+)", done.stderr)]
    ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", done.stderr)]
    sound, cursor = [], 0.0
    for s, e in zip(starts, [*ends, float("inf")], strict=False):
        if s > cursor:
            sound.append((cursor, s))
        cursor = e
    return sound


def test_subtitle_cues_are_in_order_do_not_overlap_and_cover_the_speech(tutorial: Run) -> None:
    steps = tutorial.manifest["steps"]
    for name in ("tutorial.srt", "tutorial.vtt"):
        cues = _cues((tutorial.out / name).read_text(encoding="utf-8"))
        assert [c[2] for c in cues] == [s["narration"] for s in steps]
        for (s1, e1, _), (s2, _e2, _) in itertools.pairwise(cues):
            assert s1 < e1 <= s2
        for (start, end, _), step in zip(cues, steps, strict=True):
            assert abs(start - step["start"]) < 0.002
            assert abs(end - (step["start"] + step["speech"])) < 0.002
    cues = _cues((tutorial.out / "tutorial.srt").read_text(encoding="utf-8"))
    heard = _speech_intervals(tutorial.out / "tutorial.mp4")
    assert len(heard) >= len(steps) // 2
    for start, end in heard:
        assert any(s - 0.1 <= start and end <= e + 0.1 for s, e, _ in cues), (start, end)


def test_no_step_is_silent(tutorial: Run) -> None:
    for step in tutorial.manifest["steps"]:
        with wave.open(str(tutorial.out / step["audio"]), "rb") as w:
            samples = array("h", w.readframes(w.getnframes()))
        rms = (sum(x * x for x in samples) / len(samples)) ** 0.5
        assert step["speech"] > 0.5 and rms > 300, step["id"]


def _boxes_hug_the_acted_elements(run: Run, scale: int) -> None:
    pointed = [s for s in run.manifest["steps"] if s["point"]]
    assert len(pointed) >= 15
    width, height = 1280 * scale, 720 * scale
    for step in pointed:
        image = Image.open(run.out / step["image"]).convert("RGB")
        assert image.size == (width, height)
        element = Box(**step["point"])
        left, top, right, bottom = highlight_rect(element, scale=scale)
        edge = [(x, top) for x in range(left, right + 1)] + [
            (x, bottom) for x in range(left, right + 1)
        ]
        edge += [(left, y) for y in range(top, bottom + 1)] + [
            (right, y) for y in range(top, bottom + 1)
        ]
        inside = [(x, y) for x, y in edge if 0 <= x < width and 0 <= y < height]
        on_box = sum(image.getpixel(p) == HIGHLIGHT for p in inside)
        assert on_box >= 0.9 * len(inside), f"{step['id']}: box not at the element"
        # Nothing highlight-coloured lies between the box and the element: the box hugs it.
        l2, t2, r2, b2 = element.scaled(scale)
        gap = image.crop((l2, t2, r2, b2))
        colours = {colour for _, colour in gap.getcolors(gap.width * gap.height) or []}
        assert HIGHLIGHT not in colours, f"{step['id']}: box drawn over the element"


def test_each_highlight_box_lies_on_the_acted_elements_bounding_box(tutorial: Run) -> None:
    _boxes_hug_the_acted_elements(tutorial, scale=1)


def test_scale_2_gives_sharp_stills_and_video_with_the_boxes_in_place(double_scale: Run) -> None:
    # Device scale factor 2: the same layout at twice the pixels, boxes at twice the coordinates.
    _boxes_hug_the_acted_elements(double_scale, scale=2)
    assert double_scale.manifest["viewport"] == [2560, 1440]
    info = _probe(double_scale.out / "tutorial.mp4", "-show_streams")
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    assert (video["width"], video["height"]) == (2560, 1440)


def test_the_stills_are_numbered_and_captioned_in_order(tutorial: Run) -> None:
    names = sorted(p.name for p in (tutorial.out / "steps").glob("*.png"))
    script = load_script()
    assert names == [f"{i:02d}-{s.id}.png" for i, s in enumerate(script.steps, start=1)]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.srcs += [v for k, v in attrs if k == "src" and v]


def test_the_guide_works_from_file_and_has_every_step(tutorial: Run) -> None:
    page = (tutorial.out / "tutorial.html").read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(page)
    assert parser.srcs and all((tutorial.out / src).is_file() for src in parser.srcs)
    assert not any(src.startswith(("/", "http")) for src in parser.srcs)
    md = (tutorial.out / "tutorial.md").read_text(encoding="utf-8")
    for step in load_script().steps:
        assert step.narration in md
    pdf = (tutorial.out / "tutorial.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 5


def test_a_second_run_with_nothing_changed_synthesizes_nothing_and_reports_no_change(
    runs: tuple[Run, Run],
) -> None:
    cold, warm = runs
    assert f"{len(load_script().steps)} sentences synthesized" in cold.stdout
    assert "no previous output to compare with" in cold.stdout
    assert "0 sentences synthesized" in warm.stdout
    assert "no step looks different" in warm.stdout, warm.stdout
    assert (warm.out / "changed-steps.txt").read_text(encoding="utf-8") == ""


def test_gtts_unreachable_falls_back_to_espeak_with_a_visible_warning(
    runs: tuple[Run, Run],
) -> None:
    cold, _ = runs
    assert "gTTS unreachable" in cold.stderr and "falling back to espeak" in cold.stderr
    assert cold.manifest["engines"] == ["espeak"]
    leftovers = [p for p in cold.out.rglob("*.mp3")]
    assert leftovers == []


def _centred_box(locator: Locator) -> FloatRect | None:
    """Scroll the element to the middle of the viewport, as a viewer would see it; measure it."""
    locator.evaluate("e => e.scrollIntoView({block: 'center', inline: 'nearest'})")
    return locator.bounding_box()


def test_the_recorded_boxes_are_where_the_browser_puts_those_elements(
    tutorial: Run, chromium: Browser
) -> None:
    """Measure two elements again, independently of the generator, and compare with the stills."""
    steps = {s["id"]: s for s in tutorial.manifest["steps"]}
    with bundled_target(screenshots=False, accessibility=False) as target:
        page = chromium.new_page(viewport={"width": 1280, "height": 720}, locale="fr-FR")
        try:
            home = HomePage(page=page, locators=target.locators).open(target.base_url)
            measured = {"bouton-compte": _centred_box(home.el("home_access").first)}
            home.go_to_login()
            measured["lien-inscription"] = _centred_box(LoginPage(page=page).el("register").first)
        finally:
            page.close()
    for step_id, box in measured.items():
        assert box is not None
        recorded = steps[step_id]["point"]
        for key in ("x", "y", "width", "height"):
            assert abs(recorded[key] - box[key]) <= 1.0, (step_id, key, recorded, box)
