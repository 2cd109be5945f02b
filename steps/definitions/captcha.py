"""Steps of features/captcha/: the security check at step 2 and its audio version (CAP)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Request, expect
from pytest_bdd import given, parsers, then, when

from catalogue import texts
from steps.support.checks import all_visible, refused
from steps.support.people import WRONG_CAPTCHA_ANSWER
from steps.support.traffic import sends
from walkthrough.audio import speech_level
from walkthrough.captcha import CaptchaSeen, ManualCaptcha, seen_captcha
from walkthrough.journey import Journey
from walkthrough.leaks import ResponseLog, where_readable
from walkthrough.people import Nir, Person, make_person
from walkthrough.targets import Target
from walkthrough.verdict import fail, page_state, pick_rule, verify


@given("elle a noté la réponse du contrôle de sécurité", target_fixture="noted_answer")
def note_captcha_answer(journey: Journey, target: Target) -> str:
    return target.captcha.answer(journey.page, journey.identity.el("captcha_input"))


@given("un compte existe déjà pour un autre numéro", target_fixture="taken_nir")
def account_for_another_nir(new_journey: Callable[[], Journey], registration_start: str) -> Nir:
    other = new_journey()
    holder = make_person(email_template=other.target.email_template)
    other.register(holder, texts.EXAMPLE_PASSWORD, start_url=registration_start)
    return holder.nir


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


@when("elle remplit le formulaire d'identité avec ce numéro déjà inscrit et continue")
def submit_taken_nir(journey: Journey, person: Person, taken_nir: Nir, noted_answer: str) -> None:
    """Send step 2 with a NIR only the server can know is taken, and the noted answer.

    Every field is well formed, so no check in the browser stops it: the answer reaches the
    server, which refuses the step (FORM-07) and must spend the answer (CAP-03).
    """
    sent: list[str] = []

    def record(request: Request) -> None:
        if sends(request):
            sent.append(request.post_data or "")

    journey.page.on("request", record)
    try:
        journey.submit_identity(person.with_changes(nir=taken_nir), captcha_answer=noted_answer)
    finally:
        journey.page.remove_listener("request", record)
    if not any(noted_answer.casefold() in body.casefold() for body in sent):
        pytest.skip(
            "not tested: step 2 with a NIR that has an account never sent the answer to the"
            f" portal ({len(sent)} request(s) sent, none with it)"
        )
    verify(
        "FORM-07",
        lambda: expect(journey.identity.el("nir").first).to_be_visible(),
        seen=lambda: f"a NIR that has an account went on: {page_state(journey.page)}",
        expected="step 2 still shown, refusing the NIR",
    )


@when("elle revient à l'étape 2 par le bouton « Précédent » du navigateur")
def back_to_step_2(journey: Journey, scenario_tags: set[str]) -> None:
    rule = pick_rule(scenario_tags, "CAP-03", "NAV-04")
    verify(
        rule,
        lambda: expect(journey.password.el("password").first).to_be_visible(),
        seen=lambda: f"step 2 with the noted answer was not accepted: {page_state(journey.page)}",
        expected="step 3 after a right answer, before going back",
    )
    journey.page.go_back()
    expect(journey.identity.el("nir").first).to_be_visible()


@when("elle renvoie l'étape 2 avec la réponse notée", target_fixture="captcha_before")
def resend_with_noted(journey: Journey, person: Person, noted_answer: str) -> CaptchaSeen:
    before = seen_captcha(journey)
    journey.submit_identity(person, captcha_answer=noted_answer)
    return before


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


@then("la réponse du contrôle de sécurité ne se lit nulle part ailleurs que dans l'image et le son")
def answer_not_readable(journey: Journey, target: Target, leak_log: ResponseLog | None) -> None:
    """Look for the pending answer in every response, the page, the cookies and web storage."""
    if isinstance(target.captcha, ManualCaptcha) or leak_log is None:
        pytest.skip("not tested: the answer is known only to the person who reads it")
    field = journey.identity.el("captcha_input")
    expect(field).to_be_visible()
    answer = target.captcha.answer(journey.page, field)
    places = where_readable(journey.page, journey.page.context, leak_log, answer)
    if places:
        raise fail(
            "CAP-03",
            f"the captcha answer “{answer}” can be read by a script: {'; '.join(places)}",
            "the answer only in the image and the sound",
        )
