"""What every screen object shares: the page, the locator registry and an action hook."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import ClassVar, NamedTuple

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from walkthrough.locators import Locators
from walkthrough.perception import Reader, Snapshot, read_screen, wait_for_result
from walkthrough.screens import ScreenName
from walkthrough.verdict import page_state

# How long a submit waits for the form to show its result before the checks look themselves.
SUBMIT_TIMEOUT_MS = 10_000

# Called with (action name, locator) just before a screen acts: the tutorial draws its box here.
ActionHook = Callable[[str, Locator], None]


class Submitted(NamedTuple):
    """A submit done: the control clicked, and what the screen announced just before."""

    control: Locator
    before: Snapshot


class ActionImpossible(AssertionError):
    """A person could not do an action: the element it needs is not there to act on."""


def _no_hook(_name: str, _locator: Locator) -> None:
    return None


@dataclass
class Screen:
    """One screen of the walkthrough, driven through named locators."""

    page: Page
    locators: Locators = field(default_factory=Locators)
    before_action: ActionHook = _no_hook
    last_target: Locator | None = field(default=None, init=False)
    # How the page's accessibility tree is read (a journey's screens share one).
    reader: Reader = field(init=False)
    # The screen a profile may scope a locator to (`[locators.step_2]`).
    screen: ClassVar[ScreenName | None] = None
    # An element that shows this screen is still the one shown (a refusal keeps it).
    marker: ClassVar[str | None] = None

    def __post_init__(self) -> None:
        self.reader = Reader(self.page)

    def el(self, name: str) -> Locator:
        """Return the locator registered as `name` on this screen."""
        return self.locators(self.page, name, screen=self.screen)

    def _target(self, action: str, name: str, *, first_visible: bool = False) -> Locator:
        locator = self.el(name)
        if first_visible:
            # A person clicks the first link or button she sees of that name; a page may show
            # the same control twice (a menu and the page body), or keep a copy hidden.
            locator = locator.filter(visible=True).first
        self.last_target = locator
        self.before_action(action, locator)
        return locator

    @contextmanager
    def _acting_on(self, name: str) -> Iterator[None]:
        """Turn Playwright's timeout on an absent element into what a person would say."""
        try:
            yield
        except PlaywrightTimeout:
            wanted = self.locators.spec(name, self.screen).describe()
            raise ActionImpossible(f"no {wanted} to act on; {page_state(self.page)}") from None

    def click(self, name: str, *, action: str | None = None) -> Locator:
        """Click the first visible element `name`; return it."""
        locator = self._target(action or f"click {name}", name, first_visible=True)
        with self._acting_on(name):
            locator.click()
        return locator

    def submit(
        self,
        name: str,
        *,
        action: str | None = None,
        within: Locator | None = None,
        perceive: bool = True,
    ) -> Submitted:
        """Click the first visible button `name` that sends a form, and wait for its result.

        A page load, a changed address (a hash route) or the form's own change (client-side
        validation, a dialog), whichever comes first. Return what the screen announced before,
        so that a refusal is judged as an error that appeared, never a standing text.
        `within`: look for the button inside that element (a dialog). `perceive=False` reads
        only what the wait needs, for a submit whose refusal nobody judges (a precondition).
        """
        if within is None:
            locator = self._target(action or f"submit {name}", name, first_visible=True)
        else:
            locator = self.locators(within, name, screen=self.screen).filter(visible=True).first
            self.last_target = locator
            self.before_action(action or f"submit {name}", locator)
        with self._acting_on(name):
            return self.press(locator, perceive=perceive)

    def press(self, locator: Locator, *, perceive: bool = True) -> Submitted:
        """Click `locator`, a control that sends a form, and wait for its result (see submit)."""
        before = read_screen(self.reader, state=True, tree=perceive)
        locator.click()
        wait_for_result(self.page, before, timeout_ms=SUBMIT_TIMEOUT_MS)
        return Submitted(locator, before)

    def fill(self, name: str, value: str, *, action: str | None = None) -> Locator:
        """Type `value` into the field `name` (replacing its content); return it."""
        locator = self._target(action or f"fill {name}", name)
        with self._acting_on(name):
            locator.fill(value)
        return locator

    def check(self, name: str, *, action: str | None = None) -> Locator:
        """Tick the checkbox `name`; return it."""
        locator = self._target(action or f"check {name}", name)
        with self._acting_on(name):
            locator.check()
        return locator
