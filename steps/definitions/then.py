"""Alors: what a person must see. Each failure names the rule, what was seen and expected."""

from __future__ import annotations

import contextlib
import re

from playwright.sync_api import expect
from pytest_bdd import parsers, then

from catalogue import texts as t
from steps.data import Person
from steps.journey import Journey
from steps.mail import ConfirmationEmail, MailReader, MailTimeout
from steps.verdict import fail, page_state, pick_rule, verify

# Fields of step 2 as the features name them: (locator of the field, locator of the message).
FIELDS = {
    "du nom de naissance": "birth_name",
    "du courriel": "email",
    "de confirmation du courriel": "email_confirm",
    "du numéro de sécurité sociale": "nir",
}
MESSAGES = {
    "du nom de naissance obligatoire": "birth_name_required",
    "du courriel invalide": "email_invalid",
    "de confirmation différente": "email_mismatch",
    "du numéro invalide": "nir_invalid",
}
FIELD_RULES = {
    "birth_name": "FORM-03",
    "email": "FORM-04",
    "email_confirm": "FORM-04",
    "nir": "FORM-02",
}


def _step_is(journey: Journey, step: int, rule: str, expected: str) -> None:
    label = journey.target.locators.text_of(f"progress_step_{step}")
    verify(
        rule,
        lambda: expect(journey.cgu.current_step()).to_contain_text(label),
        seen=lambda: page_state(journey.page),
        expected=expected or f'step {step} "{label}" announced as the current step',
    )


@then(parsers.parse("son inscription est {issue}"))
def registration_outcome(
    journey: Journey, person: Person, scenario_tags: set[str], issue: str
) -> None:
    age = person_age(person)
    if issue == "acceptée":
        rule = pick_rule(
            scenario_tags,
            "ELIG-02" if age == 15 else "ELIG-01",
            "ELIG-04",
            "FORM-02",
            "FORM-03",
            "FORM-05",
            "CAP-02",
        )
        _step_is(journey, 3, rule, f"step 3 for {person.nir.full} (aged {age}): step 2 accepted")
    else:
        rule = pick_rule(scenario_tags, "ELIG-03", "ELIG-04")
        verify(
            rule,
            lambda: expect(journey.identity.el("age_condition").first).to_be_visible(),
            seen=lambda: f"NIR {person.nir.full} (aged {age}) got {page_state(journey.page)}",
            expected=f'the refusal "{journey.target.locators.text_of("age_condition")}"',
        )
        _step_is(journey, 2, rule, "to stay on step 2")


def person_age(person: Person) -> int:
    """Return the age the person's NIR shows today (ELIG-04)."""
    from datetime import date

    today = date.today()
    month = person.birth_month if 1 <= person.birth_month <= 12 else 1
    return today.year - person.birth_year - (1 if today.month < month else 0)


@then(parsers.re(r"(?:elle|il) arrive dans son compte personnel de formation"))
def in_account_space(journey: Journey, scenario_tags: set[str]) -> None:
    rule = pick_rule(scenario_tags, "PWD-05", "SYN-01", "ELIG-01")
    verify(
        rule,
        lambda: expect(journey.account.el("welcome_banner")).to_be_visible(),
        seen=lambda: page_state(journey.page),
        expected=f'the banner "{journey.target.locators.text_of("welcome_banner")}"',
    )


@then("le portail lui demande de déclarer un contrat d'apprentissage signé")
def asks_for_declaration(journey: Journey) -> None:
    verify(
        "ELIG-02",
        lambda: expect(journey.identity.el("apprenticeship")).to_be_visible(),
        seen=lambda: f"no declaration checkbox; {page_state(journey.page)}",
        expected=f'the checkbox "{t.APPRENTICESHIP_DECLARATION}" for a 15-year-old',
    )


@then("aucun courriel ne lui est envoyé")
def no_mail(mail_reader: MailReader, person: Person, scenario_tags: set[str]) -> None:
    rule = pick_rule(scenario_tags, "MAIL-03", "ELIG-03")
    try:
        # Proving an absence needs a bounded wait: the outbox may deliver a moment later.
        got = mail_reader.wait_for(person.email, timeout=2.0)
    except MailTimeout:
        return
    raise fail(rule, f'an email "{got.subject}" was sent to {person.email}', "no email")


@then("la page de connexion à l'espace sécurisé s'affiche")
def login_page_shown(journey: Journey, scenario_tags: set[str]) -> None:
    rule = pick_rule(scenario_tags, "NAV-01", "MAIL-02")
    verify(
        rule,
        lambda: expect(journey.login.el("login_title")).to_be_visible(),
        seen=lambda: page_state(journey.page) + f" at {journey.page.url}",
        expected=f'the login page "{t.LOGIN_TITLE}"',
    )


def _all_visible(journey: Journey, rule: str, names: list[str]) -> None:
    for name in names:
        spec = journey.target.locators.specs[name]
        verify(
            rule,
            lambda name=name: expect(journey.login.el(name).first).to_be_visible(),
            seen=lambda spec=spec: f"no {spec.describe()} on {page_state(journey.page)}",
            expected=f"{spec.describe()} to be shown",
        )


@then("la page propose de s'identifier à qui est déjà inscrit")
def login_registered_part(journey: Journey) -> None:
    _all_visible(
        journey,
        "NAV-02",
        [
            "login_registered",
            "login_nir",
            "login_password",
            "show_password",
            "login_submit",
            "forgotten_password",
        ],
    )


@then("la page propose de s'inscrire à qui ne l'est pas encore")
def login_register_part(journey: Journey) -> None:
    _all_visible(journey, "NAV-02", ["login_not_registered", "register"])


@then("la page propose la vidéo de démonstration et les conditions générales d'utilisation")
def login_info_part(journey: Journey) -> None:
    _all_visible(journey, "NAV-02", ["more_info", "demo_video", "cgu_document"])


@then("la barre de progression montre les trois étapes")
def progress_bar(journey: Journey) -> None:
    _all_visible(journey, "NAV-03", ["progress_step_1", "progress_step_2", "progress_step_3"])


@then(parsers.parse("l'étape {step:d} y est annoncée comme l'étape en cours"))
def current_step(journey: Journey, scenario_tags: set[str], step: int) -> None:
    rule = pick_rule(scenario_tags, "NAV-03", "NAV-04", "CGU-02", "CGU-03")
    _step_is(journey, step, rule, "")


@then("la déclaration d'acceptation des conditions générales est proposée")
def cgu_checkbox_shown(journey: Journey) -> None:
    _all_visible(journey, "CGU-01", ["cgu_checkbox"])


@then("un lien mène au document des conditions générales")
def cgu_link_shown(journey: Journey) -> None:
    _all_visible(journey, "CGU-01", ["cgu_link"])


@then("le portail lui demande de valider les conditions générales")
def cgu_required(journey: Journey) -> None:
    _all_visible(journey, "CGU-02", ["cgu_required"])


@then("l'étape 3 se termine par un bouton de validation")
def step3_validate_button(journey: Journey) -> None:
    _all_visible(journey, "CGU-03", ["validate"])


@then("chaque champ du formulaire d'identité est annoncé par son étiquette")
def fields_labelled(journey: Journey) -> None:
    names = [
        "nir",
        "cle",
        "first_name",
        "birth_name",
        "landline",
        "mobile",
        "email",
        "email_confirm",
        "captcha_input",
    ]
    for name in names:
        spec = journey.target.locators.specs[name]
        verify(
            "FORM-01",
            lambda name=name: expect(journey.identity.el(name)).to_be_editable(),
            seen=lambda spec=spec: f'no field is labelled "{spec.value}"',
            expected=f'an input a screen reader announces as "{spec.value}"',
        )


@then(parsers.re(r"le champ (?P<field>.+) est refusé avec le message (?P<message>.+)"))
def field_refused(journey: Journey, field: str, message: str) -> None:
    name, msg = FIELDS[field], MESSAGES[message]
    text = journey.target.locators.text_of(msg)
    rule = FIELD_RULES[name]
    field_locator = journey.identity.el(name)
    verify(
        rule,
        lambda: expect(field_locator).to_have_accessible_description(re.compile(re.escape(text))),
        seen=lambda: (
            f"the field {field_label(journey, name)} is described as "
            f"“{field_locator.get_attribute('aria-describedby') or 'nothing'}”; "
            f"{page_state(journey.page)}"
        ),
        expected=f'the message "{text}" tied to that field',
    )


def field_label(journey: Journey, name: str) -> str:
    return f'"{journey.target.locators.text_of(name)}"'


@then("ce qu'elle a tapé est conservé, sauf le contrôle de sécurité")
def typed_values_kept(journey: Journey, typed: Person) -> None:
    from steps.pages.registration import IDENTITY_FIELDS, field_value

    for name, attribute in IDENTITY_FIELDS:
        if name == "email_confirm":
            continue
        value = field_value(typed, attribute)
        locator = journey.identity.el(name)
        verify(
            "FORM-06",
            lambda locator=locator, value=value: expect(locator).to_have_value(value),
            seen=lambda locator=locator, name=name: (
                f'{field_label(journey, name)} holds "{locator.input_value()}"'
            ),
            expected=f'it to keep "{value}" after the refusal',
        )
    captcha = journey.identity.el("captcha_input")
    verify(
        "FORM-06",
        lambda: expect(captcha).to_have_value(""),
        seen=lambda: f'the security check still holds "{captcha.input_value()}"',
        expected="the security check to be emptied",
    )


@then("le résumé des erreurs liste chaque erreur, chacune liée à son champ")
def every_error_listed(journey: Journey) -> None:
    _all_visible(journey, "FORM-06", ["error_summary"])
    for name, msg in [
        ("nir", "nir_invalid"),
        ("birth_name", "birth_name_required"),
        ("landline", "landline_invalid"),
        ("email_confirm", "email_mismatch"),
    ]:
        text = journey.target.locators.text_of(msg)
        locator = journey.identity.el(name)
        verify(
            "FORM-06",
            lambda locator=locator, text=text: expect(locator).to_have_accessible_description(
                re.compile(re.escape(text))
            ),
            seen=lambda name=name: f"{field_label(journey, name)} has no such error tied to it",
            expected=f'"{text}" tied to its field, with the other errors at once',
        )


@then("le portail l'invite à s'identifier ou à demander un nouveau mot de passe")
def already_registered(journey: Journey) -> None:
    _all_visible(journey, "FORM-07", ["nir_already_registered"])


@then(parsers.re(r"le téléphone (?P<kind>fixe|portable) est (?P<issue>accepté|refusé)"))
def phone_outcome(journey: Journey, kind: str, issue: str) -> None:
    name = "landline" if kind == "fixe" else "mobile"
    if issue == "accepté":
        _step_is(journey, 3, "FORM-05", f"the {kind} number to be accepted (step 3 shown)")
        return
    text = journey.target.locators.text_of(f"{name}_invalid")
    locator = journey.identity.el(name)
    verify(
        "FORM-05",
        lambda: expect(locator).to_have_accessible_description(re.compile(re.escape(text))),
        seen=lambda: f'"{locator.input_value()}" was accepted; {page_state(journey.page)}',
        expected=f'the refusal "{text}" on that field',
    )


@then("une image de caractères à recopier est affichée")
def captcha_image(journey: Journey) -> None:
    _all_visible(journey, "CAP-01", ["captcha_image"])


@then("les explications du contrôle de sécurité sont affichées")
def captcha_instructions(journey: Journey) -> None:
    _all_visible(journey, "CAP-01", ["captcha_instructions"])


@then("le contrôle de sécurité est refusé")
def captcha_refused(journey: Journey, scenario_tags: set[str]) -> None:
    rule = pick_rule(scenario_tags, "CAP-03", "CAP-04")
    text = journey.target.locators.text_of("captcha_wrong")
    captcha = journey.identity.el("captcha_input")
    verify(
        rule,
        lambda: expect(captcha).to_have_accessible_description(re.compile(re.escape(text))),
        seen=lambda: f"the answer was accepted; {page_state(journey.page)}",
        expected=f'the refusal "{text}"',
    )


@then("de nouveaux caractères sont proposés")
def new_characters(journey: Journey, captcha_before: bytes, scenario_tags: set[str]) -> None:
    rule = pick_rule(scenario_tags, "CAP-03", "CAP-04")
    image = journey.identity.el("captcha_image")
    expect(image).to_be_visible()
    # The image may still be loading after a renewal: compare once it has painted.
    journey.page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    if image.screenshot() == captcha_before:
        raise fail(rule, "the same captcha image is still shown", "new characters")


@then("la version sonore du contrôle de sécurité est un fichier audio")
def audio_is_audio(journey: Journey) -> None:
    href = journey.identity.el("captcha_audio").get_attribute("href") or ""
    response = journey.page.context.request.get(
        journey.page.url if not href else _absolute(journey, href)
    )
    kind = response.headers.get("content-type", "")
    body = response.body()
    if not (response.ok and kind.startswith("audio/") and len(body) > 1000):
        raise fail(
            "CAP-05",
            f"the audio link answered {response.status} {kind} ({len(body)} bytes)",
            "an audio file speaking the characters",
        )


def _absolute(journey: Journey, href: str) -> str:
    from urllib.parse import urljoin

    return urljoin(journey.page.url, href)


@then("la version sonore change avec les caractères")
def audio_changes(journey: Journey) -> None:
    link = journey.identity.el("captcha_audio")
    first = journey.page.context.request.get(_absolute(journey, link.get_attribute("href") or ""))
    before = first.body()
    image = journey.identity.el("captcha_image")
    old_src = image.get_attribute("src") or ""
    journey.identity.renew_captcha()
    journey.page.wait_for_load_state()
    # A renewal by script updates the image a moment later; a deployment whose image address
    # never changes is compared on the audio alone.
    with contextlib.suppress(AssertionError):
        expect(image).not_to_have_attribute("src", old_src, timeout=5000)
    second = journey.page.context.request.get(_absolute(journey, link.get_attribute("href") or ""))
    if second.body() == before:
        raise fail(
            "CAP-05",
            "the audio did not change with new characters",
            "the audio to speak the characters shown",
        )


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
    _all_visible(journey, "PWD-02", ["password_mismatch"])


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
    _all_visible(journey, "SYN-01", ["welcome_banner"])


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
    _all_visible(journey, "SYN-03", ["summary_title", "hours_title", "dif_note", "no_usable_hours"])
    for name in ["cpf_available", "cpf_reserved", "dif_available", "usable_hours"]:
        label = journey.target.locators.text_of(name)
        locator = journey.account.el(name).first
        verify(
            "SYN-03",
            lambda locator=locator, label=label: expect(locator).to_contain_text(
                re.compile(rf"\b0\s+{re.escape(label)}")
            ),
            seen=lambda locator=locator: f'"{" ".join(locator.inner_text().split())}" was shown',
            expected=f'"0 {label}"',
        )


@then("les dossiers en cours et les dossiers clos comptent 0 dossiers")
def no_files(journey: Journey) -> None:
    for name in ["files_open", "files_closed"]:
        label = journey.target.locators.text_of(name)
        region = journey.page.get_by_role("region", name=label)
        verify(
            "SYN-04",
            lambda region=region: expect(region).to_contain_text("0 dossiers"),
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
    _all_visible(journey, "SYN-05", ["footer_cgu", "footer_accessibility", "footer_contact"])


@then(parsers.re(r"le solde DIF est (?P<issue>enregistré|refusé)"))
def dif_outcome(journey: Journey, issue: str) -> None:
    name = "dif_saved" if issue == "enregistré" else "dif_invalid"
    _all_visible(journey, "SYN-06", [name])


@then(
    parsers.re(r"(?:il|elle) reçoit un seul courriel à l'adresse donnée"),
    target_fixture="confirmation_email",
)
def one_email(
    mail_reader: MailReader, person: Person, scenario_tags: set[str]
) -> ConfirmationEmail:
    rule = pick_rule(scenario_tags, "MAIL-01", "MAIL-03")
    try:
        first = mail_reader.wait_for(person.email)
    except MailTimeout as exc:
        raise fail(rule, str(exc), f"one email at {person.email}") from None
    count = len(mail_reader.messages_for(person.email))
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
    _all_visible(journey, "LOG-02", ["login_refused"])
