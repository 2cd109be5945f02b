"""Steps of features/parcours/: Marion's whole registration, as the 2015 walkthrough shows it.

The journey reuses the steps of the other areas (steps/definitions/common.py); these are its own.
"""

from __future__ import annotations

from pytest_bdd import given, when

from walkthrough.journey import Journey
from walkthrough.people import Person, walkthrough_person
from walkthrough.targets import Target


@given("Marion sur la page d'accueil publique", target_fixture="person")
def marion_on_home(journey: Journey, target: Target) -> Person:
    journey.open_home()
    return walkthrough_person(email_template=target.email_template)


@when("elle demande à s'inscrire")
def ask_to_register(journey: Journey) -> None:
    journey.login.start_registration()


@when("elle s'identifie avec son numéro et son mot de passe")
def sign_in_plain(journey: Journey, person: Person, password: str) -> None:
    journey.record(journey.login.sign_in(nir=person.nir.full, password=password))


@when("elle se déconnecte")
def log_out(journey: Journey, person: Person) -> None:
    journey.record(journey.account.log_out(holder_name=person.display_name))
