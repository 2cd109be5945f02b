"""Steps of features/connexion/: signing in with the NIR and the password (LOG)."""

from __future__ import annotations

import difflib

from playwright.sync_api import expect
from pytest_bdd import given, parsers, then, when

from steps.support.checks import refused
from walkthrough.journey import Journey
from walkthrough.people import Person, make_person
from walkthrough.perception import visible_text
from walkthrough.verdict import RuleViolation, fail, page_state


@given(parsers.re(r"(?:il|elle) s'est déconnectée?"))
def holder_logged_out(journey: Journey, person: Person) -> None:
    journey.account.log_out(holder_name=person.display_name)


@when("il tape son mot de passe sur la page de connexion", target_fixture="password_field")
def type_login_password(journey: Journey, password: str) -> str:
    journey.open_login()
    journey.login.fill("login_password", password, action="fill_login_password")
    return "login_password"


@when(parsers.parse("il s'identifie avec son numéro écrit {how} et son mot de passe"))
def sign_in_written(journey: Journey, person: Person, password: str, how: str) -> None:
    nir = person.nir.spaced() if how == "avec espaces" else person.nir.full
    journey.open_login()
    journey.record(journey.login.sign_in(nir=nir, password=password))


@when(
    parsers.re(r"il s'identifie avec (?P<case>un mauvais mot de passe|un numéro sans compte)$"),
    target_fixture="login_typed",
)
def sign_in_wrong(
    journey: Journey, person: Person, password: str, case: str, login_typed: list[str]
) -> list[str]:
    journey.open_login()
    if case == "un mauvais mot de passe":
        nir, secret = person.nir, password + "9"
    else:
        nir, secret = make_person().nir, password
    journey.record(journey.login.sign_in(nir=nir.full, password=secret))
    # What was typed, as a page might echo it (LOG-02 compares the pages apart from it).
    return [nir.full, nir.spaced(), nir.number, nir.cle, secret, *login_typed]


@when("il note ce que dit la page", target_fixture="noted_page")
def note_page(journey: Journey) -> str:
    return visible_text(journey.page)


@then("la connexion est refusée avec le message unique d'échec")
def login_refused(journey: Journey, login_typed: list[str], noted_page: str | None) -> None:
    try:
        refused(
            journey,
            "LOG-02",
            screen=journey.login,
            message="login_refused",
            what=f"signing in as {login_typed[0]}",
            any_field=True,
        )
    except RuleViolation:
        # Still on the login form: refused, but not in the expected words; say so, never
        # "accepted".
        if not journey.login.el("login_password").first.is_visible():
            raise
        if noted_page is None:
            raise fail(
                "LOG-02",
                f"signing in as {login_typed[0]} was refused in other words: "
                f"{page_state(journey.page)}",
                f"the refusal {journey.target.locators.message('login_refused').shown}",
            ) from None
        before, now = _differing(
            _without(noted_page, login_typed), _without(visible_text(journey.page), login_typed)
        )
        raise fail(
            "LOG-02",
            f"signing in as {login_typed[0]} was refused, but the two refusal pages differ: "
            f"after the wrong password the page said “{before}”, after the unknown NIR “{now}”",
            f"the same refusal {journey.target.locators.message('login_refused').shown} on both",
        ) from None
    expect(journey.login.el("login_password").first).to_be_visible()


@then("la page dit exactement la même chose qu'après le mauvais mot de passe")
def same_refusal_page(journey: Journey, noted_page: str | None, login_typed: list[str]) -> None:
    if noted_page is None:
        raise ValueError("no page was noted: the scenario lacks « il note ce que dit la page »")
    now = _without(visible_text(journey.page), login_typed)
    before = _without(noted_page, login_typed)
    if now != before:
        said_before, said_now = _differing(before, now)
        raise fail(
            "LOG-02",
            f"the two refusal pages differ: after the wrong password the page said "
            f"“{said_before}”, after the unknown NIR “{said_now}”",
            "the same visible texts as after a wrong password (apart from what was typed)",
        )


def _without(text: str, typed: list[str]) -> str:
    for value in sorted(typed, key=len, reverse=True):
        text = text.replace(value, "…")
    return text


def _differing(before: str, now: str) -> tuple[str, str]:
    """Return the passages in which two pages differ, each as that page says it (…: elided)."""
    old, new = before.split(), now.split()
    said_before: list[str] = []
    said_now: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            said_before.append(" ".join(old[i1:i2]) or "(nothing)")
            said_now.append(" ".join(new[j1:j2]) or "(nothing)")
    return " … ".join(said_before)[:200], " … ".join(said_now)[:200]
