"""Deliberate defects of the second portal: each breaks one catalogue rule, for the suite to see.

`python -m implementations.second --defect NAME` switches one on (repeatable). Names and rules are
those of mock_portal/defects.py where the defect applies here, plus the weak checks of issue #11.
The server asks `on(NAME)`; the browser app gets the list through the state API.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Defect:
    """One deliberate deviation: the rule it breaks and what a person would notice."""

    rule: str
    description: str


DEFECTS: dict[str, Defect] = {
    # The switches of mock_portal, same names and rules.
    "cgu-not-enforced": Defect("CGU-02", "step 1 goes on without the CGU box ticked"),
    "cgu-link-missing": Defect("CGU-01", "step 1 has no link to the CGU document"),
    "nir-key-unchecked": Defect("FORM-02", "any 2-digit key is accepted for a valid NIR"),
    "corsica-refused": Defect("FORM-02", "a valid Corsican NIR (2A/2B) is refused"),
    "birth-name-optional": Defect("FORM-03", "an empty 'Nom de naissance' is accepted"),
    "email-mismatch-accepted": Defect(
        "FORM-04", "a 'Confirmation courriel' different from 'Courriel' is accepted"
    ),
    "phone-unchecked": Defect("FORM-05", "any text is accepted as a phone number"),
    "typed-values-lost": Defect("FORM-06", "a refused step 2 comes back with empty fields"),
    "first-error-only": Defect("FORM-06", "a refused step 2 shows only its first error"),
    "duplicate-nir-accepted": Defect("FORM-07", "a NIR that already has an account goes on"),
    "captcha-case-sensitive": Defect("CAP-02", "the captcha answer must match the case"),
    "captcha-replayable": Defect("CAP-03", "an answer already used is accepted again"),
    "captcha-same-after-error": Defect(
        "CAP-03", "a wrong answer keeps the same characters on screen"
    ),
    "captcha-valid-after-renewal": Defect(
        "CAP-04", "after renewal the previous characters are still accepted"
    ),
    "captcha-audio-stale": Defect("CAP-05", "the audio always speaks the first characters"),
    "password-no-uppercase": Defect(
        "PWD-01", "a password without an upper-case letter is accepted"
    ),
    "password-two-digits": Defect("PWD-01", "a password with only two digits is accepted"),
    "password-confirmation-unchecked": Defect(
        "PWD-02", "a different 'Confirmation mot de passe' is accepted"
    ),
    "show-password-broken": Defect("PWD-03", "'Afficher le mot de passe' does nothing at step 3"),
    "strength-indicator-wrong": Defect("PWD-04", "the indicator never reads 'Fort'"),
    "long-password-refused": Defect("PWD-05", "passwords over 12 characters are refused"),
    "age-14-accepted": Defect("ELIG-03", "a person under 15 is accepted"),
    "age-15-no-declaration": Defect(
        "ELIG-02", "a 15-year-old goes on without declaring an apprenticeship contract"
    ),
    "unknown-month-december": Defect(
        "ELIG-04", "an unknown birth month counts as December instead of January"
    ),
    "home-no-account-button": Defect(
        "NAV-01", "the home page has no 'Mon compte formation' control"
    ),
    "progress-no-current": Defect("NAV-03", "the progress bar does not mark the current step"),
    "step-skippable": Defect("NAV-04", "step 2 or 3 opens by its URL without the steps before"),
    "welcome-banner-missing": Defect("SYN-01", "no welcome banner in the account space"),
    "name-not-capitals": Defect("SYN-02", "the holder's name is shown as typed, not in capitals"),
    "dif-above-cap": Defect("SYN-06", "a DIF balance above 120 hours is accepted"),
    "email-not-sent": Defect("MAIL-01", "no confirmation email is sent"),
    "email-link-elsewhere": Defect("MAIL-02", "'à cette adresse' points to another site"),
    "email-sent-twice": Defect("MAIL-03", "the confirmation email is sent twice"),
    "email-contains-password": Defect("MAIL-03", "the confirmation email quotes the password"),
    "login-reveals-unknown-nir": Defect(
        "LOG-02", "an unknown NIR gets a different message from a wrong password"
    ),
    "login-spaces-refused": Defect("LOG-01", "a NIR typed with spaces cannot sign in"),
    "login-show-password-broken": Defect(
        "LOG-03", "'Afficher le mot de passe' does nothing on the login page"
    ),
    # The weak checks issue #11 lists, and a few more ways to break the same rules.
    "password-rule-hint-only": Defect(
        "PWD-01", "the rule sentence stands as a hint tied to the field, but any password passes"
    ),
    "strength-very-strong-refused": Defect(
        "PWD-04", "the indicator reads 'Très fort' for a password that is refused"
    ),
    "age-note-only": Defect(
        "ELIG-03",
        "step 2 shows the seed's age sentence as a standing note, yet a 14-year-old goes on",
    ),
    "email-activation-missing": Defect(
        "MAIL-01", "the email lacks the sentence saying the account is activated"
    ),
    "email-password-base64": Defect(
        "MAIL-03", "the email quotes the password in a base64-encoded body"
    ),
    "email-link-other-port": Defect(
        "MAIL-02", "the address beside 'à cette adresse' has the right host but another port"
    ),
    "login-messages-differ": Defect(
        "LOG-02", "an unknown NIR gets the same message plus a hint a wrong password does not get"
    ),
    "dif-figures-stale": Defect(
        "SYN-06", "a DIF balance is saved but the figures on the summary do not change"
    ),
    "dif-refused-changes-figures": Defect(
        "SYN-06", "a refused DIF balance is stored clamped to 0-120 and the figures change"
    ),
    "captcha-audio-other": Defect("CAP-05", "the audio speaks other characters than the image"),
    "captcha-kept-after-refusal": Defect(
        "CAP-03", "a right answer stays good when step 2 is refused for another field"
    ),
    "space-links-hidden": Defect(
        "SYN-05", "the account space's links are in the page but hidden from view"
    ),
    "errors-not-tied": Defect("FORM-06", "step 2's errors are shown but none is tied to its field"),
    # The deviations issue 19 found no scenario for.
    "double-submit-two-emails": Defect(
        "MAIL-03", "a double click on 'Terminer' sends two emails (the second request registers)"
    ),
    "captcha-replay-after-success": Defect(
        "CAP-03", "an answer that served a successful step 2 is accepted again after going back"
    ),
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
        "NAV-04", "the app sends a skipped step back, but the server accepts step 2 by request"
    ),
    "captcha-in-cookie": Defect("CAP-03", "the captcha answer rides in a cookie a script can read"),
    "email-confirmation-case-only": Defect(
        "FORM-04", "a confirmation email that differs only in case is accepted"
    ),
    "mobile-08-accepted": Defect("FORM-05", "a mobile number starting with 08 is accepted"),
    "month-43-49-accepted": Defect("FORM-02", "a NIR whose month is 43 to 49 is accepted"),
}


def unknown(names: list[str]) -> list[str]:
    """Return the names that are not defects here."""
    return [name for name in names if name not in DEFECTS]
