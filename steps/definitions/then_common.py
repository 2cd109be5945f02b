"""Checks shared by the Alors steps: the current step and visible elements, named by rule."""

from __future__ import annotations

from playwright.sync_api import expect

from walkthrough.journey import Journey
from walkthrough.verdict import page_state, verify


def step_is(journey: Journey, step: int, rule: str, expected: str) -> None:
    label = journey.target.locators.text_of(f"progress_step_{step}")
    verify(
        rule,
        lambda: expect(journey.cgu.current_step()).to_contain_text(label),
        seen=lambda: page_state(journey.page),
        expected=expected or f'step {step} "{label}" announced as the current step',
    )


def all_visible(journey: Journey, rule: str, names: list[str]) -> None:
    for name in names:
        spec = journey.target.locators.specs[name]
        verify(
            rule,
            lambda name=name: expect(journey.login.el(name).first).to_be_visible(),
            seen=lambda spec=spec: f"no {spec.describe()} on {page_state(journey.page)}",
            expected=f"{spec.describe()} to be shown",
        )
