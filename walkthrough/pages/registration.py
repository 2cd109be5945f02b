"""The three registration steps and their progress bar (NAV-03, CGU-*, FORM-*, CAP-*, PWD-*)."""

from __future__ import annotations

import re

from playwright.sync_api import Locator

from walkthrough.captcha import CaptchaStrategy
from walkthrough.pages.base import Screen, Submitted
from walkthrough.people import Person
from walkthrough.screens import ScreenName

# The fields of step 2 in the order a person fills them: (locator name, Person attribute).
IDENTITY_FIELDS = (
    ("nir", "nir_number"),
    ("cle", "nir_cle"),
    ("first_name", "first_name"),
    ("birth_name", "birth_name"),
    ("landline", "landline"),
    ("mobile", "mobile"),
    ("email", "email"),
    ("email_confirm", "email"),
)


def field_value(person: Person, attribute: str) -> str:
    """Return what a person types into a step-2 field."""
    if attribute == "nir_number":
        return person.nir.number
    if attribute == "nir_cle":
        return person.nir.cle
    return str(getattr(person, attribute))


class RegistrationStep(Screen):
    """What every registration step shows: the progress bar."""

    def current_step(self) -> Locator:
        """Return the element of the progress bar marked as the current step."""
        return self.el("progress_current")


class ContinuingStep(RegistrationStep):
    """A step that goes on with "Continuer" (steps 1 and 2; step 3 ends with "Valider")."""

    def go_on(self, *, perceive: bool = True) -> Submitted:
        """Click "Continuer"; return the submit done (see `Screen.submit` for `perceive`)."""
        return self.submit("continue", action="go_on", perceive=perceive)


class CguStep(ContinuingStep):
    """Step 1: accept the terms of use."""

    screen = ScreenName.STEP_1

    def cgu_link(self) -> Locator:
        """Return the link to the CGU document in the step's own content.

        The site footer's link, shown on every page, does not count: it is searched inside the
        main landmark when the page has one.
        """
        main = self.page.get_by_role("main")
        return self.locators(main if main.count() == 1 else self.page, "cgu_link")

    def accept_cgu(self) -> Locator:
        """Tick the CGU declaration; return the checkbox."""
        return self.check("cgu_checkbox", action="accept_cgu")


class IdentityStep(ContinuingStep):
    """Step 2: identity, contact and the security check."""

    screen = ScreenName.STEP_2

    def fill_identity(
        self, person: Person, *, email_confirmation: str | None = None
    ) -> list[Locator]:
        """Type the person's identity and contact into the form; return the fields filled."""
        filled = []
        for name, attribute in IDENTITY_FIELDS:
            value = field_value(person, attribute)
            if name == "email_confirm" and email_confirmation is not None:
                value = email_confirmation
            filled.append(self.fill(name, value, action=f"fill_{name}"))
        return filled

    def declare_apprenticeship(self) -> Locator:
        """Tick "J'ai signé un contrat d'apprentissage"; return the checkbox."""
        return self.check("apprenticeship", action="declare_apprenticeship")

    def declaration_dialog(self) -> Locator | None:
        """Return the open dialog that asks for the apprenticeship declaration, if one does."""
        dialogs = self.page.get_by_role("dialog").or_(self.page.get_by_role("alertdialog"))
        for dialog in dialogs.all():
            inside = self.locators(dialog, "apprenticeship", screen=self.screen)
            if dialog.is_visible() and inside.count():
                return dialog
        return None

    def go_on_from(self, dialog: Locator, *, perceive: bool = True) -> Submitted:
        """Go on from a dialog: its own "Continuer", else its button that does not close it."""
        control = self.locators(dialog, "continue", screen=self.screen).filter(visible=True)
        if control.count():
            return self.submit("continue", action="go_on", within=dialog, perceive=perceive)
        buttons = dialog.get_by_role("button").filter(visible=True)
        buttons = buttons.filter(has_not_text=re.compile(r"fermer|annuler|close", re.IGNORECASE))
        if not buttons.count():
            return self.go_on(perceive=perceive)
        self.last_target = buttons.first
        self.before_action("go_on", buttons.first)
        return self.press(buttons.first, perceive=perceive)

    def answer_captcha(self, strategy: CaptchaStrategy, *, transform: str = "") -> Locator:
        """Type the captcha answer the strategy gives ("swapcase" types it in the other case)."""
        field = self.el("captcha_input")
        answer = strategy.answer(self.page, field)
        if transform == "swapcase":
            answer = answer.swapcase()
        return self.type_captcha(answer)

    def type_captcha(self, answer: str) -> Locator:
        """Type a given answer into the security check; return the field."""
        return self.fill("captcha_input", answer, action="answer_captcha")

    def renew_captcha(self) -> Locator:
        """Click "cliquez ici pour renouveler les caractères"; return it."""
        return self.click("captcha_renew", action="renew_captcha")


class PasswordStep(RegistrationStep):
    """Step 3: choose the password."""

    screen = ScreenName.STEP_3

    def choose_password(self, password: str, *, confirmation: str | None = None) -> list[Locator]:
        """Type the password and its confirmation; return both fields."""
        return [
            self.fill("password", password, action="choose_password"),
            self.fill(
                "password_confirm",
                password if confirmation is None else confirmation,
                action="confirm_password",
            ),
        ]

    def toggle_show_password(self) -> Locator:
        """Click "Afficher le mot de passe"; return it."""
        return self.click("show_password", action="toggle_show_password")

    def validate(self, *, perceive: bool = True) -> Submitted:
        """Click "Valider"; return the submit done (see `Screen.submit` for `perceive`)."""
        return self.submit("validate", action="validate", perceive=perceive)
