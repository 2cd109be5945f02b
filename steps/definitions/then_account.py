"""Alors, the password, the account space, the email and signing in: PWD, SYN, MAIL, LOG."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect
from pytest_bdd import parsers, then

from catalogue import texts as t
from steps.definitions.then_common import all_visible
from steps.harness.settings import Settings
from walkthrough.journey import Journey
from walkthrough.mail import ConfirmationEmail, MailReader, MailTimeout
from walkthrough.people import Person
from walkthrough.verdict import fail, page_state, pick_rule, verify


@then(parsers.re(r"le mot de passe est (?P<issue>accepté|refusé)$"))
def password_outcome(journey: Journey, password: str, scenario_tags: set[str], issue: str) -> None:
    rule = pick_rule(scenario_tags, "PWD-01", "PWD-05", "MAIL-03")
    rule_text = journey.target.locators.text_of("password_rule")
    if issue == "accepté":
        verify(
            rule,
            lambda: expect(journey.account.el("welcome_banner")).to_be_visible(),
            seen=lambda: f'"{password}" was refused; {page_state(journey.page)}',
            expected="it to be accepted and the account space shown",
        )
    else:
        field = journey.password.el("password")
        verify(
            rule,
            lambda: expect(field).to_have_accessible_description(re.compile(re.escape(rule_text))),
            seen=lambda: f'"{password}" was accepted; {page_state(journey.page)}',
            expected=f'the refusal message "{rule_text}"',
        )


@then("la confirmation du mot de passe est refusée")
def confirmation_refused(journey: Journey) -> None:
    all_visible(journey, "PWD-02", ["password_mismatch"])


@then(parsers.re(r"le mot de passe est (?P<state>lisible en clair|masqué)"))
def password_visibility(
    journey: Journey, password_field: str, scenario_tags: set[str], state: str
) -> None:
    rule = pick_rule(scenario_tags, "PWD-03", "LOG-03")
    field = journey.password.el(password_field)
    wanted = "text" if state == "lisible en clair" else "password"
    verify(
        rule,
        lambda: expect(field).to_have_attribute("type", wanted),
        seen=lambda: f'the password field is of type "{field.get_attribute("type")}"',
        expected=f'it {"shown in clear" if wanted == "text" else "hidden"} (type "{wanted}")',
    )


@then(parsers.parse("l'indicateur de force indique {strength}"))
def strength_reads(journey: Journey, strength: str) -> None:
    indicator = journey.password.el("password_strength")
    if strength == "un mot de passe fort":
        verify(
            "PWD-04",
            lambda: expect(indicator).to_have_text(re.compile(rf"\b{t.STRENGTH_STRONG}\b")),
            seen=lambda: f'the indicator reads "{indicator.inner_text()}"',
            expected=f'"{t.STRENGTH_STRONG}"',
        )
    else:
        verify(
            "PWD-04",
            lambda: expect(indicator).to_have_text(
                re.compile(rf"^(?!.*\b{t.STRENGTH_STRONG}\b).*\w")
            ),
            seen=lambda: f'the indicator reads "{indicator.inner_text()}"',
            expected=f'a weaker word than "{t.STRENGTH_STRONG}"',
        )


@then("le bandeau de bienvenue annonce le compte activé")
def welcome(journey: Journey) -> None:
    all_visible(journey, "SYN-01", ["welcome_banner"])


@then("son prénom et son nom de naissance s'affichent en capitales")
def holder_name(journey: Journey, person: Person) -> None:
    name = journey.account.holder_name(person.display_name)
    verify(
        "SYN-02",
        lambda: expect(name).to_be_visible(),
        seen=lambda: f'no "{person.display_name}" on {page_state(journey.page)}',
        expected=f'"{person.display_name}" at the top',
    )


@then("la synthèse présente les heures du compte personnel à zéro")
def hours_zero(journey: Journey) -> None:
    all_visible(journey, "SYN-03", ["summary_title", "hours_title", "dif_note", "no_usable_hours"])
    for name in ["cpf_available", "cpf_reserved", "dif_available", "usable_hours"]:
        label = journey.target.locators.text_of(name)
        locator = journey.account.el(name).first

        def shows_zero(locator: Locator = locator, label: str = label) -> None:
            expect(locator).to_contain_text(re.compile(rf"\b0\s+{re.escape(label)}"))

        verify(
            "SYN-03",
            shows_zero,
            seen=lambda locator=locator: f'"{" ".join(locator.inner_text().split())}" was shown',
            expected=f'"0 {label}"',
        )


@then("les dossiers en cours et les dossiers clos comptent 0 dossiers")
def no_files(journey: Journey) -> None:
    for name in ["files_open", "files_closed"]:
        label = journey.target.locators.text_of(name)
        region = journey.page.get_by_role("region", name=label)

        def no_file(region: Locator = region) -> None:
            expect(region).to_contain_text("0 dossiers")

        verify(
            "SYN-04",
            no_file,
            seen=lambda region=region, label=label: (
                f'"{label}" shows "{" ".join(region.inner_text().split())}"'
            ),
            expected=f'"{label}" with "0 dossiers"',
        )


@then(
    "l'espace mène aux informations personnelles, aux heures DIF, à la recherche de formation, "
    "aux dossiers et aux délégations"
)
def space_links(journey: Journey) -> None:
    for name in [
        "nav_personal_info",
        "nav_dif",
        "nav_training_search",
        "nav_training_files",
        "nav_delegations",
    ]:
        spec = journey.target.locators.specs[name]
        verify(
            "SYN-05",
            lambda name=name: expect(journey.account.el(name).first).to_be_attached(),
            seen=lambda spec=spec: f"no {spec.describe()} in the account space",
            expected=f"a way to {spec.value}",
        )


@then("le pied de page mène aux conditions générales, à l'accessibilité et au contact")
def footer_links(journey: Journey) -> None:
    all_visible(journey, "SYN-05", ["footer_cgu", "footer_accessibility", "footer_contact"])


@then(parsers.re(r"le solde DIF est (?P<issue>enregistré|refusé)"))
def dif_outcome(journey: Journey, issue: str) -> None:
    name = "dif_saved" if issue == "enregistré" else "dif_invalid"
    all_visible(journey, "SYN-06", [name])


@then(
    parsers.re(r"(?:il|elle) reçoit un seul courriel à l'adresse donnée"),
    target_fixture="confirmation_email",
)
def one_email(
    mail_reader: MailReader, person: Person, scenario_tags: set[str], settings: Settings
) -> ConfirmationEmail:
    rule = pick_rule(scenario_tags, "MAIL-01", "MAIL-03")
    try:
        first = mail_reader.wait_for(person.email)
    except MailTimeout as exc:
        raise fail(rule, str(exc), f"one email at {person.email}") from None
    # A second copy may leave the outbox just after the first: give it a quiet period
    # (--mail-quiet, 3 s by default).
    count = len(mail_reader.wait_for_count(person.email, count=2, timeout=settings.mail_quiet_s))
    if count != 1:
        raise fail("MAIL-03", f"{count} emails were sent to {person.email}", "exactly one")
    return first


@then("le courriel contient la bienvenue, l'activation, la mise en garde et la signature")
def email_content(confirmation_email: ConfirmationEmail) -> None:
    body = " ".join(confirmation_email.text.split())
    for expected in [
        t.MAIL_GREETING,
        t.MAIL_WELCOME,
        t.MAIL_NO_REPLY,
        t.MAIL_REGARDS,
        *t.MAIL_SIGNATURE,
    ]:
        if expected not in body:
            raise fail("MAIL-01", f"the email lacks “{expected}”", "every sentence of the seed")
    if not confirmation_email.link(t.MAIL_LINK_TEXT):
        raise fail("MAIL-01", f"no link on “{t.MAIL_LINK_TEXT}”", "a link to the login page")


@then("le courriel ne contient pas le mot de passe")
def email_without_password(confirmation_email: ConfirmationEmail, password: str) -> None:
    if password in confirmation_email.raw.decode("utf-8", "replace"):
        raise fail("MAIL-03", "the email contains the password", "never the password")


@then(parsers.re(r"(?:il|elle) arrive dans son espace personnel"))
def signed_in(journey: Journey, person: Person) -> None:
    name = journey.account.holder_name(person.display_name)
    verify(
        "LOG-01",
        lambda: expect(name).to_be_visible(),
        seen=lambda: f"sign-in with {person.nir.full} led to {page_state(journey.page)}",
        expected=f'the account space of "{person.display_name}"',
    )


@then("la connexion est refusée avec le message unique d'échec")
def login_refused(journey: Journey) -> None:
    all_visible(journey, "LOG-02", ["login_refused"])
