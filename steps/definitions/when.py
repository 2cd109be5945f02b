"""Quand: what the person does."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from pytest_bdd import parsers, when

from steps.definitions.then_common import DifEntry
from walkthrough.captcha import CaptchaSeen, seen_captcha
from walkthrough.journey import Journey
from walkthrough.mail import ConfirmationEmail
from walkthrough.people import NirFault, Person, invalid_nir, make_person
from walkthrough.perception import visible_text
from walkthrough.verdict import fail

# A wrong answer to any captcha: letters and digits that look alike.
WRONG_CAPTCHA_ANSWER = "0O0O0O"


@when("elle choisit l'accès à son compte formation")
def choose_account_access(journey: Journey) -> None:
    journey.home.go_to_login()


@when("elle demande à s'inscrire")
def ask_to_register(journey: Journey) -> None:
    journey.login.start_registration()


@when("elle continue sans accepter les conditions générales")
def go_on_without_cgu(journey: Journey) -> None:
    journey.record(journey.cgu.go_on())


@when("elle accepte les conditions générales et continue")
def accept_cgu(journey: Journey) -> None:
    journey.cgu.accept_cgu()
    journey.record(journey.cgu.go_on())


@when("elle remplit le formulaire d'identité et continue")
def submit_identity(journey: Journey, person: Person, apprenticeship: bool) -> None:
    journey.submit_identity(person, apprenticeship=apprenticeship)


@when("elle remplit le formulaire d'identité sans prénom et continue")
def submit_without_first_name(journey: Journey, person: Person) -> None:
    journey.submit_identity(person.with_changes(first_name=""))


@when(
    "elle remplit le formulaire d'identité sans nom de naissance et continue",
    target_fixture="typed",
)
def submit_without_birth_name(journey: Journey, person: Person) -> Person:
    typed = person.with_changes(birth_name="")
    journey.submit_identity(typed)
    return typed


@when(
    parsers.parse('elle remplit le formulaire d\'identité avec le courriel "{email}" et continue'),
    target_fixture="typed",
)
def submit_with_email(journey: Journey, person: Person, email: str) -> Person:
    typed = person.with_changes(email=email)
    journey.submit_identity(typed)
    return typed


@when(
    "elle remplit le formulaire d'identité avec une confirmation de courriel différente "
    "et continue",
    target_fixture="email_confirmation",
)
def submit_with_other_confirmation(journey: Journey, person: Person) -> str:
    confirmation = "autre." + person.email
    journey.submit_identity(person, email_confirmation=confirmation)
    return confirmation


@when(
    "elle remplit le formulaire d'identité avec plusieurs erreurs et continue",
    target_fixture="typed",
)
def submit_with_several_errors(journey: Journey, person: Person) -> Person:
    typed = person.with_changes(
        nir=invalid_nir(NirFault.CLE), birth_name="", landline="08 00 00 00 00"
    )
    journey.submit_identity(typed, email_confirmation="autre." + person.email)
    return typed


@when(
    parsers.re(
        r"elle remplit le formulaire d'identité avec le téléphone (?P<kind>fixe|portable) "
        r'"(?P<number>.*)" et continue'
    ),
    target_fixture="typed",
)
def submit_with_phone(journey: Journey, person: Person, kind: str, number: str) -> Person:
    field = "landline" if kind == "fixe" else "mobile"
    typed = person.with_changes(**{field: number})
    journey.submit_identity(typed)
    return typed


@when("elle remplit le formulaire d'identité en tapant le contrôle dans l'autre casse et continue")
def submit_swapped_case(journey: Journey, person: Person) -> None:
    journey.submit_identity(person, swapcase=True)


@when(
    "elle remplit le formulaire d'identité avec un contrôle de sécurité faux et continue",
    target_fixture="captcha_before",
)
def submit_wrong_captcha(journey: Journey, person: Person) -> CaptchaSeen:
    before = seen_captcha(journey)
    journey.submit_identity(person, captcha_answer=WRONG_CAPTCHA_ANSWER)
    return before


@when("elle remplit le formulaire d'identité avec un numéro invalide et continue")
def submit_invalid_nir(journey: Journey, person: Person) -> None:
    journey.submit_identity(person.with_changes(nir=invalid_nir(NirFault.CLE)))


@when("elle retape la réponse notée et continue")
def retype_noted(journey: Journey, person: Person, noted_answer: str) -> None:
    journey.submit_identity(person, captcha_answer=noted_answer)


@when("elle demande de nouveaux caractères", target_fixture="captcha_before")
def renew_captcha(journey: Journey) -> CaptchaSeen:
    before = seen_captcha(journey)
    journey.identity.renew_captcha()
    return before


@when("elle remplit le formulaire d'identité, retape la réponse notée et continue")
def submit_with_noted(journey: Journey, person: Person, noted_answer: str) -> None:
    journey.submit_identity(person, captcha_answer=noted_answer)


@when(parsers.parse('elle s\'inscrit avec le mot de passe "{password}"'), target_fixture="password")
def register_with(journey: Journey, person: Person, password: str) -> str:
    journey.reach_step(3, person)
    journey.password.choose_password(password)
    journey.record(journey.password.validate())
    return password


@when(
    parsers.parse('elle choisit le mot de passe "{password}" et valide'), target_fixture="password"
)
def choose_password(journey: Journey, password: str) -> str:
    journey.password.choose_password(password)
    journey.record(journey.password.validate())
    return password


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


@when("il tape son mot de passe sur la page de connexion", target_fixture="password_field")
def type_login_password(journey: Journey, password: str) -> str:
    journey.open_login()
    journey.login.fill("login_password", password, action="fill_login_password")
    return "login_password"


@when(parsers.re(r"(?:il|elle) demande à afficher le mot de passe"))
def toggle_show_password(journey: Journey, password_field: str) -> None:
    # The login page's control may differ from step 3's (a profile scopes it per screen).
    screen = journey.login if password_field == "login_password" else journey.password
    screen.toggle_show_password()


@when(parsers.parse('il saisit un solde d\'heures DIF de "{hours}"'), target_fixture="dif_entry")
def enter_dif(journey: Journey, hours: str) -> DifEntry:
    from steps.definitions.then_account import read_figure

    before = {name: read_figure(journey, name)[0] for name in ("dif_available", "usable_hours")}
    journey.account.open_dif()
    journey.record(journey.account.enter_dif(hours))
    return DifEntry(hours=hours, before=before)


@when(parsers.re(r"(?:il|elle) suit le lien du courriel"))
def follow_mail_link(journey: Journey, confirmation_email: ConfirmationEmail) -> None:
    from urllib.parse import urlsplit

    from catalogue import texts

    href = confirmation_email.link(texts.MAIL_LINK_TEXT)
    if not href:
        raise fail("MAIL-02", f"the email has no link on “{texts.MAIL_LINK_TEXT}”", "one")
    if not href.lower().startswith(("http://", "https://")):
        href = "http://" + href
    link, own = urlsplit(href), urlsplit(journey.target.base_url)
    # The same deployment: same scheme, host and port as the one under test.
    if (link.scheme, link.hostname, link.port or _port(link.scheme)) != (
        own.scheme,
        own.hostname,
        own.port or _port(own.scheme),
    ):
        raise fail(
            "MAIL-02",
            f"“{texts.MAIL_LINK_TEXT}” leads to {link.scheme}://{link.netloc}",
            f"the deployment under test, {own.scheme}://{own.netloc}",
        )
    journey.page.goto(href)


def _port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


@when(parsers.parse("il s'identifie avec son numéro écrit {how} et son mot de passe"))
def sign_in_written(journey: Journey, person: Person, password: str, how: str) -> None:
    nir = person.nir.spaced() if how == "avec espaces" else person.nir.full
    journey.open_login()
    journey.record(journey.login.sign_in(nir=nir, password=password))


@when("elle s'identifie avec son numéro et son mot de passe")
def sign_in_plain(journey: Journey, person: Person, password: str) -> None:
    journey.record(journey.login.sign_in(nir=person.nir.full, password=password))


@when(
    parsers.re(r"il s'identifie avec (?P<case>un mauvais mot de passe|un numéro sans compte)$"),
    target_fixture="login_typed",
)
def sign_in_wrong(
    journey: Journey, person: Person, password: str, case: str, request: pytest.FixtureRequest
) -> list[str]:
    typed = _typed_so_far(request)
    journey.open_login()
    if case == "un mauvais mot de passe":
        nir, secret = person.nir, password + "9"
    else:
        nir, secret = make_person().nir, password
    journey.record(journey.login.sign_in(nir=nir.full, password=secret))
    # What was typed, as a page might echo it (LOG-02 compares the pages apart from it).
    return [nir.full, nir.spaced(), nir.number, nir.cle, secret, *typed]


def _typed_so_far(request: pytest.FixtureRequest) -> list[str]:
    try:
        return list(request.getfixturevalue("login_typed"))
    except pytest.FixtureLookupError:
        return []


@when("il note ce que dit la page", target_fixture="noted_page")
def note_page(journey: Journey) -> str:
    return visible_text(journey.page)


@when("elle se déconnecte")
def log_out(journey: Journey, person: Person) -> None:
    journey.record(journey.account.log_out(holder_name=person.display_name))


@when(parsers.parse("elle ouvre directement l'étape {step:d}"))
def open_step_directly(journey: Journey, step_urls: dict[int, str], step: int) -> None:
    # A page load of its own: from the step she stands on, an address that differs only after
    # "#" loads nothing, and the step still on screen would pass for the way back (NAV-04).
    journey.page.goto("about:blank")
    journey.page.goto(step_urls[step])
    expect(journey.cgu.current_step()).to_be_attached()
