"""The public home page and the login page (NAV-01, NAV-02, LOG-*)."""

from __future__ import annotations

from playwright.sync_api import Locator

from walkthrough.pages.base import Screen, Submitted
from walkthrough.screens import ScreenName


class HomePage(Screen):
    """The public home page of the portal."""

    screen = ScreenName.HOME

    def open(self, base_url: str) -> HomePage:
        """Open the home page of the deployment."""
        self.page.goto(base_url)
        return self

    def go_to_login(self) -> Locator:
        """Follow "Mon compte formation" to the login page; return the control clicked."""
        return self.click("home_access", action="go_to_login")


class LoginPage(Screen):
    """ "Accès à mon espace sécurisé": sign in, or start registering."""

    screen = ScreenName.LOGIN
    marker = "login_password"

    def start_registration(self) -> Locator:
        """Click "Je m'inscris"; return it."""
        return self.click("register", action="start_registration")

    def fill_credentials(self, *, nir: str, password: str) -> list[Locator]:
        """Type the NIR with its key and the password; return both fields."""
        return [
            self.fill("login_nir", nir, action="fill_login_nir"),
            self.fill("login_password", password, action="fill_login_password"),
        ]

    def sign_in(self, *, nir: str, password: str) -> Submitted:
        """Type the credentials and click "Je m'identifie"; return the submit done."""
        self.fill_credentials(nir=nir, password=password)
        return self.submit("login_submit", action="sign_in")

    def toggle_show_password(self) -> Locator:
        """Click "Afficher le mot de passe"; return it."""
        return self.click("show_password", action="toggle_show_password")
