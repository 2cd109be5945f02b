"""The account space after registration or sign-in (SYN-*)."""

from __future__ import annotations

import re

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, expect

from walkthrough.pages.base import Screen, Submitted
from walkthrough.perception import fold
from walkthrough.screens import ScreenName

# Letters a deployment may show with or without their accent (SYN-02).
_ACCENTED = {"A": "AÀÂÄ", "C": "CÇ", "E": "EÉÈÊË", "I": "IÎÏ", "O": "OÔÖ", "U": "UÙÛÜ", "Y": "YŸ"}


class AccountSpace(Screen):
    """ "Synthèse de votre compte" and the navigation of the account space."""

    screen = ScreenName.ACCOUNT

    def holder_name(self, display_name: str) -> Locator:
        """Return the elements whose text is the holder's name in any case, accents optional.

        Whether a person sees it in capitals is read from the rendered text (`shows_name`):
        CSS `text-transform` applies there, not in the markup.
        """
        return self.page.get_by_text(_name_pattern(display_name))

    def shows_name(self, display_name: str) -> bool:
        """Wait for the holder's name; tell whether a visible one reads it in capitals."""
        names = self.holder_name(display_name)
        try:
            expect(names.first).to_be_attached()
        except AssertionError:
            return False
        wanted = fold(display_name.upper())
        for name in names.all():
            try:
                if name.is_visible() and wanted in fold(name.inner_text()):
                    return True
            except PlaywrightError:
                continue
        return False

    def open_dif(self) -> Locator | None:
        """Reach the DIF form: on the summary itself, or through its link; return the link."""
        if self.el("dif_field").first.is_visible():
            return None
        return self.click("nav_dif", action="open_dif")

    def enter_dif(self, hours: str) -> Submitted:
        """Type a DIF balance and save it; return the submit done."""
        self.fill("dif_field", hours, action="enter_dif")
        return self.submit("dif_save", action="save_dif")

    def show_summary(self) -> None:
        """Show the summary of the account (follow "Synthèse" when another page is shown)."""
        label = self.locators.text_of("dif_available", self.screen)
        if self.page.get_by_text(label).first.is_visible():
            return
        self.click("nav_summary", action="show_summary")
        expect(self.el("summary_title").first).to_be_visible()

    def log_out(self, *, holder_name: str | None = None) -> Submitted:
        """Click "Me déconnecter", opening the holder's menu first when it is folded."""
        logout = self.el("logout").first
        if not logout.is_visible():
            self._open_menu(holder_name)
            expect(logout).to_be_visible()
        return self.submit("logout", action="log_out")

    def _open_menu(self, holder_name: str | None) -> None:
        """Open the menu that holds the logout: the profile's, a collapsed button, or the name."""
        if "account.account_menu" in self.locators.specs or self._overridden("account_menu"):
            self.click("account_menu", action="open_account_menu")
            return
        collapsed = self.page.locator(
            "header [aria-expanded=false], [role=banner] [aria-expanded=false], "
            "header summary, [role=banner] summary"
        )
        for menu in collapsed.all():
            if menu.is_visible():
                menu.click()
                if self.el("logout").first.is_visible():
                    return
        if holder_name:
            self.holder_name(holder_name).first.click()

    def _overridden(self, name: str) -> bool:
        from walkthrough.locators import DEFAULTS

        return self.locators.specs[name] is not DEFAULTS[name]


def _name_pattern(display_name: str) -> re.Pattern[str]:
    parts = []
    for char in fold(display_name.upper()):
        if char == " ":
            parts.append(r"\s+")
        else:
            parts.append(
                f"[{_ACCENTED.get(char, re.escape(char))}]"
                if char in _ACCENTED
                else re.escape(char)
            )
    return re.compile("".join(parts), re.IGNORECASE)
