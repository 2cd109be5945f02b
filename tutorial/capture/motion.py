"""Record what happens between two stills: the screens, the boxes acted on, the typed prefixes.

The page objects announce each action (click, tick, type) through their `before_action` hook.
The recorder then brings the element into view, takes the screen as it is before the action and
the element's real bounding box; once a field is typed, it shows each prefix of its value in the
real field (the value set without events, then restored) and takes the field's pixels. The
video draws the pointer and the camera afterwards along these boxes (see tutorial/video/film.py
and paint.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from playwright.sync_api import ElementHandle, Locator, Page
from playwright.sync_api import Error as PlaywrightError

from tutorial.records import Act, Box

TYPED_KINDS = ("text", "email", "tel", "password", "number", "search", "url", "")
MAX_PREFIXES = 10  # frames of a field being typed; enough to read as typing, cheap to take
CLIP_PAD = 4  # CSS pixels around a field's box in its typing clips

KIND_JS = """
(e) => {
  const tag = e.tagName.toLowerCase();
  if (tag === "textarea") return "type";
  if (tag === "input" && %s.includes((e.getAttribute("type") || "").toLowerCase())) return "type";
  return "click";
}
""" % list(TYPED_KINDS)  # noqa: UP031 - a JS literal, not a message


@dataclass
class Motion:
    """What one step shows before its still: keyframes, clips and the acts between them."""

    keyframes: list[bytes] = field(default_factory=list)  # PNG screenshots of the viewport
    personal: list[list[Box]] = field(default_factory=list)  # per keyframe, to blur
    clips: list[bytes] = field(default_factory=list)  # PNG crops of a field being typed
    acts: list[Act] = field(default_factory=list)


@dataclass
class _Pending:
    act: Act
    handle: ElementHandle | None


@dataclass
class Recorder:
    """Collect the motion of the step being walked; `take()` hands it over at each still."""

    page: Page
    personal_values: set[str]
    screenshot: Callable[[], bytes]  # the walker's deterministic screenshot
    personal_boxes: Callable[[], list[Box]]
    motion: Motion = field(default_factory=Motion)
    _pending: _Pending | None = None

    def before(self, locator: Locator) -> None:
        """Finish the previous act, then note the screen and the box of the one about to start."""
        self.finish()
        try:
            handle = locator.first.element_handle(timeout=5_000)
            handle.scroll_into_view_if_needed(timeout=5_000)
            kind = handle.evaluate(KIND_JS)
            raw = handle.bounding_box()
        except PlaywrightError:
            return  # the action itself will fail and say why; nothing to film
        if not raw:
            return
        frame = self._keyframe()
        box = Box(**raw)
        act = Act(kind="type" if kind == "type" else "click", box=box, frame=frame)
        self._pending = _Pending(act=act, handle=handle if act.kind == "type" else None)

    def finish(self) -> None:
        """Close the act in progress: for a typed field, take one clip per prefix of its value."""
        pending, self._pending = self._pending, None
        if pending is None:
            return
        act = pending.act
        if pending.handle is not None:
            shown = len(self.motion.clips)
            try:
                act = self._typing(act, pending.handle)
            except PlaywrightError:
                del self.motion.clips[shown:]  # no clip of a field half typed
        self.motion.acts.append(act)

    def take(self, still: bytes, personal: list[Box]) -> Motion:
        """Return the motion that led to this still (which becomes its last keyframe); reset."""
        self.finish()
        motion, self.motion = self.motion, Motion()
        motion.keyframes.append(still)
        motion.personal.append(personal)
        return motion

    def _keyframe(self) -> int:
        self.motion.keyframes.append(self.screenshot())
        self.motion.personal.append(self.personal_boxes())
        return len(self.motion.keyframes) - 1

    def _typing(self, act: Act, handle: ElementHandle) -> Act:
        """Return the act with one clip of the field per prefix of the value typed into it."""
        value = handle.input_value()
        raw = handle.bounding_box()
        if not value or not raw:
            return act
        field_box = Box(**raw)
        clip = Box(
            x=max(field_box.x - CLIP_PAD, 0),
            y=max(field_box.y - CLIP_PAD, 0),
            width=field_box.width + 2 * CLIP_PAD,
            height=field_box.height + 2 * CLIP_PAD,
        )
        personal = value in self.personal_values or any(
            v in value for v in self.personal_values if len(v) >= 3
        )
        n = len(value)
        m = min(n, MAX_PREFIXES)
        shown = sorted({round(i * n / m) for i in range(1, m + 1)})  # ends on the whole value
        area = {"x": clip.x, "y": clip.y, "width": clip.width, "height": clip.height}
        clips: list[int] = []
        try:
            for k in shown:
                # The real field draws each prefix: set without events, so no script reacts.
                handle.evaluate("(e, v) => { e.value = v; }", value[:k])
                png = self.page.screenshot(
                    clip=area,  # type: ignore[arg-type]  # a FloatRect-shaped dict
                    animations="disabled",
                    caret="hide",
                )
                self.motion.clips.append(png)
                clips.append(len(self.motion.clips) - 1)
        finally:
            handle.evaluate("(e, v) => { e.value = v; }", value)
        return replace(act, clips=tuple(clips), clip_box=clip, personal=personal)
