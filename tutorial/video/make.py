"""Make tutorial.mp4: the cards, the segments (motion or slides), the mux, burned subtitles.

The only module that makes the video; the others of tutorial/video/ plan, paint and encode.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from tutorial import loudness
from tutorial.options import Options
from tutorial.records import StepRecord
from tutorial.speech import SAMPLE_RATE
from tutorial.video import cut, ffmpeg, timeline
from tutorial.video.cards import draw_card

CARD_FRAMES = 3 * timeline.FPS  # the title and closing cards last three seconds each


def _cards(*, options: Options, staging: Path) -> tuple[Path, Path]:
    """Draw the opening title card and the closing card with the portal's address."""
    title = staging / "cards" / "title.png"
    closing = staging / "cards" / "closing.png"
    brand = options.brand
    colours, logo = brand.card_colours(), brand.logo
    opening = [x for x in (brand.organisation, brand.title_card.subtitle) if x]
    draw_card(dest=title, title=brand.title, lines=opening, scale=options.scale, colours=colours,
              logo=logo)  # fmt: skip
    lines = [f"Rendez-vous sur {options.site_url}"] if options.site_url else []
    lines = [x for x in (*lines, brand.closing_card.text, brand.organisation) if x]
    draw_card(dest=closing, title=brand.closing_card.title, lines=lines, scale=options.scale,
              colours=colours, logo=logo)  # fmt: skip
    return title, closing


def make_video(
    *,
    options: Options,
    language: str,
    staging: Path,
    slots: list[timeline.Slot],
    records: list[StepRecord],
    wavs: list[Path],
    on_done: Callable[[], None],
) -> tuple[int, list[StepRecord]]:
    """Encode the segments not cached (slides or motion), mux speech, subtitles and chapters.

    Return how many segments were encoded, and the records (in motion, with their film facts).
    """
    title, closing = _cards(options=options, staging=staging)
    if options.style == "motion":
        segs, encoded, records = _motion_segments(
            options=options, staging=staging, records=records, cards=(title, closing),
            on_done=on_done,
        )  # fmt: skip
    else:
        card = timeline.Slot(number=0, start=0, speech=0, duration=CARD_FRAMES / timeline.FPS,
                             text="")  # fmt: skip
        segs, encoded = ffmpeg.segments(
            stills=[title, *(staging / r.image for r in records), closing],
            slots=[card, *slots, card],
            cache=options.cache / "segments" / f"x{options.scale}",
            on_done=on_done,
            size=options.video,
        )
    _mux(options=options, language=language, staging=staging, slots=slots, wavs=wavs, segs=segs)
    return encoded, records


def _motion_segments(
    *,
    options: Options,
    staging: Path,
    records: list[StepRecord],
    cards: tuple[Path, Path],
    on_done: Callable[[], None],
) -> tuple[list[Path], int, list[StepRecord]]:
    """Plan and encode the motion video; return its segments, how many were encoded, records."""
    title, closing = cards
    planned = cut.plan(
        records=records, out=staging, title=title, closing=closing, card_frames=CARD_FRAMES
    )
    filmed = [replace(r, film=f) for r, f in zip(records, planned.film, strict=True)]
    segs, encoded = cut.encode(
        cut=planned,
        scale=options.scale,
        cache=options.cache / "motion" / f"x{options.scale}",
        on_done=on_done,
        size=options.video,
    )
    if options.preview:
        piece = next((p for p in planned.pieces if p.name == options.preview), None)
        if piece is not None:
            cut.preview(piece=piece, dest=staging / f"preview-{piece.name}.webp",
                        scale=options.scale)  # fmt: skip
    return segs, encoded, filmed


def _mux(
    *,
    options: Options,
    language: str,
    staging: Path,
    slots: list[timeline.Slot],
    wavs: list[Path],
    segs: list[Path],
) -> None:
    """Join the segments with the narration, subtitles and chapters into tutorial.mp4."""
    joined = staging / "narration.joined.wav"
    ffmpeg.narration_track(
        wavs=wavs, slots=slots, dest=joined, lead_frames=CARD_FRAMES, tail_frames=CARD_FRAMES
    )
    # Each sentence is at -16 LUFS already; the whole track is measured and brought there too,
    # because the loudness of a joined track is not exactly that of its parts.
    narration = staging / "narration.wav"
    loudness.normalise(src=joined, dest=narration, sample_rate=SAMPLE_RATE)
    joined.unlink()
    muxed = staging / "tutorial.mp4"
    ffmpeg.mux_cached(
        segments_=segs,
        narration=narration,
        srt=staging / "tutorial.srt",
        metadata=staging / "chapters.ffmetadata",
        dest=muxed,
        language=language,
        cache=options.cache / "videos",
    )
    narration.unlink()
    if options.burn_subtitles:
        soft = staging / "tutorial.soft.mp4"
        muxed.replace(soft)
        ffmpeg.burn_subtitles(video=soft, srt=staging / "tutorial.srt", dest=muxed)
        soft.unlink()
