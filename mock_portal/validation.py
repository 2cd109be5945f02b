"""Field rules shared by registration and the personal-information page (FORM, PWD)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from catalogue import messages, texts

if TYPE_CHECKING:  # the policy builds on this module's checks
    from mock_portal.policy import Fields

EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
# Server-side limits, each refused with its own message (FORM-06: typed values are kept).
# The inputs carry no `maxlength`: a browser would cut a pasted value without a word.
MAX_NAME = 100  # "Prénom", "Nom de naissance": FIRST_NAME_TOO_LONG, BIRTH_NAME_TOO_LONG
MAX_EMAIL = 254  # "Courriel" (RFC 5321 path limit): EMAIL_TOO_LONG


def normalize_phone(value: str) -> str:
    """Turn '+33 6 12.34.56.78' into '0612345678' (spaces, dots and +33 accepted)."""
    compact = re.sub(r"[ .]", "", value or "")
    if compact.startswith("+33"):
        compact = "0" + compact[3:]
    return compact


def email_is_valid(value: str) -> bool:
    """Tell whether a typed address looks like a deliverable email address."""
    value = value or ""
    return len(value) <= MAX_EMAIL and EMAIL_RE.match(value) is not None


def contact_errors(form: dict[str, str], *, rules: Fields) -> dict[str, str]:
    """Check phones, email and its confirmation as `rules` say; return {field: message}."""
    errors: dict[str, str] = {}
    for field, mobile in (("telephone_fixe", False), ("telephone_portable", True)):
        if err := rules.phone_error(form.get(field, ""), mobile=mobile):
            errors[field] = err
    email = form.get("courriel", "").strip()
    if len(email) > MAX_EMAIL:
        errors["courriel"] = messages.EMAIL_TOO_LONG
    elif not email_is_valid(email):
        errors["courriel"] = messages.EMAIL_INVALID
    elif rules.email_confirmation_differs(form.get("courriel_confirmation", "").strip(), email):
        errors["courriel_confirmation"] = messages.EMAIL_MISMATCH
    return errors


def password_is_valid(password: str, *, need_upper: bool = True, min_digits: int = 3) -> bool:
    """Apply PWD-01: at least 5 letters with both cases, and at least 3 digits."""
    letters = [c for c in password if c.isalpha()]
    digits = [c for c in password if c.isdigit()]
    return (
        len(letters) >= 5
        and any(c.islower() for c in letters)
        and (any(c.isupper() for c in letters) or not need_upper)
        and len(digits) >= min_digits
    )


def password_strength(password: str) -> str:
    """Return the word of the strength indicator (mirrored in static/js/portal.js)."""
    if not password_is_valid(password):
        return messages.STRENGTH_WEAK
    if len(password) >= 12:
        return texts.STRENGTH_STRONG
    return messages.STRENGTH_MEDIUM


def password_errors(form: dict[str, str], *, rules: Fields) -> dict[str, str]:
    """Check the password and its confirmation as `rules` say; return {field: message}."""
    password = form.get("mot_de_passe", "")
    if not rules.password_ok(password):
        return {"mot_de_passe": texts.PASSWORD_RULE}
    if rules.password_confirmation_differs(form.get("mot_de_passe_confirmation", ""), password):
        return {"mot_de_passe_confirmation": messages.PASSWORD_MISMATCH}
    return {}
