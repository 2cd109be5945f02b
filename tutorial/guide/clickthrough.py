"""Write tutorial.html: an interactive click-through of the steps, as Arcade or Guidde make them.

One step fills the viewport, from 1280x720 down to a phone, without scrolling. A step that acts
on an element has a pulsing hotspot on it and its sentence in a callout beside it, never over
it; a step without one (the introduction) shows the screen and its sentence, no hotspot. The
hotspot, Enter or → advances, ← goes back; the sentence is spoken when the learner turns the
sound on; "Étape 7 sur 22" says where one is. Everything is in the page (no fetch), so it opens
from file://. With `scorm=True` the same page reports to a SCORM 1.2 LMS (tutorial/guide/scorm.py).
The page is templates/clickthrough.html.j2; the player's behaviour and look are in
static/clickthrough.js and static/clickthrough.css, inlined into it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutorial.brand import DEFAULT, Brand, Colours
from tutorial.guide.jinja import render
from tutorial.records import Box, GuideStep

WIDTH, HEIGHT = 1280, 720
HOT_PAD = 8  # CSS pixels of the screen around the element, inside the hotspot
STATIC = Path(__file__).with_name("static")
CSS = (STATIC / "clickthrough.css").read_text(encoding="utf-8")
SCRIPT = (STATIC / "clickthrough.js").read_text(encoding="utf-8")
SCORM_SCRIPT = (STATIC / "scorm.js").read_text(encoding="utf-8")


def hotspot_box(point: Box) -> tuple[float, float, float, float]:
    """Return the hotspot's box (x, y, width, height) in screen pixels: the element, padded."""
    x, y = max(point.x - HOT_PAD, 0), max(point.y - HOT_PAD, 0)
    w = min(point.width + 2 * HOT_PAD, WIDTH - x)
    h = min(point.height + 2 * HOT_PAD, HEIGHT - y)
    return x, y, w, h


@dataclass(frozen=True, slots=True)
class Hotspot:
    """Where a step's hotspot sits on the screen, as the template writes it."""

    style: str  # its position in percent of the screen, so it scales with it
    box: str  # its box in screen pixels, for the player's script
    label: str


@dataclass(frozen=True, slots=True)
class PlayerStep:
    """One step of the player: the guide's step and its hotspot (None: it acts on nothing)."""

    step: GuideStep
    hotspot: Hotspot | None


def _hotspot(step: GuideStep, *, total: int) -> Hotspot | None:
    if not step.point:  # nothing acted on: no hotspot on an empty spot
        return None
    x, y, w, h = hotspot_box(step.point)
    style = (
        f"left:{100 * x / WIDTH:.3f}%;top:{100 * y / HEIGHT:.3f}%;"
        f"width:{100 * w / WIDTH:.3f}%;height:{100 * h / HEIGHT:.3f}%"
    )
    label = f"Aller à l’étape {step.number + 1}" if step.number < total else "Dernière étape"
    return Hotspot(style=style, box=f"{x:.1f},{y:.1f},{w:.1f},{h:.1f}", label=label)


def page(
    *,
    title: str,
    language: str,
    steps: list[GuideStep],
    video: str,
    vtt: str,
    scorm: bool,
    brand: Brand = DEFAULT,
    logo: str = "",
) -> str:
    """Return the click-through page; every link is relative, every script inline.

    `logo` is the brand's logo, relative to the page (empty: none).
    """
    total = len(steps)
    return render(
        "clickthrough.html.j2",
        title=title,
        language=language,
        steps=[PlayerStep(step=s, hotspot=_hotspot(s, total=total)) for s in steps],
        video=video,
        vtt=vtt,
        scorm=scorm,
        brand=brand,
        logo=logo,
        colours=brand.colours if brand.colours != Colours() else None,
        width=WIDTH,
        height=HEIGHT,
        css=CSS,
        script=SCRIPT,
        scorm_script=SCORM_SCRIPT,
    )
