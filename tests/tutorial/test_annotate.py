"""Annotation and redaction, on synthetic screens whose pixels are known."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFilter, ImageStat

from tutorial.capture.annotate import HIGHLIGHT, annotate, highlight_rect, redact
from tutorial.fonts import font
from tutorial.records import Box
from tutorial.video.timeline import plan, srt, webvtt


def _screen(scale: int = 1) -> Image.Image:
    image = Image.new("RGB", (1280 * scale, 720 * scale), "white")
    draw = ImageDraw.Draw(image)
    draw.text(
        (100 * scale, 100 * scale), "2 85 02 75 123 456 78", font=font(28 * scale), fill="black"
    )
    return image


def test_redaction_blurs_only_the_boxes_given() -> None:
    nir = Box(x=95, y=95, width=380, height=45)
    before = _screen()
    after = redact(before, [nir], scale=1)
    region = nir.scaled(1)

    def edges(image: Image.Image) -> float:
        strokes = image.convert("L").filter(ImageFilter.FIND_EDGES).crop(region)
        return ImageStat.Stat(strokes).mean[0]

    assert edges(after) < edges(before) / 5, "the digits' strokes are still there"
    assert before.crop((600, 0, 1280, 720)).tobytes() == after.crop((600, 0, 1280, 720)).tobytes()


def test_the_highlight_box_surrounds_the_element_at_both_scales() -> None:
    for scale in (1, 2):
        element = Box(x=300.5, y=200.25, width=220, height=40)
        out = annotate(
            _screen(scale), number=7, caption="Puis continuez.", point=element, scale=scale
        )
        left, top, right, bottom = highlight_rect(element, scale=scale)
        assert out.getpixel((left, (top + bottom) // 2)) == HIGHLIGHT
        assert out.getpixel((right, (top + bottom) // 2)) == HIGHLIGHT
        assert out.getpixel(((left + right) // 2, top)) == HIGHLIGHT
        assert out.getpixel(((left + right) // 2, bottom)) == HIGHLIGHT
        assert out.getpixel((left - 1, (top + bottom) // 2)) != HIGHLIGHT
        inner = element.scaled(scale)
        assert out.crop(inner).tobytes() == _screen(scale).crop(inner).tobytes(), "box hides it"


def test_the_caption_moves_to_the_top_when_the_element_is_at_the_bottom() -> None:
    low = Box(x=100, y=680, width=200, height=30)
    out = annotate(_screen(), number=1, caption="Finalisez votre inscription.", point=low, scale=1)
    assert out.getpixel((640, 5)) != (255, 255, 255), "no band at the top"
    assert out.getpixel((640, 600)) == (255, 255, 255)


def test_subtitle_cues_follow_the_speech_and_steps_last_whole_frames() -> None:
    slots = plan([1.234, 2.5, 0.8], ["Un.", "Deux.", "Trois."])
    assert [s.start for s in slots] == [
        0.0,
        slots[0].duration,
        slots[0].duration + slots[1].duration,
    ]
    assert all(abs(s.frames - s.duration * 25) < 1e-9 for s in slots)
    assert all(s.duration >= s.speech + 0.6 for s in slots)
    assert "00:00:00,000 --> 00:00:01,234\nUn." in srt(slots)
    assert webvtt(slots).startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.234\nUn.")
