"""Page objects: one class per screen of the walkthrough, usable outside pytest.

Build one from a Playwright `Page` and a `walkthrough.locators.Locators` registry. Each action
method returns the locator it acted on, and calls `before_action(name, locator)` first.
"""

from walkthrough.pages.account import AccountSpace
from walkthrough.pages.base import ActionHook, Screen
from walkthrough.pages.public import HomePage, LoginPage
from walkthrough.pages.registration import CguStep, IdentityStep, PasswordStep, RegistrationStep

__all__ = [
    "AccountSpace",
    "ActionHook",
    "CguStep",
    "HomePage",
    "IdentityStep",
    "LoginPage",
    "PasswordStep",
    "RegistrationStep",
    "Screen",
]
