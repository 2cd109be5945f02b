"""Steps of features/mot_de_passe/: the password chosen at step 3 (PWD)."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Locator, expect
from pytest_bdd import parsers, then, when

from catalogue import texts as t
from steps.support.checks import refused
from walkthrough.journey import Journey
from walkthrough.people import Person
from walkthrough.verdict import verify


@when(
    parsers.parse(
        'elle choisit le mot de passe "{password}", le confirme par "{confirm}" et valide'
    ),
    target_fixture="password_confirmation",
)
def choose_password_mismatch(journey: Journey, password: str, confirm: str) -> str:
    journey.password.choose_password(password, confirmation=confirm)
    journey.record(journey.password.validate())
    return confirm


@when(parsers.parse('elle tape le mot de passe "{password}"'), target_fixture="password_field")
def type_password(journey: Journey, password: str) -> str:
    journey.password.fill("password", password, action="choose_password")
    return "password"


@then("aucun compte ne s'ouvre avec son numéro et ce mot de passe")
def no_account(new_journey: Callable[[], Journey], person: Person, password: str) -> None:
    other = new_journey()  # another browser: what a later visit finds
    other.sign_in(person.nir.full, password)
    refused(
        other,
        "PWD-01",
        screen=other.login,
        message="login_refused",
        what=f'the refused password "{password}" opened an account: signing in with it',
        any_field=True,
    )


@then("la confirmation du mot de passe est refusée")
def confirmation_refused(journey: Journey) -> None:
    refused(
        journey,
        "PWD-02",
        screen=journey.password,
        message="password_mismatch",
        what="a different confirmation",
        step=3,
        fields=["password_confirm", "password"],
    )


@then(parsers.parse("l'indicateur de force indique {strength}"))
def strength_reads(journey: Journey, strength: str) -> None:
    indicator = journey.password.el("password_strength").first
    strong = re.compile(rf"\b{t.STRENGTH_STRONG}\b")
    if strength == "un mot de passe fort":
        wanted, expected = strong, f'"{t.STRENGTH_STRONG}"'
    else:
        # "Très fort" is no weaker word: any word but one that says strong.
        wanted = re.compile(rf"^(?!.*\b{t.STRENGTH_STRONG}\b).*\w", re.IGNORECASE)
        expected = f'a weaker word than "{t.STRENGTH_STRONG}"'
    verify(
        "PWD-04",
        lambda: (
            expect(indicator).to_have_text(wanted)
            if indicator.get_attribute("aria-valuetext") is None
            else expect(indicator).to_have_attribute("aria-valuetext", wanted)
        ),
        seen=lambda: f'the indicator reads "{_strength_text(indicator)}"',
        expected=expected,
    )


def _strength_text(indicator: Locator) -> str:
    """Return what a screen reader says of the indicator (a meter's aria-valuetext first)."""
    said = indicator.get_attribute("aria-valuetext")
    return said if said is not None else " ".join(indicator.inner_text().split())
