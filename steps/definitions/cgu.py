"""Steps of features/cgu/: the general conditions of use at step 1 (CGU)."""

from __future__ import annotations

from playwright.sync_api import expect
from pytest_bdd import then, when

from steps.support.checks import all_visible, refused
from walkthrough.journey import Journey
from walkthrough.verdict import page_state, verify


@when("elle continue sans accepter les conditions générales")
def go_on_without_cgu(journey: Journey) -> None:
    journey.record(journey.cgu.go_on())


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
