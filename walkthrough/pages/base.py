"""What every screen object shares: the page, the locator registry and an action hook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page

from walkthrough.locators import Locators

# Called with (action name, locator) just before a screen acts: the tutorial draws its box here.
ActionHook = Callable[[str, Locator], None]


def _no_hook(_name: str, _locator: Locator) -> None:
    return None


@dataclass
class Screen:
    """One screen of the walkthrough, driven through named locators."""

    page: Page
    locators: Locators = field(default_factory=Locators)
    before_action: ActionHook = _no_hook
    last_target: Locator | None = field(default=None, init=False)

    def el(self, name: str) -> Locator:
        """Return the locator registered as `name` on this page."""
        return self.locators(self.page, name)

    def _target(self, action: str, name: str) -> Locator:
        locator = self.el(name)
        self.last_target = locator
        self.before_action(action, locator)
        return locator

    def click(self, name: str, *, action: str | None = None) -> Locator:
        """Click the element `name`; return it."""
        locator = self._target(action or f"click {name}", name)
        locator.click()
        return locator

    def submit(self, name: str, *, action: str | None = None) -> Locator:
        """Click the button `name` that sends a form, and wait for the page it leads to."""
        locator = self._target(action or f"submit {name}", name)
        with self.page.expect_navigation(wait_until="domcontentloaded"):
            locator.click()
        return locator

    def fill(self, name: str, value: str, *, action: str | None = None) -> Locator:
        """Type `value` into the field `name` (replacing its content); return it."""
        locator = self._target(action or f"fill {name}", name)
        locator.fill(value)
        return locator

    def check(self, name: str, *, action: str | None = None) -> Locator:
        """Tick the checkbox `name`; return it."""
        locator = self._target(action or f"check {name}", name)
        locator.check()
        return locator
