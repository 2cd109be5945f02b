"""Alors, the password, the account space, the email and signing in: PWD, SYN, MAIL, LOG."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, expect
from pytest_bdd import parsers, then

from catalogue import texts as t
from steps.definitions.then_common import DifEntry, all_visible, refused
from steps.harness.settings import Settings
from walkthrough.journey import Journey
from walkthrough.mail import ConfirmationEmail, MailReader, MailTimeout
from walkthrough.people import Person
from walkthrough.perception import figure_near, visible_text
from walkthrough.screens import ScreenName
from walkthrough.verdict import RuleViolation, fail, page_state, pick_rule, verify


@then(parsers.re(r"le mot de passe est (?P<issue>accepté|refusé)$"))
def password_outcome(journey: Journey, password: str, scenario_tags: set[str], issue: str) -> None:
    rule = pick_rule(scenario_tags, "PWD-01", "PWD-05", "MAIL-03")
    if issue == "accepté":
        verify(
            rule,
            lambda: expect(journey.account.el("welcome_banner")).to_be_visible(),
            seen=lambda: f'"{password}" was refused; {page_state(journey.page)}',
            expected="it to be accepted and the account space shown",
        )
    else:
        # The rule's sentence may stand on step 3 as an instruction: only a new error counts.
        refused(
            journey,
            rule,
            screen=journey.password,
            message="password_rule",
            what=f'"{password}"',
            step=3,
            fields=["password"],
        )


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


@then(parsers.re(r"le mot de passe est (?P<state>lisible en clair|masqué)"))
def password_visibility(
    journey: Journey, password_field: str, scenario_tags: set[str], state: str
) -> None:
    rule = pick_rule(scenario_tags, "PWD-03", "LOG-03")
    screen = journey.login if password_field == "login_password" else journey.password
    field = screen.el(password_field)
    wanted = "text" if state == "lisible en clair" else "password"
    verify(
        rule,
        lambda: expect(field).to_have_attribute("type", wanted),
        seen=lambda: f'the password field is of type "{field.get_attribute("type")}"',
        expected=f'it {"shown in clear" if wanted == "text" else "hidden"} (type "{wanted}")',
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


@then("le bandeau de bienvenue annonce le compte activé")
def welcome(journey: Journey) -> None:
    all_visible(journey, "SYN-01", ["welcome_banner"], screen=journey.account)


@then("son prénom et son nom de naissance s'affichent en capitales")
def holder_name(journey: Journey, person: Person) -> None:
    if not journey.account.shows_name(person.display_name):
        raise fail(
            "SYN-02",
            f'no "{person.display_name}" as rendered on {page_state(journey.page)}: '
            f"“{visible_text(journey.page)[:160]}”",
            f'"{person.display_name}" in capitals at the top (accents may drop)',
        )


@then("la synthèse présente les heures du compte personnel à zéro")
def hours_zero(journey: Journey) -> None:
    names = ["summary_title", "hours_title", "dif_note", "no_usable_hours"]
    all_visible(journey, "SYN-03", names, screen=journey.account)
    for name in ["cpf_available", "cpf_reserved", "dif_available", "usable_hours"]:
        figure_is(journey, "SYN-03", name, "0")


def figure_is(journey: Journey, rule: str, name: str, wanted: str) -> None:
    """Check the figure a person reads beside the label `name` (they may be separate elements)."""
    label = journey.target.locators.text_of(name, ScreenName.ACCOUNT)
    figure, text = read_figure(journey, name)
    if figure != wanted:
        raise fail(rule, f'“{text or "nothing"}” was shown for "{label}"', f'"{wanted} {label}"')


def read_figure(journey: Journey, name: str) -> tuple[str | None, str]:
    """Wait for the label `name` and return the hours figure beside it, and the text read."""
    label = journey.target.locators.text_of(name, ScreenName.ACCOUNT)
    with contextlib.suppress(AssertionError):
        expect(journey.account.el(name).first).to_be_visible()
    pattern = rf"(-?\d+(?:[.,]\d+)?)\s*(?:h\w*\s*)?{_words(label)}|{_words(label)}\s*:?\s*(-?\d+)"
    figure, text = figure_near(journey.page, label, pattern=pattern)
    return figure, text


def _words(label: str) -> str:
    return r"\s+".join(re.escape(w) for w in label.split())


@then("les dossiers en cours et les dossiers clos comptent 0 dossiers")
def no_files(journey: Journey) -> None:
    for name in ["files_open", "files_closed"]:
        label = journey.target.locators.text_of(name, ScreenName.ACCOUNT)
        figure, text = figure_near(journey.page, label, pattern=r"(\d+)\s+dossiers?\b")
        if figure != "0":
            seen = f'“{text or "nothing"}” was shown for "{label}"'
            raise fail("SYN-04", seen, f'"{label}" with "0 dossiers"')


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
        spec = journey.target.locators.spec(name, ScreenName.ACCOUNT)
        verify(
            "SYN-05",
            lambda name=name: expect(journey.account.el(name).first).to_be_visible(),
            seen=lambda spec=spec: f"no visible {spec.describe()} in the account space",
            expected=f"a way to {spec.value}",
        )


@then("le pied de page mène aux conditions générales, à l'accessibilité et au contact")
def footer_links(journey: Journey) -> None:
    names = ["footer_cgu", "footer_accessibility", "footer_contact"]
    all_visible(journey, "SYN-05", names, screen=journey.account)


@then(parsers.re(r"le solde DIF est (?P<issue>enregistré|refusé)"))
def dif_outcome(journey: Journey, issue: str, dif_entry: DifEntry) -> None:
    hours, dif_before = dif_entry.hours, dif_entry.before
    if issue == "refusé":
        refused(
            journey,
            "SYN-06",
            screen=journey.account,
            message="dif_invalid",
            what=f'the DIF balance "{hours}"',
            fields=["dif_field"],
        )
    # The figures are the proof (a confirmation message is welcome, not required).
    journey.account.show_summary()
    wanted = hours if issue == "enregistré" else None
    for name in ["dif_available", "usable_hours"]:
        figure, text = read_figure(journey, name)
        expected = wanted if wanted is not None else dif_before[name]
        if figure != expected:
            label = journey.target.locators.text_of(name, ScreenName.ACCOUNT)
            change = "" if wanted else f" after a refused value (it was {dif_before[name]})"
            seen = f"“{text or 'nothing'}” was shown{change}"
            raise fail("SYN-06", seen, f'"{expected} {label}"')


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


@then("le courriel ne contient pas le mot de passe")
def email_without_password(confirmation_email: ConfirmationEmail, password: str) -> None:
    # Decoded parts: a base64 or quoted-printable body must not hide it.
    if confirmation_email.contains(password):
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
def login_refused(journey: Journey, login_typed: list[str], request: pytest.FixtureRequest) -> None:
    try:
        refused(
            journey,
            "LOG-02",
            screen=journey.login,
            message="login_refused",
            what=f"signing in as {login_typed[0]}",
            any_field=True,
        )
    except RuleViolation:
        # Still on the login form: refused, but not in the expected words; say so, never
        # "accepted".
        if not journey.login.el("login_password").first.is_visible():
            raise
        noted = _noted_page(request)
        if noted is None:
            raise fail(
                "LOG-02",
                f"signing in as {login_typed[0]} was refused in other words: "
                f"{page_state(journey.page)}",
                f"the refusal {journey.target.locators.message('login_refused').shown}",
            ) from None
        before, now = _differing(
            _without(noted, login_typed), _without(visible_text(journey.page), login_typed)
        )
        raise fail(
            "LOG-02",
            f"signing in as {login_typed[0]} was refused, but the two refusal pages differ: "
            f"after the wrong password the page said “{before}”, after the unknown NIR “{now}”",
            f"the same refusal {journey.target.locators.message('login_refused').shown} on both",
        ) from None
    expect(journey.login.el("login_password").first).to_be_visible()


def _noted_page(request: pytest.FixtureRequest) -> str | None:
    """Return what the page said after the first refusal, when the scenario noted it."""
    try:
        return str(request.getfixturevalue("noted_page"))
    except pytest.FixtureLookupError:
        return None


@then("la page dit exactement la même chose qu'après le mauvais mot de passe")
def same_refusal_page(journey: Journey, noted_page: str, login_typed: list[str]) -> None:
    now = _without(visible_text(journey.page), login_typed)
    before = _without(noted_page, login_typed)
    if now != before:
        said_before, said_now = _differing(before, now)
        raise fail(
            "LOG-02",
            f"the two refusal pages differ: after the wrong password the page said "
            f"“{said_before}”, after the unknown NIR “{said_now}”",
            "the same visible texts as after a wrong password (apart from what was typed)",
        )


def _without(text: str, typed: list[str]) -> str:
    for value in sorted(typed, key=len, reverse=True):
        text = text.replace(value, "…")
    return text


def _differing(before: str, now: str) -> tuple[str, str]:
    """Return the passages in which two pages differ, each as that page says it (…: elided)."""
    import difflib

    old, new = before.split(), now.split()
    said_before: list[str] = []
    said_now: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            said_before.append(" ".join(old[i1:i2]) or "(nothing)")
            said_now.append(" ".join(new[j1:j2]) or "(nothing)")
    return " … ".join(said_before)[:200], " … ".join(said_now)[:200]
