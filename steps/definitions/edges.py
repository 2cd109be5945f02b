"""Alors, each rule at its edges: the catalogue's examples (catalogue/edges.py) sent by request.

Refused examples go one after the other in the person's own session (a refusal leaves it where
it was), so one page load serves a whole rule; the first one the server takes ends the check.
"""

from __future__ import annotations

import pytest
from pytest_bdd import parsers, then

from catalogue.edges import Edge, edges
from steps.definitions import without_page as wp
from steps.harness.settings import Settings
from walkthrough.journey import Journey
from walkthrough.people import Nir, Person, nir_key
from walkthrough.verdict import fail

STEP_OF = {"PWD-01": 3}


def with_edge(person: Person, edge: Edge) -> Person:
    """Return the person as the example changes her identity (NIR, department, phones)."""
    number = person.nir.number
    if edge.field == "nir_month":
        number = number[:3] + edge.value + number[5:]
    elif edge.field == "department":
        number = number[:5] + edge.value + number[7:]
    elif edge.field in ("born", "born_unknown_month"):
        year, _, month = edge.value.partition("-")
        number = number[0] + year[-2:] + (month or "20") + number[5:]
    elif edge.field in ("landline", "mobile"):
        return person.with_changes(**{edge.field: edge.value})
    else:
        return person
    return person.with_changes(nir=Nir(number=number, cle=nir_key(number)))


def edge_values(journey: Journey, person: Person, edge: Edge) -> dict[str, str]:
    """Return what the step's request carries for this example (a fresh captcha answer)."""
    if edge.field == "password":
        return wp.password_values(edge.value)
    changed = with_edge(person, edge)
    values = wp.identity_values(changed, captcha=wp.captcha_answer(journey))
    if edge.field == "nir_key_offset":
        values["cle"] = f"{int(changed.nir.cle) + int(edge.value):02d}"
    if edge.field == "email_confirm_case" and edge.value == "upper":
        values["email_confirm"] = changed.email.upper()
    return values


@then(parsers.parse("le serveur refuse chaque exemple hors des bornes de {rule}"))
def server_refuses_each_edge(
    journey: Journey,
    person: Person,
    settings: Settings,
    request: pytest.FixtureRequest,
    rule: str,
) -> None:
    """Send every refused example of `rule` by request; each must leave the step where it was."""
    template = wp.requests_or_skip(settings, request).of(STEP_OF.get(rule, 2))
    refused = [e for e in edges(rule) if not e.valid and not e.undecidable]
    open_url = template.next_url if template.step == 2 else None
    for edge in refused:
        reply = wp.replay_step(
            journey.page.context,
            template,
            edge_values(journey, person, edge),
            page=journey.page,
        )
        # Where only the browser can tell (no redirect), the session is read once, at the end.
        if wp.moved_on(reply, template) or (
            template.redirects and not wp.still_on(journey, template, open_url=open_url)
        ):
            raise _edge_accepted(rule, template.step, [edge], len(refused))
    if not template.redirects and not wp.still_on(journey, template, open_url=open_url):
        raise _edge_accepted(rule, template.step, refused, len(refused))


def _edge_accepted(rule: str, step: int, suspects: list[Edge], count: int) -> AssertionError:
    which = "; ".join(f"« {e.case} » (“{e.value}”)" for e in suspects)
    one = "" if len(suspects) == 1 else "one of "
    return fail(
        rule,
        f"accepté par le serveur: {one}{which} went through step {step} sent without the page",
        f"each of the {count} examples outside the rule's classes to be refused",
    )


@then(parsers.parse('le serveur accepte l\'exemple "{case}" de {rule}'))
def server_accepts_edge(
    journey: Journey,
    person: Person,
    settings: Settings,
    request: pytest.FixtureRequest,
    case: str,
    rule: str,
) -> None:
    """Send one valid example by request; the session must move on (unless today cannot tell)."""
    edge = next((e for e in edges(rule) if e.case == case), None)
    if edge is None:
        raise KeyError(f"catalogue/edges.py has no example {case!r} for {rule}")
    if edge.undecidable:
        pytest.skip(f"not tested: « {edge.case} » ({edge.undecidable})")
    template = wp.requests_or_skip(settings, request).of(STEP_OF.get(rule, 2))
    values = edge_values(journey, person, edge)
    reply = wp.replay_step(journey.page.context, template, values, page=journey.page)
    if not wp.moved_on(reply, template) and wp.still_on(
        journey, template, open_url=template.next_url
    ):
        raise fail(
            rule,
            f"« {edge.case} » (“{edge.value}”) was refused by the server",
            f"it accepted, as {rule} reads it",
        )
