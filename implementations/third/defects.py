"""Deliberate defects of the third portal: each breaks one catalogue rule, for the suite to see.

`python -m implementations.third --defect NAME` switches one on (repeatable). The server asks
`Defects.on(NAME)`; the page learns the ones it must honour from the session API.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Defect:
    """One deliberate deviation: the rule it breaks and what a person would notice."""

    rule: str
    description: str


DEFECTS: dict[str, Defect] = {
    "home-no-account-button": Defect("NAV-01", "the home page has no 'Mon compte formation' link"),
    "progress-no-current": Defect("NAV-03", "the progress bar marks no step as current"),
    "step-skippable": Defect("NAV-04", "a later step's route opens without the steps before"),
    "cgu-link-missing": Defect("CGU-01", "step 1 has no link to the CGU document"),
    "cgu-not-enforced": Defect("CGU-02", "step 1 goes on without the CGU box ticked"),
    "nir-key-unchecked": Defect("FORM-02", "any 2-digit key is accepted for a valid NIR"),
    "birth-name-optional": Defect("FORM-03", "an empty 'Nom de naissance' is accepted"),
    "email-mismatch-accepted": Defect("FORM-04", "a different confirmation email is accepted"),
    "phone-unchecked": Defect("FORM-05", "any text is accepted as a phone number"),
    "errors-not-tied": Defect("FORM-06", "field errors are shown but tied to no field"),
    "typed-values-lost": Defect("FORM-06", "a refused step 2 comes back with empty fields"),
    "duplicate-nir-accepted": Defect("FORM-07", "a NIR that already has an account goes on"),
    "captcha-case-sensitive": Defect("CAP-02", "the captcha answer must match the case"),
    "captcha-replayable": Defect("CAP-03", "a refused step 2 keeps the same characters valid"),
    "captcha-replay-after-success": Defect(
        "CAP-03", "an answer that served a successful step 2 is accepted again after going back"
    ),
    "captcha-valid-after-renewal": Defect("CAP-04", "renewed characters leave the old valid"),
    "captcha-audio-stale": Defect("CAP-05", "the audio always speaks the first characters"),
    "password-two-digits": Defect("PWD-01", "a password with only two digits is accepted"),
    "password-confirmation-unchecked": Defect("PWD-02", "a different confirmation is accepted"),
    "show-password-broken": Defect("PWD-03", "'Afficher le mot de passe' does nothing at step 3"),
    "strength-indicator-wrong": Defect("PWD-04", "the indicator never reads 'Fort'"),
    "long-password-refused": Defect("PWD-05", "passwords over 12 characters are refused"),
    "age-15-no-declaration": Defect("ELIG-02", "a 15-year-old goes on without any declaration"),
    "age-14-accepted": Defect("ELIG-03", "a person under 15 is accepted"),
    "unknown-month-december": Defect("ELIG-04", "an unknown birth month counts as December"),
    "welcome-banner-missing": Defect("SYN-01", "no welcome banner after registering"),
    "name-not-capitals": Defect("SYN-02", "the holder's name is shown as typed"),
    "space-link-missing": Defect("SYN-05", "the account space has no link to the delegations"),
    "dif-above-cap": Defect("SYN-06", "a DIF balance above 120 hours is accepted"),
    "email-not-sent": Defect("MAIL-01", "no confirmation email is sent"),
    "email-activation-missing": Defect("MAIL-01", "the email never says the account is usable"),
    "email-link-elsewhere": Defect("MAIL-02", "'à cette adresse' points to another site"),
    "double-submit-two-emails": Defect(
        "MAIL-03", "a double click on 'Créer mon compte' sends two emails"
    ),
    "email-contains-password": Defect("MAIL-03", "the email quotes the password"),
    "login-spaces-refused": Defect("LOG-01", "a NIR typed with spaces cannot sign in"),
    "login-reveals-unknown-nir": Defect("LOG-02", "an unknown NIR gets its own message"),
    "login-show-password-broken": Defect("LOG-03", "'Afficher le mot de passe' does nothing"),
    # Issue 25: rules the page keeps and the server does not, and each rule at its edges.
    "nir-key-page-only": Defect(
        "FORM-02", "only the page checks the NIR key; the server takes any"
    ),
    "age-page-only": Defect(
        "ELIG-03", "only the page checks the age; the server takes a 14-year-old"
    ),
    "email-confirmation-page-only": Defect(
        "FORM-04", "only the page compares the confirmation email; the server takes any"
    ),
    "password-page-only": Defect("PWD-01", "only the page checks the password rule"),
    "step-order-page-only": Defect(
        "NAV-04", "the router sends a skipped step back, but the server accepts step 3 by request"
    ),
    "captcha-in-cookie": Defect("CAP-03", "the captcha answer rides in a cookie a script can read"),
    "email-confirmation-case-only": Defect(
        "FORM-04", "a confirmation email that differs only in case is accepted"
    ),
    "mobile-08-accepted": Defect("FORM-05", "a mobile number starting with 08 is accepted"),
    "month-43-49-accepted": Defect("FORM-02", "a NIR whose month is 43 to 49 is accepted"),
}

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
