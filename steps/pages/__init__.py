"""Page objects: one class per screen of the walkthrough, usable outside pytest.

Build one from a Playwright `Page` and a `steps.locators.Locators` registry. Each action method
returns the locator it acted on, and calls `before_action(name, locator)` first.
"""

from steps.pages.account import AccountSpace
from steps.pages.base import ActionHook, Screen
from steps.pages.public import HomePage, LoginPage
from steps.pages.registration import CguStep, IdentityStep, PasswordStep, RegistrationStep

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
