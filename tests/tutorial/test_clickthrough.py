"""tutorial.html as a learner uses it from file://: by mouse, by keyboard, with a screen reader."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from livingspec.a11y import audit_page
from tests.tutorial.conftest import Run
from tutorial.script import load_script


@pytest.fixture
def guide(tutorial: Run, chromium: Browser) -> Iterator[Page]:
    """Open the click-through from the file system, as a trainer double-clicking it would."""
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page.goto((tutorial.out / "tutorial.html").as_uri())
    try:
        yield page
    finally:
        page.close()


def _current(page: Page):
    return page.locator(".step:not([hidden])")


def test_the_hotspot_enter_and_arrows_move_through_the_steps(guide: Page) -> None:
    steps = load_script().steps
    total = len(steps)
    expect(guide.get_by_text(f"Étape 1 sur {total}", exact=True)).to_be_visible()
    expect(_current(guide).locator(".sentence")).to_have_text(steps[0].narration)
    # By mouse: the pulsing hotspot on the element.
    _current(guide).locator(".hotspot").click()
    expect(guide.get_by_text(f"Étape 2 sur {total}", exact=True)).to_be_visible()
    expect(_current(guide).locator(".sentence")).to_have_text(steps[1].narration)
    # By keyboard: →, Enter, then ← back.
    guide.keyboard.press("ArrowRight")
    expect(guide.get_by_text(f"Étape 3 sur {total}", exact=True)).to_be_visible()
    guide.keyboard.press("Enter")
    expect(guide.get_by_text(f"Étape 4 sur {total}", exact=True)).to_be_visible()
    guide.keyboard.press("ArrowLeft")
    expect(guide.get_by_text(f"Étape 3 sur {total}", exact=True)).to_be_visible()
    expect(_current(guide).locator(".sentence")).to_have_text(steps[2].narration)
    expect(guide.get_by_role("img")).to_have_count(1)  # only the current still is shown


def test_a_keyboard_user_reaches_the_last_step_and_hears_the_sentence(guide: Page) -> None:
    steps = load_script().steps
    total = len(steps)
    guide.get_by_role("button", name="Activer le son").click()
    expect(guide.get_by_role("button", name="Couper le son")).to_have_attribute(
        "aria-pressed", "true"
    )
    guide.get_by_role("button", name="Aller à l’étape 2").focus()
    for number in range(2, total + 1):
        guide.keyboard.press("Enter")  # on the focused hotspot: it moves to the next one
        expect(guide.get_by_text(f"Étape {number} sur {total}", exact=True)).to_be_visible()
    expect(guide.get_by_role("button", name="Dernière étape")).to_be_focused()
    expect(guide.get_by_role("button", name="Suivant →")).to_be_disabled()
    # Sound on: the step's own sentence is playing.
    guide.wait_for_function(
        "() => { const a = document.querySelector('.step:not([hidden]) audio');"
        " return a && !a.paused && a.currentSrc.endsWith('.wav'); }"
    )
    live = guide.locator("[aria-live=polite]")
    expect(live).to_have_text(f"Étape {total} sur {total}. {steps[-1].narration}")


def test_the_click_through_has_no_axe_violation(guide: Page) -> None:
    audit = audit_page(guide, screen="tutorial.html")
    assert audit.violations == [], [(v.id, v.description) for v in audit.violations]
    guide.keyboard.press("ArrowRight")
    audit = audit_page(guide, screen="tutorial.html, step 2")
    assert audit.violations == [], [(v.id, v.description) for v in audit.violations]
