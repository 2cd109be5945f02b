"""Field rules shared by registration and the personal-information page (FORM, PWD)."""

from __future__ import annotations

import re

from catalogue import messages, texts
from mock_portal.defects import active

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


def phone_error(value: str, *, mobile: bool) -> str | None:
    """Return the error message for an optional French phone number, or None."""
    if not (value or "").strip():
        return None
    number = normalize_phone(value)
    prefixes = ("06", "07") if mobile else ("01", "02", "03", "04", "05", "09")
    if mobile and active("mobile-08-accepted"):
        prefixes = (*prefixes, "08")
    if len(number) != 10 or not number.isdigit() or not number.startswith(prefixes):
        return messages.MOBILE_INVALID if mobile else messages.LANDLINE_INVALID
    return None


def email_is_valid(value: str) -> bool:
    """Tell whether a typed address looks like a deliverable email address."""
    value = value or ""
    return len(value) <= MAX_EMAIL and EMAIL_RE.match(value) is not None


def contact_errors(form: dict[str, str]) -> dict[str, str]:
    """Check phones, email and its confirmation; return {field: message}."""
    errors: dict[str, str] = {}
    phones_checked = not active("phone-unchecked")
    if phones_checked and (err := phone_error(form.get("telephone_fixe", ""), mobile=False)):
        errors["telephone_fixe"] = err
    if phones_checked and (err := phone_error(form.get("telephone_portable", ""), mobile=True)):
        errors["telephone_portable"] = err
    email = form.get("courriel", "").strip()
    if len(email) > MAX_EMAIL:
        errors["courriel"] = messages.EMAIL_TOO_LONG
    elif not email_is_valid(email):
        errors["courriel"] = messages.EMAIL_INVALID
    elif _confirmation_differs(form.get("courriel_confirmation", "").strip(), email):
        errors["courriel_confirmation"] = messages.EMAIL_MISMATCH
    return errors


def _confirmation_differs(confirmation: str, email: str) -> bool:
    if active("email-mismatch-accepted") or active("email-confirmation-page-only"):
        return False
    if active("email-confirmation-case-insensitive"):
        return confirmation.lower() != email.lower()
    return confirmation != email


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


def password_errors(form: dict[str, str]) -> dict[str, str]:
    """Check the password and its confirmation; return {field: message}."""
    password = form.get("mot_de_passe", "")
    valid = password_is_valid(
        password,
        need_upper=not active("password-no-uppercase"),
        min_digits=2 if active("password-two-digits") else 3,
    )
    if active("password-page-only"):
        valid = True
    if not valid or (active("long-password-refused") and len(password) > 12):
        return {"mot_de_passe": texts.PASSWORD_RULE}
    if active("password-confirmation-unchecked"):
        return {}
    if form.get("mot_de_passe_confirmation", "") != password:
        return {"mot_de_passe_confirmation": messages.PASSWORD_MISMATCH}
    return {}
