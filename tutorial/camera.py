"""Where the camera looks: the region of the screen a step zooms on (the walk renders it at 2x)."""

from __future__ import annotations

from tutorial.records import Box, Camera

FULL: Camera = (0.0, 0.0, 1280.0, 720.0)
MAX_ZOOM = 2.0
MIN_GAIN = 1.1  # no zoom when it would enlarge less than this
MARGIN = 48  # CSS pixels kept around the boxes the camera shows


def camera_rect(point: Box, *, width: float = 1280, height: float = 720) -> Camera:
    """Return the camera (x, y, w, h in CSS px) that shows `point` with a margin, at most 2x."""
    need_w, need_h = point.width + 2 * MARGIN, point.height + 2 * MARGIN
    zoom = max(1.0, min(MAX_ZOOM, width / need_w, height / need_h))
    w, h = width / zoom, height / zoom
    cx, cy = point.x + point.width / 2, point.y + point.height / 2
    x = min(max(cx - w / 2, 0.0), width - w)
    y = min(max(cy - h / 2, 0.0), height - h)
    return x, y, w, h
