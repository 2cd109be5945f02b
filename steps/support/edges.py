"""Each rule at its edges: the catalogue's examples (catalogue/edges.py) as a request carries them.

The steps ("le serveur refuse chaque exemple…", "le serveur accepte l'exemple…") send them
without the page, in the person's own session (steps/support/without_page.py).
"""

from __future__ import annotations

from catalogue.edges import Edge
from steps.support.people import identity_values, password_values
from steps.support.without_page import captcha_answer
from walkthrough.journey import Journey
from walkthrough.people import Nir, Person, nir_key
from walkthrough.verdict import fail

# The step whose request carries a rule's examples (step 2 unless named).
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
        return password_values(edge.value)
    changed = with_edge(person, edge)
    values = identity_values(changed, captcha=captcha_answer(journey))
    if edge.field == "nir_key_offset":
        values["cle"] = f"{int(changed.nir.cle) + int(edge.value):02d}"
    if edge.field == "email_confirm_case" and edge.value == "upper":
        values["email_confirm"] = changed.email.upper()
    return values


def edge_accepted(rule: str, step: int, suspects: list[Edge], count: int) -> AssertionError:
    """Return the failure of examples outside `rule` that went through `step`."""
    which = "; ".join(f"« {e.case} » (“{e.value}”)" for e in suspects)
    one = "" if len(suspects) == 1 else "one of "
    return fail(
        rule,
        f"accepté par le serveur: {one}{which} went through step {step} sent without the page",
        f"each of the {count} examples outside the rule's classes to be refused",
    )
