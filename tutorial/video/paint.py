"""Paint the planned frames: the screens, the camera's crop, and the pointer with its ripple.

The pointer has a look of its own (POINTER_LOOK), set here and nowhere else: restyling the
slides' highlight box (tutorial/capture/annotate.py) does not restyle it, nor the reverse.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from PIL import Image, ImageDraw

from tutorial.camera import FULL
from tutorial.video.film import Frame, Shown

RGB = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class PointerLook:
    """How the pointer is drawn: its colours, its arrow and its size, and the click's ripple."""

    fill: RGB
    edge: RGB
    arrow: tuple[tuple[float, float], ...]  # tip at (0, 0), in CSS pixels
    size: float  # the arrow is drawn this many times larger
    ripple_from: float  # CSS pixels: the ripple's radius when the click starts
    ripple_to: float  # and when it ends


# Sky blue with a dark outline, unlike the magenta highlight: no screen of the portal uses this
# blue, so a test can find the pointer by its colour. The arrow is 40 CSS pixels tall.
POINTER_LOOK = PointerLook(
    fill=(0, 190, 255),
    edge=(16, 24, 48),
    arrow=((0, 0), (0, 19), (4.5, 14.5), (8, 22), (11.5, 20.5), (8, 13.5), (14, 13.5)),
    size=1.8,
    ripple_from=6,
    ripple_to=32,
)
POINTER = POINTER_LOOK.fill


class Painter:
    """Turn planned frames into RGB bytes, at the output's scale."""

    def __init__(self, *, scale: int, size: tuple[int, int] | None = None) -> None:
        self.scale = scale  # of the captured images
        self.size = size or (1280 * scale, 720 * scale)  # of the frames painted
        self.k = self.size[0] / 1280  # frame pixels per CSS pixel of the screen
        self._images: dict[object, Image.Image] = {}

    def _image(self, base: Shown) -> Image.Image:
        if base not in self._images:
            if len(self._images) > 24:
                self._images.clear()
            if isinstance(base, Path):
                with Image.open(base) as im:
                    image = im.convert("RGB")
            else:
                key, clip, where = base
                image = self._image(key).copy()
                with Image.open(clip) as im:
                    image.paste(im.convert("RGB"), (round(where.x * self.scale),
                                                    round(where.y * self.scale)))  # fmt: skip
            if image.size != self.size:
                image = image.resize(self.size, Image.Resampling.LANCZOS)
            self._images[base] = image
        return self._images[base]

    @cached_property
    def _arrow(self) -> list[tuple[float, float]]:
        k = POINTER_LOOK.size * self.k
        return [(x * k, y * k) for x, y in POINTER_LOOK.arrow]

    def paint(self, frame: Frame, *, cursor: bool = True) -> bytes:
        """Return one frame as raw RGB24 bytes."""
        s = self.k
        image = self._image(frame.base)
        if frame.fade_from is not None and frame.fade < 1:
            image = Image.blend(self._image(frame.fade_from), image, frame.fade)
        x, y, w, h = frame.camera
        if frame.sharp is not None and frame.fade_from is None:
            image = self._image(frame.sharp).copy()  # already the camera's view, at output size
        elif frame.camera != FULL:
            image = image.resize(
                self.size, Image.Resampling.BILINEAR, box=(x * s, y * s, (x + w) * s, (y + h) * s)
            )
        elif image is self._images.get(frame.base):
            image = image.copy()
        zoom = 1280 / w
        px, py = (frame.pointer[0] - x) * zoom * s, (frame.pointer[1] - y) * zoom * s
        if cursor:
            draw = ImageDraw.Draw(image)
            if frame.ripple is not None:
                look = POINTER_LOOK
                r = (look.ripple_from + (look.ripple_to - look.ripple_from) * frame.ripple) * s
                width = max(1, round((4 - 3 * frame.ripple) * s))
                draw.ellipse(
                    (px - r, py - r, px + r, py + r), outline=POINTER_LOOK.fill, width=width
                )
            arrow = [(px + ax, py + ay) for ax, ay in self._arrow]
            edge = max(2, round(2 * s))
            draw.polygon(arrow, fill=POINTER_LOOK.fill, outline=POINTER_LOOK.edge, width=edge)
        return image.tobytes()


def paint_all(frames: list[Frame], painter: Painter, *, cursor: bool = True) -> Iterator[bytes]:
    """Yield each frame's bytes, drawing identical consecutive frames only once."""
    last: Frame | None = None
    data = b""
    for frame in frames:
        if frame != last:
            data = painter.paint(frame, cursor=cursor)
            last = frame
        yield data
