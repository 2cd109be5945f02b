"""Steps of features/espace/: the account space a new holder finds, and the DIF balance (SYN)."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

from playwright.sync_api import expect
from pytest_bdd import parsers, then, when

from steps.support.checks import all_visible, refused
from walkthrough.journey import Journey
from walkthrough.people import Person
from walkthrough.perception import figure_near, visible_text
from walkthrough.screens import ScreenName
from walkthrough.verdict import fail, page_state, verify


@dataclass(frozen=True)
class DifEntry:
    """A DIF balance typed, and the figures the summary showed before (SYN-06)."""

    hours: str
    before: dict[str, str | None]


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


@when(parsers.parse('il saisit un solde d\'heures DIF de "{hours}"'), target_fixture="dif_entry")
def enter_dif(journey: Journey, hours: str) -> DifEntry:
    before = {name: read_figure(journey, name)[0] for name in ("dif_available", "usable_hours")}
    journey.account.open_dif()
    journey.record(journey.account.enter_dif(hours))
    return DifEntry(hours=hours, before=before)


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
