"""The account space after registration or sign-in (SYN-*)."""

from __future__ import annotations

from playwright.sync_api import Locator

from walkthrough.pages.base import Screen


class AccountSpace(Screen):
    """ "Synthèse de votre compte" and the navigation of the account space."""

    def holder_name(self, display_name: str) -> Locator:
        """Return the holder's name as shown at the top (first and birth name in capitals)."""
        return self.page.get_by_text(display_name, exact=True)

    def open_dif(self) -> Locator:
        """Follow the link to the DIF hours; return it."""
        return self.click("nav_dif", action="open_dif")

    def enter_dif(self, hours: str) -> Locator:
        """Type a DIF balance and save it; return the save button."""
        self.fill("dif_field", hours, action="enter_dif")
        return self.submit("dif_save", action="save_dif")

    def log_out(self, *, holder_name: str | None = None) -> Locator:
        """Click "Me déconnecter" (opening the holder's menu first if it is folded); return it."""
        if holder_name and not self.el("logout").is_visible():
            self.holder_name(holder_name).click()
        return self.submit("logout", action="log_out")
