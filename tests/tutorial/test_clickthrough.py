"""tutorial.html as a learner uses it from file://: by mouse, keyboard, touch and screen reader.

At 1280x720 and on a 390x844 phone, every step fits the viewport without scrolling: a step that
acts on an element has its hotspot on that element and its caption beside it, never over it;
a step without one has no hotspot.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from livingspec.a11y import audit_page
from tests.tutorial.conftest import Run
from tutorial.guide.clickthrough import WIDTH, hotspot_box
from tutorial.records import Box
from tutorial.script import load_script

SIZES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 720}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 3,
    },
}

# What the learner sees of the current step, in CSS pixels of the viewport.
GEOMETRY = """() => {
  const step = document.querySelector('.step:not([hidden])');
  const rect = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
    return {x: r.x, y: r.y, w: r.width, h: r.height}; };
  return {
    vw: innerWidth, vh: innerHeight, scrollY: scrollY, scrollX: scrollX,
    stage: rect(step.querySelector('.stage')), img: rect(step.querySelector('img')),
    hotspot: rect(step.querySelector('.hotspot')), callout: rect(step.querySelector('.callout')),
    progress: rect(document.getElementById('progress')),
    prev: rect(document.getElementById('prev')), next: rect(document.getElementById('next')),
    font: parseFloat(getComputedStyle(step.querySelector('.sentence')).fontSize),
  };
}"""


@contextlib.contextmanager
def _open(browser: Browser, run: Run, size: str) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR", **SIZES[size])
    page = context.new_page()
    page.goto((run.out / "tutorial.html").as_uri())
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def guide(tutorial: Run, chromium: Browser) -> Iterator[Page]:
    """Open the click-through from the file system at 1280x720, as a trainer would."""
    with _open(chromium, tutorial, "desktop") as page:
        yield page


def _current(page: Page):
    return page.locator(".step:not([hidden])")


def _within(inner: dict, outer: dict, slack: float = 0.5) -> bool:
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["w"] <= outer["x"] + outer["w"] + slack
        and inner["y"] + inner["h"] <= outer["y"] + outer["h"] + slack
    )


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


@pytest.mark.parametrize("size", list(SIZES))
def test_every_step_fits_the_viewport_with_its_hotspot_on_the_element_acted_on(
    tutorial: Run, chromium: Browser, size: str
) -> None:
    steps = tutorial.manifest["steps"]
    with _open(chromium, tutorial, size) as page:
        for number, step in enumerate(steps, start=1):
            expect(page.get_by_text(f"Étape {number} sur {len(steps)}", exact=True)).to_be_visible()
            g = page.evaluate(GEOMETRY)
            where = f"{size}, step {number} {step['id']}"
            view = {"x": 0, "y": 0, "w": g["vw"], "h": g["vh"]}
            assert (g["scrollX"], g["scrollY"]) == (0, 0), where
            for part in ("progress", "prev", "next", "callout"):
                assert _within(g[part], view), (where, part, g[part])
            if step["point"] is None:
                assert g["hotspot"] is None, where
            else:
                assert g["hotspot"] is not None, where
                assert _within(g["hotspot"], view) and _within(g["hotspot"], g["stage"]), where
                assert not _overlap(g["callout"], g["hotspot"]), (where, g["callout"], g["hotspot"])
                # Back in the screen's pixels, the hotspot is the element's box (padded).
                k = g["img"]["w"] / WIDTH
                got = (
                    (g["hotspot"]["x"] - g["img"]["x"]) / k,
                    (g["hotspot"]["y"] - g["img"]["y"]) / k,
                    g["hotspot"]["w"] / k,
                    g["hotspot"]["h"] / k,
                )
                x, y, w, h = hotspot_box(Box(**step["point"]))
                # Never smaller than 24 CSS pixels, a finger's target (WCAG 2.5.8).
                want = (x, y, max(w, 24 / k), max(h, 24 / k))
                assert got == pytest.approx(want, abs=2), where
                if size == "phone" and step["point"]["width"] < 300:
                    # A control is shown near its real size, not shrunk to a third.
                    assert k >= 0.75, (where, k)
            assert g["font"] >= 16, where
            if number == len(steps):
                break
            hotspot = _current(page).locator(".hotspot")
            forward = hotspot if step["point"] else page.get_by_role("button", name="Suivant →")
            if size == "phone":
                forward.tap()
            else:
                forward.click()


def test_the_introduction_has_no_hotspot_and_is_not_called_cgu(guide: Page) -> None:
    intro = [s for s in load_script().steps if s.chapter == "introduction"]
    assert len(intro) >= 3
    for step in intro:
        expect(_current(guide).locator(".sentence")).to_have_text(step.narration)
        expect(_current(guide).locator(".hotspot")).to_have_count(0)
        expect(_current(guide).locator(".chapter")).to_have_text("Avant de commencer")
        guide.get_by_role("button", name="Suivant →").click()


def test_the_hotspot_enter_and_arrows_move_through_the_steps(guide: Page) -> None:
    steps = load_script().steps
    total = len(steps)
    expect(guide.get_by_text(f"Étape 1 sur {total}", exact=True)).to_be_visible()
    expect(_current(guide).locator(".sentence")).to_have_text(steps[0].narration)
    # By keyboard: →, Enter, then ← back.
    guide.keyboard.press("ArrowRight")
    expect(guide.get_by_text(f"Étape 2 sur {total}", exact=True)).to_be_visible()
    guide.keyboard.press("Enter")
    expect(guide.get_by_text(f"Étape 3 sur {total}", exact=True)).to_be_visible()
    guide.keyboard.press("ArrowLeft")
    expect(guide.get_by_text(f"Étape 2 sur {total}", exact=True)).to_be_visible()
    expect(_current(guide).locator(".sentence")).to_have_text(steps[1].narration)
    # By mouse: the pulsing hotspot on the first element acted on.
    first = next(i for i, s in enumerate(steps) if s.point)
    for _ in range(first - 1):
        guide.keyboard.press("ArrowRight")
    expect(guide.get_by_text(f"Étape {first + 1} sur {total}", exact=True)).to_be_visible()
    _current(guide).locator(".hotspot").click()
    expect(guide.get_by_text(f"Étape {first + 2} sur {total}", exact=True)).to_be_visible()
    expect(guide.get_by_role("img")).to_have_count(1)  # only the current still is shown


def test_a_keyboard_user_reaches_the_last_step_and_hears_the_sentence(guide: Page) -> None:
    steps = load_script().steps
    total = len(steps)
    guide.get_by_role("button", name="Activer le son").click()
    expect(guide.get_by_role("button", name="Couper le son")).to_have_attribute(
        "aria-pressed", "true"
    )
    guide.get_by_role("button", name="Suivant →").focus()
    for number in range(2, total + 1):
        guide.keyboard.press("Enter")  # on the focused hotspot or "Suivant": on to the next
        expect(guide.get_by_text(f"Étape {number} sur {total}", exact=True)).to_be_visible()
        if steps[number - 1].point and number < total:
            hotspot = guide.get_by_role("button", name=f"Aller à l’étape {number + 1}")
            expect(hotspot).to_be_focused()
    expect(guide.get_by_role("button", name="Dernière étape")).to_be_focused()
    expect(guide.get_by_role("button", name="Suivant →")).to_be_disabled()
    # Sound on: the step's own sentence is playing.
    guide.wait_for_function(
        "() => { const a = document.querySelector('.step:not([hidden]) audio');"
        " return a && !a.paused && a.currentSrc.endsWith('.wav'); }"
    )
    live = guide.locator("[aria-live=polite]")
    expect(live).to_have_text(f"Étape {total} sur {total}. {steps[-1].narration}")


@pytest.mark.parametrize("size", list(SIZES))
def test_the_click_through_has_no_axe_violation(
    tutorial: Run, chromium: Browser, size: str
) -> None:
    first = next(i for i, s in enumerate(load_script().steps) if s.point)
    with _open(chromium, tutorial, size) as page:
        audit = audit_page(page, screen=f"tutorial.html, {size}, step 1 (no hotspot)")
        assert audit.violations == [], [(v.id, v.description) for v in audit.violations]
        for _ in range(first):
            page.keyboard.press("ArrowRight")
        expect(_current(page).locator(".hotspot")).to_have_count(1)
        audit = audit_page(page, screen=f"tutorial.html, {size}, step {first + 1} (hotspot)")
        assert audit.violations == [], [(v.id, v.description) for v in audit.violations]
