"""Checks shared by the Alors steps: the current step, visible elements, refusals, by rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from walkthrough.journey import Journey
from walkthrough.locators import Message
from walkthrough.pages.base import Screen
from walkthrough.perception import new_error
from walkthrough.verdict import RuleViolation, fail, page_state, verify

STEP_NAMES = {1: "step 1", 2: "step 2", 3: "step 3"}


@dataclass(frozen=True)
class DifEntry:
    """A DIF balance typed, and the figures the summary showed before (SYN-06)."""

    hours: str
    before: dict[str, str | None]


def step_is(journey: Journey, step: int, rule: str, expected: str) -> None:
    label = journey.target.locators.text_of(f"progress_step_{step}")
    verify(
        rule,
        lambda: expect(journey.cgu.current_step()).to_contain_text(label),
        seen=lambda: page_state(journey.page),
        expected=expected or f'step {step} "{label}" announced as the current step',
    )


def current_step(journey: Journey) -> int | None:
    """Return the registration step announced as current now (None: no progress bar)."""
    marker = journey.cgu.current_step()
    try:
        if not marker.count():
            return None
        shown = " ".join(marker.first.inner_text(timeout=2000).split())
    except PlaywrightError:
        return None
    for step in (3, 2, 1):
        if journey.target.locators.text_of(f"progress_step_{step}") in shown:
            return step
    return None


def all_visible(journey: Journey, rule: str, names: list[str]) -> None:
    for name in names:
        spec = journey.target.locators.specs[name]
        verify(
            rule,
            lambda name=name: expect(journey.login.el(name).first).to_be_visible(),
            seen=lambda spec=spec: f"no {spec.describe()} on {page_state(journey.page)}",
            expected=f"{spec.describe()} to be shown",
        )


def refused(
    journey: Journey,
    rule: str,
    *,
    screen: Screen,
    message: str,
    what: str,
    step: int | None = None,
    fields: Sequence[str] = (),
    any_field: bool = False,
    regions: bool = True,
) -> str:
    """Judge a refusal: the same step still shown and `message` appeared after the action.

    The message counts in an alert or status region (unless `regions` is false) or tied to one
    of `fields` (or to any field); a text that was already there does not. Return where it was.
    """
    wanted = journey.target.locators.message(message, screen.screen)
    if step is not None:
        shown = current_step(journey)
        if shown is not None and shown != step:
            raise fail(rule, f"{what} was accepted ({STEP_NAMES[shown]} shown)", _refusal(wanted))
    where = new_error(
        journey.page,
        wanted,
        fields=[screen.el(name) for name in fields],
        any_field=any_field,
        regions=regions,
    )
    if not where:
        seen = (
            f"{what} was accepted"
            if step is None or current_step(journey) != step
            else (f"{what} got no new error")
        )
        tied = ", ".join(_tied_text(screen, n) for n in fields)
        raise fail(
            rule,
            f"{seen}; {page_state(journey.page)}{'; ' + tied if tied else ''}",
            _refusal(wanted, fields=[journey.target.locators.text_of(n) for n in fields]),
        )
    if step is not None:
        step_is(journey, step, rule, f"to stay on {STEP_NAMES[step]}")
    return where


def _refusal(wanted: Message, *, fields: Sequence[str] = ()) -> str:
    shown = wanted.shown
    where = f" tied to {' or '.join(repr(f) for f in fields)} or in an alert" if fields else ""
    return f"the refusal {shown}{where}, appearing after the action"


def _tied_text(screen: Screen, name: str) -> str:
    """Describe what a field's accessible description and error say now."""
    try:
        said = screen.el(name).first.evaluate(
            "el => [el.getAttribute('aria-describedby'), el.getAttribute('aria-errormessage')]"
            ".filter(Boolean).flatMap(ids => ids.split(/\\s+/))"
            ".map(id => document.getElementById(id)).filter(Boolean)"
            ".map(e => e.innerText.replace(/\\s+/g, ' ').trim()).join(' | ')",
            timeout=2000,
        )
    except PlaywrightError:
        return f"no field {screen.locators.text_of(name, screen.screen)!r}"
    label = screen.locators.text_of(name, screen.screen)
    return f"the field {label!r} says “{said}”" if said else f"nothing is tied to {label!r}"


__all__ = ["DifEntry", "RuleViolation", "all_visible", "current_step", "refused", "step_is"]
