"""The screens of the walkthrough: one name each, shared by page objects, Journey and profiles."""

from __future__ import annotations

from enum import StrEnum


class ScreenName(StrEnum):
    """A screen of the walkthrough; its value is the profile's key (`[locators.step_2]`)."""

    HOME = "home"
    LOGIN = "login"
    STEP_1 = "step_1"
    STEP_2 = "step_2"
    STEP_3 = "step_3"
    ACCOUNT = "account"

    @classmethod
    def of_step(cls, step: int) -> ScreenName:
        """Return the screen of registration step `step` (1, 2 or 3)."""
        return cls(f"step_{step}")
