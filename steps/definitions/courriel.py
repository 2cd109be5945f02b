"""Steps of features/courriel/: the confirmation email; one account for a double click (MAIL)."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import expect
from pytest_bdd import parsers, then, when

from catalogue import texts as t
from steps.support.traffic import double_click
from walkthrough.journey import Journey
from walkthrough.mail import ConfirmationEmail
from walkthrough.people import Person
from walkthrough.verdict import fail, page_state, pick_rule, verify

USABLE = r"\butilis|\bservir\b|\bacc[ée]d|\bdisponible|\bpr[êe]t\b|\bouvert\b|\bprofiter\b"
# What MAIL-01's activation sentence says: (in words, as a pattern over the shown text). That
# the account can be used is said in many ways: "l'utiliser", "vous en servir", "y accéder"...
ACTIVATION = [
    ("that the account is activated", r"\bactiv[ée]e?s?\b"),
    ("that it can be used", USABLE),
    (f"“{t.MAIL_LINK_TEXT}”", re.escape(t.MAIL_LINK_TEXT)),
    ("to sign in with the social security number", r"num[ée]ro de s[ée]curit[ée] sociale"),
    ("and the password", r"mot de passe"),
]


@when(
    parsers.parse('elle choisit le mot de passe "{password}" et double-clique sur « Valider »'),
    target_fixture="password",
)
def double_click_validate(journey: Journey, password: str) -> str:
    journey.password.choose_password(password)
    double_click(journey, journey.password.el("validate")).settle()
    return password


@when("elle remplit le formulaire d'identité et double-clique sur « Continuer »")
def double_click_continue(journey: Journey, person: Person) -> None:
    journey.identity.fill_identity(person)
    journey.identity.answer_captcha(journey.target.captcha)
    # Both copies answered, and whatever the page asked for after them: the screen has settled.
    double_click(journey, journey.identity.el("continue")).settle()


@when(
    parsers.parse('elle termine son inscription avec le mot de passe "{password}"'),
    target_fixture="password",
)
def finish_registration(journey: Journey, person: Person, password: str) -> str:
    """Go on from the screen the double click left: step 2 again (answered anew) or step 3."""
    password_field = journey.password.el("password").first
    expect(password_field.or_(journey.identity.el("nir").first)).to_be_visible()
    if not password_field.is_visible():
        # The second copy may have spent the answer: she answers the new characters and goes on.
        journey.submit_identity(person)
    verify(
        "MAIL-03",
        lambda: expect(password_field).to_be_visible(),
        seen=lambda: f"after a double click on step 2, {page_state(journey.page)}",
        expected="step 3 once step 2 is sent again with a new answer",
    )
    journey.password.choose_password(password)
    journey.password.validate()
    return password


@then("le courriel contient la bienvenue, l'activation, la mise en garde et la signature")
def email_content(confirmation_email: ConfirmationEmail) -> None:
    # Plain text, HTML or both: what a mail client shows counts, after decoding (MAIL-01).
    for expected in [
        t.MAIL_GREETING,
        t.MAIL_WELCOME,
        t.MAIL_NO_REPLY,
        t.MAIL_REGARDS,
        *t.MAIL_SIGNATURE,
    ]:
        if not confirmation_email.says(expected):
            raise fail("MAIL-01", f"the email lacks “{expected}”", "every sentence of the seed")
    shown = " ".join(confirmation_email.shown())
    # The activation sentence's wording is free; what it must say is not.
    for what, pattern in ACTIVATION:
        if not re.search(pattern, shown, re.IGNORECASE):
            said = f"the email does not say {what}: it says “{shown[:400]}”"
            raise fail("MAIL-01", said, "the activation sentence")
    if not confirmation_email.link(t.MAIL_LINK_TEXT):
        raise fail(
            "MAIL-01",
            f"no link on or address beside “{t.MAIL_LINK_TEXT}”",
            "a way to the login page",
        )


@then("le courriel ne contient pas le mot de passe")
def email_without_password(confirmation_email: ConfirmationEmail, password: str) -> None:
    # Decoded parts: a base64 or quoted-printable body must not hide it.
    if confirmation_email.contains(password):
        raise fail("MAIL-03", "the email contains the password", "never the password")


@then("son compte s'ouvre avec son numéro et ce mot de passe dans un autre navigateur")
def account_opens_elsewhere(
    new_journey: Callable[[], Journey], person: Person, password: str, scenario_tags: set[str]
) -> None:
    """Sign in from another browser: one account for her NIR, open to her password."""
    rule = pick_rule(scenario_tags, "FORM-07", "LOG-01")
    other = new_journey()
    other.sign_in(person.nir.full, password)
    verify(
        rule,
        lambda: expect(other.account.holder_name(person.display_name)).to_be_visible(),
        seen=lambda: (
            f"after a double click, signing in with {person.nir.full} and her password"
            f" showed {page_state(other.page)}"
        ),
        expected=f'the account space of "{person.display_name}", open to the password she chose',
    )
