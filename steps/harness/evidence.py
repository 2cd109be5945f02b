"""The evidence of each step: its screenshot (reused while the screen is unchanged), its audit."""

from __future__ import annotations

import base64
import weakref
from importlib import resources
from pathlib import Path

import pytest
from playwright.sync_api import CDPSession, Page

from walkthrough.runmodel import ScreenshotStore

PAGE_KEY = pytest.StashKey[Page]()  # the scenario's tab (steps/conftest.py's `page` fixture)
SHOT_QUALITY = 80  # JPEG, kept as taken: about 85 KB for a 1280x720 screen
# What a screenshot would show, read in one round trip (about 2 ms against 30 ms for a shot).
SCREEN_STATE_JS = resources.files("steps.harness").joinpath("screen_state.js").read_text("utf-8")


class Camera:
    """Shoot pages as JPEGs, each through one DevTools session kept while the page lives.

    Chromium's `Page.captureScreenshot` with `optimizeForSpeed` costs about a third less CPU
    than Playwright's screenshot, which also waits for fonts and hides the caret around it.
    Playwright's screenshot takes over when the DevTools protocol cannot be reached, or when
    Chromium has no frame to give yet ("Unable to capture screenshot" just after a load).
    """

    def __init__(self) -> None:
        # None where a page has no DevTools session to give; forgotten with the page.
        self._sessions: weakref.WeakKeyDictionary[Page, CDPSession | None] = (
            weakref.WeakKeyDictionary()
        )

    def capture(self, page: Page) -> bytes:
        """Return a JPEG of the screen, through Chromium's own capture when it can be reached."""
        if page not in self._sessions:
            try:
                self._sessions[page] = page.context.new_cdp_session(page)
            except Exception:  # not Chromium, or a remote browser that refuses CDP
                self._sessions[page] = None
        session = self._sessions[page]
        if session is not None:
            try:
                shot = session.send(
                    "Page.captureScreenshot",
                    {"format": "jpeg", "quality": SHOT_QUALITY, "optimizeForSpeed": True},
                )
                return base64.b64decode(shot["data"])
            except Exception:
                pass
        return page.screenshot(type="jpeg", quality=SHOT_QUALITY)


def capture(page: Page) -> bytes:
    """Return one JPEG of the screen (a camera of its own: for a single shot)."""
    return Camera().capture(page)


class StepEvidence:
    """Take the evidence after a step: a screenshot (stored once per content) and an audit."""

    def __init__(self, *, run_dir: Path, screenshots: bool) -> None:
        self.screenshots = screenshots
        self.store = ScreenshotStore(run_dir)
        self.camera = Camera()

    def after_step(self, request: pytest.FixtureRequest, shots: dict[str, str]) -> str | None:
        """Return the step's screenshot (run-relative), auditing the screen once per worker.

        `shots` maps the scenario's screen states to their screenshots.
        """
        page = request.node.stash.get(PAGE_KEY, None)
        if page is None or page.is_closed():
            return None
        shot = None
        if self.screenshots:
            try:
                shot = self._screenshot(page, shots)
            except Exception:  # a screenshot must never turn a verdict into an error
                shot = None
        # Once per distinct screen and worker (the fixture remembers which it has seen).
        request.getfixturevalue("a11y_audit")(page)
        return shot

    def _screenshot(self, page: Page, shots: dict[str, str]) -> str:
        """Shoot the page, or reuse a shot of this scenario when nothing it shows has changed.

        A "Alors" step mostly reads the screen the step before left, and a journey comes back
        to screens it saw before: same state, same picture.
        """
        state = page.evaluate(SCREEN_STATE_JS)
        shot = shots.get(state)
        if shot is None:
            shot = shots[state] = self.store.store(self.camera.capture(page))
        return shot
