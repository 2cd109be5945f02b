"""The motion video, checked on its decoded frames: pointer, typing, camera, cards, preview."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageStat

from tests.tutorial.conftest import PREVIEW, Run
from tests.tutorial.frames import frames_at, step_frames
from tutorial.records import Box
from tutorial.video.paint import POINTER


# Tight on green: Chromium's checked checkbox (#0075ff) is a blue too, but a darker one.
def _is_pointer(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb
    return r < POINTER[0] + 90 and abs(g - POINTER[1]) < 35 and b > POINTER[2] - 70


def pointer_mask(image: Image.Image) -> Image.Image:
    """Return a 1-bit mask of the pixels of the pointer's colour (H.264 blurs it a little)."""
    r, g, b = image.convert("RGB").split()
    red = r.point(lambda v: 255 if v < POINTER[0] + 90 else 0)
    green = g.point(lambda v: 255 if abs(v - POINTER[1]) < 35 else 0)
    blue = b.point(lambda v: 255 if v > POINTER[2] - 70 else 0)
    return ImageChops.multiply(ImageChops.multiply(red, green), blue)


def _pointer_tip(frame: Image.Image, screen: Image.Image) -> tuple[int, int] | None:
    """Return where the arrow's tip is: pixels of its colour that the screen itself lacks."""
    added = ImageChops.difference(frame, screen.convert("RGB")).convert("L")
    drawn = ImageChops.multiply(pointer_mask(frame), added.point(lambda v: 255 if v > 40 else 0))
    box = drawn.getbbox()
    if box is None or drawn.histogram()[255] < 20:
        return None
    # One arrow, about 25x40 pixels, and nothing else of its colour was added.
    assert box[2] - box[0] < 45 and box[3] - box[1] < 50, box
    # Its fill starts inside the dark outline, a few pixels right of and below the tip.
    return box[0] - 3, box[1] - 6


def _zoom_middle(step: dict) -> int | None:
    zoomed = step["film"]["zoomed"]
    if not zoomed:
        return None
    first, _ = step_frames(step)
    return first + (zoomed[0] + zoomed[1]) // 2


@pytest.fixture(scope="module")
def frames(tutorial: Run, tmp_path_factory: pytest.TempPathFactory) -> dict[int, Image.Image]:
    """Decode, in one pass, every frame the tests below look at."""
    wanted: list[int] = []
    for step in tutorial.manifest["steps"]:
        first, last = step_frames(step)
        wanted.append(last)
        if (middle := _zoom_middle(step)) is not None:
            wanted.append(middle)
        for typing in step["film"]["typing"]:
            a, b = typing["first"], typing["last"]
            wanted += [first + a + (b - a) * k // 3 for k in range(4)]
    folder = tmp_path_factory.mktemp("frames")
    return frames_at(tutorial.out / "tutorial.mp4", wanted, folder=folder)


def test_the_pointer_ends_each_step_on_the_element_the_sentence_is_about(
    tutorial: Run, frames: dict[int, Image.Image]
) -> None:
    pointed = [s for s in tutorial.manifest["steps"] if s["point"]]
    assert len(pointed) >= 15
    for step in pointed:
        _, last = step_frames(step)
        tip = _pointer_tip(frames[last], Image.open(tutorial.out / step["screen"]))
        assert tip is not None, f"{step['id']}: no pointer on the last frame"
        box = Box(**step["point"])
        assert box.x - 4 <= tip[0] <= box.right + 4, (step["id"], tip, box)
        assert box.y - 4 <= tip[1] <= box.bottom + 4, (step["id"], tip, box)


def _ink_right(image: Image.Image, box: Box) -> int:
    """Return how far right the text in a field reaches (0: empty), ignoring the pointer."""
    crop = image.crop((round(box.x) + 8, round(box.y) + 8, round(box.right) - 8,
                       round(box.bottom) - 8)).convert("RGB")  # fmt: skip
    data = crop.load()
    assert data is not None
    right = 0
    for x in range(crop.width):
        for y in range(crop.height):
            pixel = data[x, y]
            assert isinstance(pixel, tuple)  # an RGB crop gives (r, g, b) tuples
            r, g, b = pixel[:3]
            if r * 0.299 + g * 0.587 + b * 0.114 < 110 and not _is_pointer((r, g, b)):
                right = x + 1
                break
    return right


def test_a_typed_field_shows_a_growing_prefix_of_its_value(
    tutorial: Run, frames: dict[int, Image.Image]
) -> None:
    step = next(s for s in tutorial.manifest["steps"] if s["id"] == "captcha-saisie")
    (typing,) = step["film"]["typing"]  # the captcha answer: typed, and not personal data
    first, _ = step_frames(step)
    a, b = typing["first"], typing["last"]
    box = Box(**typing["box"])
    reach = [_ink_right(frames[first + a + (b - a) * k // 3], box) for k in range(4)]
    assert reach == sorted(reach) and reach[0] < reach[-1], reach
    assert reach[0] > 0, "the first typing frame already shows a character"
    screen = Image.open(tutorial.out / step["screen"])
    assert abs(_ink_right(screen, box) - reach[-1]) <= 3, "the last prefix is the whole value"


def test_the_camera_zooms_on_the_sentence_s_boxes_at_most_2x_and_shows_the_real_screen(
    tutorial: Run, frames: dict[int, Image.Image]
) -> None:
    zoomed = [s for s in tutorial.manifest["steps"] if s["film"]["zoomed"]]
    assert len(zoomed) >= 8
    for step in zoomed:
        x, y, w, h = step["film"]["camera"]
        point = Box(**step["point"])
        assert 1280 / w <= 2.0 + 1e-6 and abs(w / h - 16 / 9) < 0.01
        assert x <= point.x and y <= point.y, step["id"]
        assert point.right <= x + w and point.bottom <= y + h, step["id"]
        # The zoomed frame is the step's real screen, rendered again at 2x for the camera.
        sharp = tutorial.out / step["motion"] / "zoom.png"
        assert sharp.is_file(), step["id"]
        expected = Image.open(sharp).convert("RGB").resize((1280, 720), Image.Resampling.LANCZOS)
        middle = _zoom_middle(step)
        assert middle is not None
        seen = frames[middle]
        diff = ImageStat.Stat(ImageChops.difference(seen, expected).convert("L")).mean[0]
        assert diff < 6, (step["id"], diff)
        # Before the zoom the step ends back at the full screen: the last frame is not zoomed.
        assert step["film"]["zoomed"][1] < step_frames(step)[1] - step_frames(step)[0]


def test_the_video_opens_on_a_title_card_and_ends_on_a_closing_card(tutorial: Run) -> None:
    cards = tutorial.manifest["cards"]
    assert cards["title"] >= 2 and cards["closing"] >= 2
    assert tutorial.manifest["steps"][0]["start"] == pytest.approx(cards["title"])
    assert (tutorial.out / "cards" / "title.png").is_file()


def test_preview_writes_a_small_animation_of_one_step(tutorial: Run) -> None:
    webp = tutorial.out / f"preview-{PREVIEW}.webp"
    with Image.open(webp) as image:
        assert image.format == "WEBP" and getattr(image, "n_frames", 1) >= 20
        first = image.convert("RGB")
        image.seek(getattr(image, "n_frames", 1) - 1)
        assert ImageChops.difference(first, image.convert("RGB")).getbbox() is not None
    assert webp.stat().st_size < 2_000_000


def test_a_second_run_with_nothing_changed_encodes_nothing(runs: tuple[Run, Run]) -> None:
    cold, warm = runs
    assert "segments encoded" in cold.stdout and "0 segments encoded" not in cold.stdout
    assert "0 segments encoded" in warm.stdout, warm.stdout
