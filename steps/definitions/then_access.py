"""Alors, who may register and how one gets there: ELIG, NAV and CGU."""

from __future__ import annotations

from playwright.sync_api import expect
from pytest_bdd import parsers, then

from catalogue import texts as t
from steps.definitions.then_common import all_visible, refused, step_is
from steps.definitions.then_common import current_step as shown_step
from steps.harness.settings import Settings
from walkthrough.journey import Journey
from walkthrough.mail import MailReader, MailTimeout
from walkthrough.people import Person
from walkthrough.screens import ScreenName
from walkthrough.verdict import fail, page_state, pick_rule, verify


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
        step_is(journey, 3, rule, f"step 3 for {person.nir.full} (aged {age}): step 2 accepted")
    else:
        rule = pick_rule(scenario_tags, "ELIG-03", "ELIG-04")
        # A standing note with the seed's sentence is no refusal: the message must appear.
        refused(
            journey,
            rule,
            screen=journey.identity,
            message="age_condition",
            what=f"NIR {person.nir.full} (aged {age})",
            step=2,
            any_field=True,
        )


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
    if journey.declaration_asked:  # asked after a submit, perhaps in a dialog closed since
        return
    verify(
        "ELIG-02",
        lambda: expect(journey.identity.el("apprenticeship")).to_be_visible(),
        seen=lambda: f"no declaration checkbox; {page_state(journey.page)}",
        expected=f'the checkbox "{t.APPRENTICESHIP_DECLARATION}" for a 15-year-old',
    )


@then("aucun courriel ne lui est envoyé")
def no_mail(
    mail_reader: MailReader, person: Person, scenario_tags: set[str], settings: Settings
) -> None:
    rule = pick_rule(scenario_tags, "MAIL-03", "ELIG-03")
    try:
        # Proving an absence needs a bounded wait (--mail-quiet): the outbox may deliver later.
        got = mail_reader.wait_for(person.email, timeout=settings.mail_quiet_s)
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
    step = ScreenName.of_step(shown_step(journey) or 1)
    names = ["progress_step_1", "progress_step_2", "progress_step_3"]
    all_visible(journey, "NAV-03", names, screen=journey.screen(step))


@then(parsers.parse("l'étape {step:d} y est annoncée comme l'étape en cours"))
def current_step(journey: Journey, scenario_tags: set[str], step: int) -> None:
    rule = pick_rule(scenario_tags, "NAV-03", "NAV-04", "CGU-02", "CGU-03")
    step_is(journey, step, rule, "")


@then("la déclaration d'acceptation des conditions générales est proposée")
def cgu_checkbox_shown(journey: Journey) -> None:
    all_visible(journey, "CGU-01", ["cgu_checkbox"], screen=journey.cgu)


@then("un lien mène au document des conditions générales")
def cgu_link_shown(journey: Journey) -> None:
    spec = journey.target.locators.specs["cgu_link"]
    verify(
        "CGU-01",
        lambda: expect(journey.cgu.cgu_link().first).to_be_visible(),
        seen=lambda: (
            f"no {spec.describe()} in step 1 itself (the site footer's does not count)"
            f" on {page_state(journey.page)}"
        ),
        expected=f"{spec.describe()} in step 1, beside the declaration",
    )


@then("le portail lui demande de valider les conditions générales")
def cgu_required(journey: Journey) -> None:
    refused(
        journey,
        "CGU-02",
        screen=journey.cgu,
        message="cgu_required",
        what="going on without the box ticked",
        step=1,
        fields=["cgu_checkbox"],
    )


@then("l'étape 3 se termine par un bouton de validation")
def step3_validate_button(journey: Journey) -> None:
    all_visible(journey, "CGU-03", ["validate"], screen=journey.password)
