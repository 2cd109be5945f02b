"""Alors, the identity form and its security check: FORM and CAP."""

from __future__ import annotations

import contextlib
import re

from playwright.sync_api import Locator, expect
from pytest_bdd import parsers, then

from steps.definitions.then_common import all_visible, step_is
from walkthrough.journey import Journey
from walkthrough.people import Person
from walkthrough.verdict import fail, page_state, pick_rule, verify

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
    from walkthrough.pages.registration import IDENTITY_FIELDS, field_value

    for name, attribute in IDENTITY_FIELDS:
        if name == "email_confirm":
            continue
        value = field_value(typed, attribute)
        locator = journey.identity.el(name)

        def kept(locator: Locator = locator, value: str = value) -> None:
            expect(locator).to_have_value(value)

        verify(
            "FORM-06",
            kept,
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
    all_visible(journey, "FORM-06", ["error_summary"])
    for name, msg in [
        ("nir", "nir_invalid"),
        ("birth_name", "birth_name_required"),
        ("landline", "landline_invalid"),
        ("email_confirm", "email_mismatch"),
    ]:
        text = journey.target.locators.text_of(msg)
        locator = journey.identity.el(name)

        def tied(locator: Locator = locator, text: str = text) -> None:
            expect(locator).to_have_accessible_description(re.compile(re.escape(text)))

        verify(
            "FORM-06",
            tied,
            seen=lambda name=name: f"{field_label(journey, name)} has no such error tied to it",
            expected=f'"{text}" tied to its field, with the other errors at once',
        )


@then("le portail l'invite à s'identifier ou à demander un nouveau mot de passe")
def already_registered(journey: Journey) -> None:
    all_visible(journey, "FORM-07", ["nir_already_registered"])


@then(parsers.re(r"le téléphone (?P<kind>fixe|portable) est (?P<issue>accepté|refusé)"))
def phone_outcome(journey: Journey, kind: str, issue: str) -> None:
    name = "landline" if kind == "fixe" else "mobile"
    if issue == "accepté":
        step_is(journey, 3, "FORM-05", f"the {kind} number to be accepted (step 3 shown)")
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
    all_visible(journey, "CAP-01", ["captcha_image"])


@then("les explications du contrôle de sécurité sont affichées")
def captcha_instructions(journey: Journey) -> None:
    all_visible(journey, "CAP-01", ["captcha_instructions"])


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
