"""The look, in Chromium: the walkthrough's colours and layout at 1x and 2x (trainers film it)."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, ViewportSize, expect

from catalogue import messages, texts
from tests.portal.conftest import CAPTCHA

PURPLE = "rgb(122, 38, 130)"
BLUE = "rgb(27, 117, 187)"


def _register(page: Page, base: str) -> None:
    page.goto(base + "inscription/etape-1")
    page.get_by_role("checkbox", name=texts.CGU_CHECKBOX).check()
    page.get_by_role("button", name=texts.CONTINUE).click()
    for label, value in [
        (texts.FIELD_NIR, "2951099126111"), (texts.FIELD_CLE, "93"),
        (texts.FIELD_FIRST_NAME, "Marion"), (texts.FIELD_BIRTH_NAME, "Roussarie"),
        (texts.FIELD_EMAIL, "m@example.org"), (texts.FIELD_EMAIL_CONFIRM, "m@example.org"),
        (texts.FIELD_CAPTCHA, CAPTCHA.lower()),
    ]:  # fmt: skip
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name=texts.CONTINUE).click()
    page.get_by_label(texts.FIELD_PASSWORD, exact=True).fill(texts.EXAMPLE_PASSWORD)
    expect(page.get_by_role("status")).to_have_text(texts.STRENGTH_STRONG)
    page.get_by_label(texts.FIELD_PASSWORD_CONFIRM, exact=True).fill(texts.EXAMPLE_PASSWORD)
    page.get_by_role("button", name=texts.VALIDATE).click()


def _style(page: Page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"e => getComputedStyle(e).{prop}")


def _check_account_space(page: Page) -> None:
    name = page.get_by_text("MARION ROUSSARIE")
    expect(name).to_be_visible()
    box = name.bounding_box()
    assert box is not None and box["x"] > 640 and box["y"] < 100  # top right
    assert _style(page, ".holder-name", "backgroundColor") == PURPLE
    assert _style(page, ".card-title", "backgroundColor") == BLUE
    expect(page.get_by_text(texts.WELCOME_BANNER)).to_be_in_viewport()
    expect(page.get_by_text(texts.FILES_CLOSED)).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # no sideways scroll


def test_the_account_space_looks_like_the_walkthrough(live_url: str, chromium: Browser) -> None:
    viewport: ViewportSize = {"width": 1280, "height": 720}
    first = chromium.new_context(viewport=viewport)
    try:
        page = first.new_page()
        page.goto(live_url)
        button = page.get_by_role("link", name=messages.HOME_ACCESS, exact=True)
        assert _style(page, ".btn-account", "backgroundColor") == PURPLE
        box = button.bounding_box()
        assert box is not None and box["x"] > 640
        _register(page, live_url)
        _check_account_space(page)
        # The same signed-in holder on a 2x screen (a trainer's retina recording).
        sharp = chromium.new_context(
            viewport=viewport, device_scale_factor=2, storage_state=first.storage_state()
        )
        try:
            page2 = sharp.new_page()
            page2.goto(live_url + "espace/")
            _check_account_space(page2)
        finally:
            sharp.close()
    finally:
        first.close()
