"""Checks shared by the Alors steps of every area: the current step, visible elements, refusals."""

from __future__ import annotations

from collections.abc import Sequence

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from walkthrough.journey import Journey
from walkthrough.locators import Expected
from walkthrough.pages.base import Screen
from walkthrough.perception import Snapshot, describe_field, new_error, said_since
from walkthrough.verdict import fail, page_state, verify

STEP_NAMES = {1: "step 1", 2: "step 2", 3: "step 3"}


def step_is(journey: Journey, step: int, rule: str, expected: str) -> None:
    """Check that `step` is announced as the current one (`expected`: what the failure says)."""
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


def all_visible(journey: Journey, rule: str, names: list[str], *, screen: Screen) -> None:
    """Check that every element `names` is shown, each resolved on `screen` (its overrides)."""
    for name in names:
        spec = journey.target.locators.spec(name, screen.screen)
        verify(
            rule,
            lambda name=name: expect(screen.el(name).first).to_be_visible(),
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
    before: Snapshot | None = None,
    tied_text: bool = False,
) -> str:
    """Judge a refusal: the same screen still shown, and an error that appeared since `before`.

    `before` is what the screen announced before the submit (by default the journey's last
    one). The error counts tied to one of `fields` (or to any field), or in an alert or status
    region unless `regions` is false; the entry `message` says which words count (any, when
    the catalogue quotes none and the profile pins none). `tied_text`: a field turned invalid
    needs a text tied to it as well (FORM-06). Return where it showed.
    """
    wanted = journey.target.locators.expected(message, screen.screen)
    if step is not None:
        shown = current_step(journey)
        if shown is not None and shown != step:
            raise fail(rule, f"{what} was accepted ({STEP_NAMES[shown]} shown)", _refusal(wanted))
    elif screen.marker is not None and not screen.el(screen.marker).first.is_visible():
        raise fail(rule, f"{what} was accepted: {page_state(journey.page)}", _refusal(wanted))
    judged_before = journey.before if before is None else before
    judged = new_error(
        screen.reader,
        judged_before,
        wanted,
        fields=[screen.locators.spec(name, screen.screen) for name in fields],
        any_field=any_field,
        regions=regions,
        tied_text=tied_text,
    )
    if judged.finding is None:
        # The screen is still shown (checked above): "accepted" only when another step is.
        moved = step is not None and current_step(journey) != step
        seen = f"{what} was accepted" if moved else f"{what} got no new error"
        labels = [journey.target.locators.text_of(n, screen.screen) for n in fields]
        tied = "; ".join(
            describe_field(f, label) for f, label in zip(judged.fields, labels, strict=True)
        )
        new = " | ".join(f"“{text}”" for text in said_since(judged.now, judged_before)[:4])
        if new:
            tied += ("; " if tied else "") + f"new since the action: {new}"
        raise fail(
            rule,
            f"{seen}; {page_state(journey.page)}{'; ' + tied if tied else ''}",
            _refusal(wanted, fields=labels),
        )
    if step is not None:
        step_is(journey, step, rule, f"to stay on {STEP_NAMES[step]}")
    return judged.finding.where


def _refusal(wanted: Expected, *, fields: Sequence[str] = ()) -> str:
    where = f" tied to {' or '.join(repr(f) for f in fields)} or in an alert" if fields else ""
    return f"an error {wanted.describe()}{where}, appearing after the action"


def field_label(journey: Journey, name: str) -> str:
    """Return the label of the field `name` as a person reads it, in quotes."""
    return f'"{journey.target.locators.text_of(name)}"'
