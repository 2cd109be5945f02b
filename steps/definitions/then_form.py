"""Alors, the identity form and its security check: FORM and CAP."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, expect
from pytest_bdd import parsers, then

from steps.definitions.then_common import all_visible, refused, step_is
from walkthrough.audio import speech_level
from walkthrough.captcha import CaptchaSeen, seen_captcha
from walkthrough.journey import Journey
from walkthrough.people import Person
from walkthrough.verdict import fail, pick_rule, verify

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
        spec = journey.target.locators.spec(name, journey.identity.screen)
        verify(
            "FORM-01",
            lambda name=name: expect(journey.identity.el(name)).to_be_editable(),
            seen=lambda spec=spec: f'no field is labelled "{spec.value}"',
            expected=f'an input a screen reader announces as "{spec.value}"',
        )


@then(parsers.re(r"le champ (?P<field>.+) est refusé avec le message (?P<message>.+)"))
def field_refused(journey: Journey, field: str, message: str) -> None:
    name, msg = FIELDS[field], MESSAGES[message]
    refused(
        journey,
        FIELD_RULES[name],
        screen=journey.identity,
        message=msg,
        what=f"the value of {field_label(journey, name)}",
        step=2,
        # FORM-02: a message on the NIR field or its key field.
        fields=["nir", "cle"] if name == "nir" else [name],
        regions=False,
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


@then("chaque erreur est annoncée avec son champ, toutes à la fois")
def every_error_tied(journey: Journey) -> None:
    # A summary box at the top is welcome but not required (FORM-06): each error on its field.
    for names, msg in [
        (["nir", "cle"], "nir_invalid"),
        (["birth_name"], "birth_name_required"),
        (["landline"], "landline_invalid"),
        (["email_confirm"], "email_mismatch"),
    ]:
        refused(
            journey,
            "FORM-06",
            screen=journey.identity,
            message=msg,
            what=f"the value of {field_label(journey, names[0])}",
            step=2,
            fields=names,
            regions=False,
            tied_text=True,
        )


@then("le portail l'invite à s'identifier ou à demander un nouveau mot de passe")
def already_registered(journey: Journey, person: Person) -> None:
    refused(
        journey,
        "FORM-07",
        screen=journey.identity,
        message="nir_already_registered",
        what=f"the NIR {person.nir.full}, which already has an account,",
        step=2,
        fields=["nir", "cle"],
    )


@then(parsers.re(r"le téléphone (?P<kind>fixe|portable) est (?P<issue>accepté|refusé)"))
def phone_outcome(journey: Journey, typed: Person, kind: str, issue: str) -> None:
    name = "landline" if kind == "fixe" else "mobile"
    if issue == "accepté":
        step_is(journey, 3, "FORM-05", f"the {kind} number to be accepted (step 3 shown)")
        return
    # The number as typed, not read back from the field: a wrongly accepted number leads to
    # step 3, which has no phone field (`refused` says which step is shown first).
    refused(
        journey,
        "FORM-05",
        screen=journey.identity,
        message=f"{name}_invalid",
        what=f'the {kind} number "{getattr(typed, name)}"',
        step=2,
        fields=[name],
        regions=False,
    )


@then("une image de caractères à recopier est affichée")
def captcha_image(journey: Journey) -> None:
    all_visible(journey, "CAP-01", ["captcha_image"], screen=journey.identity)


@then("les explications du contrôle de sécurité sont affichées")
def captcha_instructions(journey: Journey) -> None:
    all_visible(journey, "CAP-01", ["captcha_instructions"], screen=journey.identity)


@then("le contrôle de sécurité est refusé")
def captcha_refused(journey: Journey, scenario_tags: set[str]) -> None:
    rule = pick_rule(scenario_tags, "CAP-03", "CAP-04")
    refused(
        journey,
        rule,
        screen=journey.identity,
        message="captcha_wrong",
        what="the security check's answer",
        step=2,
        fields=["captcha_input"],
    )


@then("de nouveaux caractères sont proposés")
def new_characters(journey: Journey, captcha_before: CaptchaSeen, scenario_tags: set[str]) -> None:
    rule = pick_rule(scenario_tags, "CAP-03", "CAP-04")
    if not journey.target.captcha.sees_each_captcha:
        pytest.skip("not tested: with a fixed captcha every answer is the same")
    now = seen_captcha(journey)
    if captcha_before.answer is not None and now.answer is not None:
        # The oracle says which characters are pending: new noise on the same ones is not new.
        if now.answer.casefold() == captcha_before.answer.casefold():
            raise fail(rule, f"the same characters ({now.answer}) are still pending", "new ones")
        return
    if now.image == captcha_before.image:
        raise fail(rule, "the same captcha image is still shown", "new characters")


@then(parsers.re(r"la version sonore du contrôle de sécurité est un fichier audio(?: parlé)?"))
def audio_is_audio(journey: Journey) -> None:
    body, heard = _listen(journey)
    if heard:
        raise fail("CAP-05", heard, "an audio file speaking the characters")
    loudness = speech_level(body)
    if loudness is None or loudness.duration_s < 0.5 or loudness.mean_db < -50:
        raise fail(
            "CAP-05",
            f"the audio is {loudness or 'not decodable'}",
            "real, non-silent speech (at least 0.5 s, mean level above -50 dB)",
        )


def _listen(journey: Journey) -> tuple[bytes, str]:
    """Fetch the audio version now shown; return its bytes and what went wrong, if anything."""
    control = journey.identity.el("captcha_audio").first
    href = control.get_attribute("href") or ""
    if not href:  # a button that plays an <audio> element: listen to what it loads
        control.click()
        player = journey.page.locator("audio").first
        with contextlib.suppress(PlaywrightError):
            href = player.evaluate(
                "a => a.currentSrc || a.src || (a.querySelector('source') || {}).src || ''",
                timeout=5000,
            )
    response = journey.page.context.request.get(_absolute(journey, href or journey.page.url))
    kind = response.headers.get("content-type", "")
    body = response.body()
    if not (response.ok and kind.startswith("audio/") and len(body) > 1000):
        return body, f"the audio link answered {response.status} {kind} ({len(body)} bytes)"
    return body, ""


def _absolute(journey: Journey, href: str) -> str:
    from urllib.parse import urljoin

    return urljoin(journey.page.url, href)


@then("la version sonore change avec les caractères")
def audio_changes(journey: Journey) -> None:
    if not journey.target.captcha.sees_each_captcha:
        pytest.skip("not tested: with a fixed captcha the characters never change")
    before = seen_captcha(journey)
    first, _ = _listen(journey)
    image = journey.identity.el("captcha_image").first
    old_src = image.get_attribute("src") or ""
    journey.identity.renew_captcha()
    journey.page.wait_for_load_state()
    # A renewal by script updates the image a moment later; a deployment whose image address
    # never changes is compared on the audio alone.
    with contextlib.suppress(AssertionError):
        expect(image).not_to_have_attribute("src", old_src, timeout=5000)
    after = seen_captcha(journey)
    second, _ = _listen(journey)
    changed = before.answer is None or after.answer is None or before.answer != after.answer
    if changed and second == first:
        raise fail(
            "CAP-05",
            f"the audio did not change when the characters did ({before.answer} → {after.answer})",
            "the audio to speak the characters shown",
        )
