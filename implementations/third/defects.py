"""Deliberate defects of the third portal: each breaks one catalogue rule, for the suite to see.

`python -m implementations.third --defect NAME` switches one on (repeatable). The server asks
`Defects.on(NAME)`; the page learns the ones it must honour from the session API. Which switches
this portal has, the rule each breaks and its description are in catalogue/defects.yaml.
"""

from __future__ import annotations

from implementations.switches import Defect, listed

DEFECTS: dict[str, Defect] = listed("third")

# The ones the page must honour too (it validates first); the others live on the server only.
PAGE: frozenset[str] = frozenset(
    {
        "home-no-account-button", "progress-no-current", "step-skippable", "cgu-link-missing",
        "cgu-not-enforced", "nir-key-unchecked", "birth-name-optional",
        "email-mismatch-accepted", "phone-unchecked", "errors-not-tied", "typed-values-lost",
        "password-two-digits", "password-confirmation-unchecked", "show-password-broken",
        "strength-indicator-wrong", "long-password-refused", "welcome-banner-missing",
        "name-not-capitals", "space-link-missing", "dif-above-cap", "double-submit-two-emails",
        "login-show-password-broken", "email-confirmation-case-only", "mobile-08-accepted",
        "month-43-49-accepted", "age-14-accepted", "age-15-no-declaration",
    }
)  # fmt: skip


def unknown(names: list[str]) -> list[str]:
    """Return the names that are not defects here."""
    return [name for name in names if name not in DEFECTS]
