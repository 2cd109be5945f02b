"""The people the steps make up, and what such a person types, field by field."""

from __future__ import annotations

from typing import Any

from walkthrough.pages.registration import IDENTITY_FIELDS, field_value
from walkthrough.people import Person, make_person
from walkthrough.targets import Target

# A wrong answer to any captcha: letters and digits that look alike.
WRONG_CAPTCHA_ANSWER = "0O0O0O"


def new_person(target: Target, **kwargs: Any) -> Person:
    """Return a unique person whose address the target's mailbox receives."""
    return make_person(email_template=target.email_template, **kwargs)


def identity_values(person: Person, *, captcha: str) -> dict[str, str]:
    """Return what a person types at step 2, field by field in the order she types it."""
    values = {name: field_value(person, attribute) for name, attribute in IDENTITY_FIELDS}
    return {**values, "captcha": captcha}


def password_values(password: str, confirmation: str | None = None) -> dict[str, str]:
    """Return what a person types at step 3."""
    return {
        "password": password,
        "password_confirm": password if confirmation is None else confirmation,
    }
