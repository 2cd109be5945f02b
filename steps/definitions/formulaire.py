"""Steps of features/formulaire/: the identity form at step 2 (FORM)."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from catalogue import texts
from steps.support.checks import field_label, refused, step_is
from steps.support.people import new_person
from walkthrough.journey import Journey
from walkthrough.people import NirFault, Person, invalid_nir, make_person
from walkthrough.targets import Target
from walkthrough.verdict import verify

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


@given(
    parsers.parse('une personne de {age:d} ans, {sex}, née dans le département "{department}"'),
    target_fixture="person",
)
def person_born_in(target: Target, age: int, sex: str, department: str) -> Person:
    return new_person(target, age=age, sex=sex, department=department)


@given(
    parsers.parse("une personne dont le numéro de sécurité sociale a un défaut : {fault}"),
    target_fixture="person",
)
def person_with_faulty_nir(target: Target, fault: str) -> Person:
    return new_person(target).with_changes(nir=invalid_nir(NirFault(fault)))


@given("un compte existe déjà pour son numéro de sécurité sociale")
def account_exists_for_nir(
    new_journey: Callable[[], Journey], person: Person, registration_start: str
) -> None:
    other = new_journey()
    twin = make_person(email_template=other.target.email_template).with_changes(nir=person.nir)
    other.register(twin, texts.EXAMPLE_PASSWORD, start_url=registration_start)


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
