"""Steps of features/navigation/: from the home page to the login page and the three steps (NAV)."""

from __future__ import annotations

from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from catalogue import texts
from steps.support.checks import all_visible, current_step
from steps.support.people import WRONG_CAPTCHA_ANSWER, identity_values, new_person, password_values
from steps.support.without_page import StepRequests, has_account, moved_on, opens_next
from walkthrough.captcha import CaptchaUnavailable
from walkthrough.journey import Journey
from walkthrough.people import Person, make_person
from walkthrough.replay import replay_step
from walkthrough.screens import ScreenName
from walkthrough.targets import Target
from walkthrough.verdict import fail


@given("une personne sur la page d'accueil publique", target_fixture="person")
def person_on_home(journey: Journey, target: Target) -> Person:
    journey.open_home()
    return new_person(target)


@given("une personne sur la page de connexion", target_fixture="person")
def person_on_login(journey: Journey, target: Target) -> Person:
    journey.open_login()
    return new_person(target)


@given(
    parsers.parse("une personne qui a terminé {done:d} étape de l'inscription"),
    target_fixture="person",
)
def person_who_did_steps(
    journey: Journey, target: Target, done: int, registration_start: str
) -> Person:
    person = new_person(target)
    if done:
        journey.reach_step(done + 1, person, start_url=registration_start)
    return person


@when(parsers.parse("elle ouvre directement l'étape {step:d}"))
def open_step_directly(journey: Journey, step_urls: dict[int, str], step: int) -> None:
    # A page load of its own: from the step she stands on, an address that differs only after
    # "#" loads nothing, and the step still on screen would pass for the way back (NAV-04).
    journey.page.goto("about:blank")
    journey.page.goto(step_urls[step])
    expect(journey.cgu.current_step()).to_be_attached()


@then("la page propose de s'identifier à qui est déjà inscrit")
def login_registered_part(journey: Journey) -> None:
    all_visible(
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
        screen=journey.login,
    )


@then("la page propose de s'inscrire à qui ne l'est pas encore")
def login_register_part(journey: Journey) -> None:
    all_visible(journey, "NAV-02", ["login_not_registered", "register"], screen=journey.login)


@then("la page propose la vidéo de démonstration et les conditions générales d'utilisation")
def login_info_part(journey: Journey) -> None:
    names = ["more_info", "demo_video", "cgu_document"]
    all_visible(journey, "NAV-02", names, screen=journey.login)


@then("la barre de progression montre les trois étapes")
def progress_bar(journey: Journey) -> None:
    step = ScreenName.of_step(current_step(journey) or 1)
    names = ["progress_step_1", "progress_step_2", "progress_step_3"]
    all_visible(journey, "NAV-03", names, screen=journey.screen(step))


@then(parsers.parse("le serveur refuse aussi l'étape {step:d} envoyée sans la page"))
def server_keeps_order(
    journey: Journey, target: Target, step_requests: StepRequests, step: int
) -> None:
    """NAV-04 by request: step 2 before the CGU, step 3 before step 2, both refused."""
    step2, step3 = step_requests.of(2), step_requests.of(3)
    context = journey.page.context
    person = make_person(email_template=target.email_template)
    if step == 2:
        try:
            answer = target.captcha.answer(journey.page, journey.identity.el("captcha_input"))
        except CaptchaUnavailable:  # no captcha was ever shown in this session: none to give
            answer = WRONG_CAPTCHA_ANSWER
        reply = replay_step(
            context, step2, identity_values(person, captcha=answer), page=journey.page
        )
        if moved_on(reply, step2):
            raise _out_of_order(2, f"led to {reply.url}")
        if opens_next(journey, step2):
            raise _out_of_order(2, "moved the session on to step 3")
    else:
        # Step 2 tried and refused (a wrong captcha): the session still finished step 1 only.
        values = identity_values(person, captcha=WRONG_CAPTCHA_ANSWER)
        replay_step(context, step2, values, page=journey.page)
    reply = replay_step(context, step3, password_values(texts.EXAMPLE_PASSWORD), page=journey.page)
    if moved_on(reply, step3) or has_account(journey, step3):
        raise _out_of_order(step, "let step 3 create the account")


def _out_of_order(step: int, how: str) -> AssertionError:
    before = "before the CGU were accepted" if step == 2 else "before step 2 was completed"
    return fail(
        "NAV-04",
        f"step {step}'s request sent without the page {before} {how}",
        "the server to refuse a step whose previous steps are not done",
    )
