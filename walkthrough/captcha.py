"""Captcha strategies: how the suite answers the security check of a deployment under test."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urljoin

from playwright.sync_api import Locator, Page, expect

ORACLE_PATH = "/_test/captcha"
MANUAL_TIMEOUT_MS = 300_000


JourneyLike = Any  # walkthrough.journey.Journey (which imports this module)


class CaptchaUnavailable(RuntimeError):
    """The strategy cannot give an answer (no captcha pending, oracle disabled)."""


@runtime_checkable
class CaptchaStrategy(Protocol):
    """Answer the captcha currently shown on a page."""

    name: str
    # False when every captcha has the same answer: renewal and replay cannot be observed.
    sees_each_captcha: bool

    def answer(self, page: Page, field: Locator) -> str:
        """Return the characters to type (a manual strategy waits for a person to type them)."""
        ...


class OracleCaptcha:
    """Ask the bundled portal's test-only endpoint for the pending answer (`--test-mode`)."""

    name = "oracle"
    sees_each_captcha = True

    def __init__(self, *, base_url: str) -> None:
        self.url = urljoin(base_url, ORACLE_PATH)

    def answer(self, page: Page, field: Locator) -> str:
        """Return the answer pending in this browser context's session."""
        response = page.context.request.get(self.url)
        if not response.ok:
            raise CaptchaUnavailable(f"{self.url} answered {response.status}: {response.text()}")
        return str(response.json()["answer"])


class FixedCaptcha:
    """Type the one answer a staging deployment is configured with."""

    name = "fixed"
    sees_each_captcha = False

    def __init__(self, *, answer: str) -> None:
        self.value = answer

    def answer(self, page: Page, field: Locator) -> str:
        """Return the configured answer."""
        return self.value


@dataclass(frozen=True)
class CaptchaSeen:
    """A captcha as the suite saw it: its image, and its answer when the strategy can tell."""

    image: bytes
    answer: str | None


def seen_captcha(journey: JourneyLike) -> CaptchaSeen:
    """Record the captcha shown now (the oracle's answer when the target has one)."""
    image = journey.identity.el("captcha_image").first
    expect(image).to_be_visible()
    image.page.wait_for_function(
        "img => !(img instanceof HTMLImageElement) || (img.complete && img.naturalWidth > 0)",
        arg=image.element_handle(),
    )
    answer = None
    if isinstance(journey.target.captcha, OracleCaptcha):
        answer = journey.target.captcha.answer(journey.page, journey.identity.el("captcha_input"))
    return CaptchaSeen(image=image.screenshot(), answer=answer)


class ManualCaptcha:
    """Let a person type the characters in a headed browser, and wait for them."""

    name = "manual"
    sees_each_captcha = True

    def answer(self, page: Page, field: Locator) -> str:
        """Wait until the person has typed at least four characters; return them."""
        field.focus()
        expect(field).to_have_value(re.compile(r"\S{4,}"), timeout=MANUAL_TIMEOUT_MS)
        return field.input_value()
