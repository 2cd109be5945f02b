"""CAP-04 on the way: the captcha's renewal control, found by its name, must show a new image."""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator

from walkthrough.captcha import FixedCaptcha
from walkthrough.locators import DEFAULTS
from walkthrough.onboard.candidates import by_words, collect
from walkthrough.onboard.walk import Walk
from walkthrough.screens import ScreenName

# What a renewal control says: the catalogue's words first, then what other portals write.
RENEW_WORDS = (
    ("renouveler les caractères", 5), ("renouveler", 4), ("nouvelle image", 3),
    ("nouveaux caractères", 3), ("autre image", 2), ("nouveau code", 2),
)  # fmt: skip
NEW_IMAGE_TRIES, NEW_IMAGE_PAUSE_MS = 10, 300


def captcha_renewal(walk: Walk) -> None:
    """Find the control that renews the captcha, press it, and see the image change."""
    found = collect(walk.page, ("link", "button"))
    for one in found:
        by_words(one, RENEW_WORDS, where="name")
    # Only what speaks of renewing competes: the step's other buttons say nothing of it.
    named = [one for one in found if one.score > 0]
    renew = walk.choose(
        "captcha_renew", ScreenName.STEP_2, named, what="control renewing the captcha",
        required=False,
    )  # fmt: skip
    image = walk.visible(DEFAULTS["captcha_image"], timeout_ms=1000)
    if renew is None or image is None:
        return
    before = _drawn(image)
    renew.click()
    for _attempt in range(NEW_IMAGE_TRIES):  # the new image loads a moment after the click
        walk.page.wait_for_timeout(NEW_IMAGE_PAUSE_MS)
        if _drawn(image) != before:
            return
    if isinstance(walk.captcha, FixedCaptcha):
        return  # with one fixed answer the image may well stay the same: the suite says so too
    walk.finding("CAP-04", "step 2: the captcha image did not change after its renewal control")


def _drawn(image: Locator) -> tuple[str, bytes]:
    """Return what the image shows: its address and its pixels."""
    try:
        return image.get_attribute("src") or "", image.screenshot(timeout=2000)
    except PlaywrightError:
        return "", b""
