"""Write tutorial.html: an interactive click-through of the steps, as Arcade or Guidde make them.

One step fills the viewport, from 1280x720 down to a phone, without scrolling. A step that acts
on an element has a pulsing hotspot on it and its sentence in a callout beside it, never over
it; a step without one (the introduction) shows the screen and its sentence, no hotspot. The
hotspot, Enter or → advances, ← goes back; the sentence is spoken when the learner turns the
sound on; "Étape 7 sur 22" says where one is. Everything is in the page (no fetch), so it opens
from file://. With `scorm=True` the same page reports to a SCORM 1.2 LMS (tutorial/scorm.py).
The player's behaviour and look are in static/clickthrough.js and static/clickthrough.css.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from tutorial.brand import DEFAULT, Brand, Colours
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


def _hotspot(step: GuideStep, *, total: int) -> str:
    if not step.point:  # nothing acted on: no hotspot on an empty spot
        return ""
    x, y, w, h = hotspot_box(step.point)
    style = (
        f"left:{100 * x / WIDTH:.3f}%;top:{100 * y / HEIGHT:.3f}%;"
        f"width:{100 * w / WIDTH:.3f}%;height:{100 * h / HEIGHT:.3f}%"
    )
    label = f"Aller à l’étape {step.number + 1}" if step.number < total else "Dernière étape"
    return (
        f'<button type="button" class="hotspot" style="{style}" '
        f'data-box="{x:.1f},{y:.1f},{w:.1f},{h:.1f}" aria-label="{label}"></button>'
    )


def _step(s: GuideStep, *, total: int) -> str:
    hidden = "" if s.number == 1 else " hidden"
    return (
        # The step's address is a data attribute, not an id: a #etape-07 link would make the
        # browser scroll the page to the step, and the player must stay still.
        f'<li class="step" data-anchor="etape-{s.number:02d}"{hidden}><div class="stage">'
        f'<div class="canvas"><img src="{escape(s.screen)}" width="{WIDTH}" height="{HEIGHT}" '
        f'alt="Écran de l’étape {s.number} : {escape(s.text)}">{_hotspot(s, total=total)}</div>'
        f'</div><p class="callout"><span class="chapter">{escape(s.chapter)}</span>'
        f'<span class="sentence">{escape(s.text)}</span></p>'
        f'<audio preload="none" src="{escape(s.audio)}"></audio></li>'
    )


def _brand_parts(brand: Brand, logo: str) -> tuple[str, str, str]:
    """Return the kit's colours (CSS), its header mark and its footer line (empty by default)."""
    style = ""
    if brand.colours != Colours():
        style = (
            f"<style>:root {{ --brand: {brand.colours.primary}; "
            f"--accent: {brand.colours.accent}; }}</style>"
        )
    mark = f'<img src="{escape(logo)}" alt="{escape(brand.organisation)}">' if logo else ""
    if brand.custom:
        mark += f'<p class="org">{escape(brand.organisation)}</p>'
    footer = f'<p class="brand-footer">{escape(brand.footer)}</p>' if brand.footer else ""
    return style, mark, footer


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
    style, mark, footer = _brand_parts(brand, logo)
    items = "".join(_step(s, total=total) for s in steps)
    finish = '<button type="button" id="finish" hidden>Terminer</button>' if scorm else ""
    media = (
        ""
        if scorm
        else (
            '<section class="media" aria-labelledby="video-title">'
            '<h2 id="video-title">La vidéo</h2>'
            f'<video controls preload="none" src="{escape(video)}" '
            f'poster="{escape(steps[0].screen)}">'
            f'<track kind="subtitles" srclang="{escape(language)}" src="{escape(vtt)}" '
            'label="Français" default></video></section>'
        )
    )
    lms = f"<script>{SCORM_SCRIPT}</script>" if scorm else ""
    return (
        f'<!doctype html>\n<html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style>{style}</head><body>"
        '<main><section class="player" aria-labelledby="player-title">'
        f'<header class="top"><div class="brand">{mark}<h1 id="player-title">{escape(title)}</h1>'
        f'</div><div class="bar"><p id="progress" class="progress">Étape 1 sur {total}</p>'
        '<button type="button" id="prev">← Précédent</button>'
        '<button type="button" id="sound" aria-pressed="false">Activer le son</button>'
        f'<button type="button" id="next">Suivant →</button>{finish}</div></header>'
        '<p id="live" class="sr-only" aria-live="polite"></p>'
        f'<ol class="steps">{items}</ol>'
        '<footer class="foot"><p class="hint">Cliquez sur la zone qui clignote, ou appuyez '
        f"sur Entrée ou → pour avancer, ← pour revenir.</p>{footer}</footer></section>"
        f"{media}</main>{lms}<script>{SCRIPT}</script></body></html>\n"
    )
