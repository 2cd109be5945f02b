"""Deliberate defects (test mode only): each breaks one catalogue rule, to prove the suite sees it.

`python -m mock_portal --test-mode --defect NAME` switches one on (repeatable); the portal's
code asks `active(NAME)` where an implementation could get the rule wrong. Production never
has any: the command line refuses `--defect` without `--test-mode`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session
from stdnum.fr import nir as stdnum_nir

from catalogue import texts
from mock_portal import nir as nir_rules


@dataclass(frozen=True, slots=True)
class Defect:
    """One deliberate deviation: the rule it breaks and what a person would notice."""

    rule: str
    description: str


DEFECTS: dict[str, Defect] = {
    "cgu-not-enforced": Defect("CGU-02", "step 1 goes on without the CGU box ticked"),
    "cgu-link-missing": Defect(
        "CGU-01", "step 1 has no link to the CGU document (the site footer keeps its own)"
    ),
    "nir-key-unchecked": Defect("FORM-02", "any 2-digit key is accepted for a valid NIR"),
    "corsica-refused": Defect("FORM-02", "a valid Corsican NIR (2A/2B) is refused"),
    "birth-name-optional": Defect("FORM-03", "an empty 'Nom de naissance' is accepted"),
    "email-mismatch-accepted": Defect(
        "FORM-04", "a 'Confirmation courriel' different from 'Courriel' is accepted"
    ),
    "phone-unchecked": Defect("FORM-05", "any text is accepted as a phone number"),
    "typed-values-lost": Defect("FORM-06", "a refused step 2 comes back with empty fields"),
    "first-error-only": Defect("FORM-06", "a refused step 2 lists only its first error"),
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
    # Issue 11: each one a check that used to pass a non-conformant portal.
    "password-rule-hint-only": Defect(
        "PWD-01", "a refused password brings step 3 back with only the standing rule, no error"
    ),
    "password-refused-account-created": Defect(
        "PWD-01", "a refused password shows the error, yet the account is created with it"
    ),
    "strength-very-strong-refused": Defect(
        "PWD-04", "the indicator reads 'Très fort' for a password that is refused"
    ),
    "age-note-only": Defect(
        "ELIG-03", "step 2 shows the age sentence as a standing note; under 15, no error appears"
    ),
    "email-activation-missing": Defect(
        "MAIL-01", "the email lacks the sentence saying the account is activated"
    ),
    "email-password-base64": Defect(
        "MAIL-03", "the email quotes the password in a base64-encoded body"
    ),
    "email-link-other-port": Defect(
        "MAIL-02", "'à cette adresse' has the right host but another port"
    ),
    "login-messages-differ": Defect(
        "LOG-02", "an unknown NIR gets the same message plus a hint a wrong password does not get"
    ),
    "dif-figures-stale": Defect(
        "SYN-06", "a DIF balance is confirmed but the figures on the summary do not change"
    ),
    "dif-refused-changes-figures": Defect(
        "SYN-06", "a refused DIF balance is stored clamped to 0-120 and the figures change"
    ),
    "space-links-hidden": Defect(
        "SYN-05", "the account space's links are in the page but hidden from view"
    ),
    "errors-not-tied": Defect(
        "FORM-06", "step 2's errors are listed at the top, none tied to its field"
    ),
    "captcha-kept-after-refusal": Defect(
        "CAP-03", "a right answer stays good when step 2 is refused for another field"
    ),
    "captcha-audio-silent": Defect("CAP-05", "the audio version is a silent sound file"),
    "nir-month-unchecked": Defect(
        "FORM-02", "a NIR whose birth month does not exist (00, 13-19, 43-49) is accepted"
    ),
    # Issue 25: rules held only by the page (its script shows the server's own markup and
    # messages: static/js/page_checks.js), a step taken out of order by request, and edges.
    "nir-key-page-only": Defect(
        "FORM-02", "the page checks the NIR key in script; the server accepts any key"
    ),
    "age-page-only": Defect(
        "ELIG-03", "the page refuses under 15 in script; the server accepts any age"
    ),
    "email-confirmation-page-only": Defect(
        "FORM-04", "the page compares the email confirmation in script; the server does not"
    ),
    "password-page-only": Defect(
        "PWD-01", "the page checks the password rule in script; the server does not"
    ),
    "step-3-out-of-order": Defect(
        "NAV-04", "step 2 refused for its captcha alone still lets step 3's request through"
    ),
    "email-confirmation-case-insensitive": Defect(
        "FORM-04", "a confirmation that differs from the email only in case is accepted"
    ),
    "mobile-08-accepted": Defect("FORM-05", "a mobile number starting with 08 is accepted"),
    "nir-month-43-49-accepted": Defect(
        "FORM-02", "a NIR whose birth month code is 43 to 49 is accepted"
    ),
    "captcha-in-cookie": Defect(
        "CAP-03", "the answer rides in a signed, not encrypted, cookie (as Flask's own session)"
    ),
    # Issue 19: a person who double-clicks, goes back, or types a later step's address.
    "double-submit-two-emails": Defect(
        "MAIL-03", "a double click on 'Valider' at step 3 sends the confirmation email twice"
    ),
    "captcha-replay-after-success": Defect(
        "CAP-03", "the answer that passed step 2 is accepted again after going back"
    ),
    "step-3-after-step-1": Defect(
        "NAV-04", "step 3 opens by its URL once step 1 is done, before step 2 is"
    ),
    "step-2-any-session": Defect(
        "NAV-04", "step 2 opens by its URL in a session that has only shown step 1"
    ),
}

# The checks each page-only defect leaves to the page's script (static/js/page_checks.js).
PAGE_ONLY = {
    "nir-key-page-only": "nir-key",
    "age-page-only": "age",
    "email-confirmation-page-only": "email-confirmation",
    "password-page-only": "password",
}

KNOWN_DEFECTS: frozenset[str] = frozenset(DEFECTS)

# The deliberately revealing message of `login-reveals-unknown-nir` (LOG-02 forbids it).
UNKNOWN_NIR_MESSAGE = "Aucun compte n'est ouvert avec ce numéro de sécurité sociale."
ELSEWHERE_URL = "http://ailleurs.invalid/connexion"
# The extra hint of `login-messages-differ`, shown to an unknown NIR only.
UNKNOWN_NIR_HINT = "Vérifiez les 15 caractères de votre numéro de sécurité sociale."
BASE64_MARK = "Pour mémoire, votre mot de passe : "
MAIL_ACTIVATED = texts.MAIL_ACTIVATED


def other_port(url: str) -> str:
    """Return `url` on the next port of the same host (`email-link-other-port`)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    port = (parts.port or 80) + 1
    return urlunsplit(parts._replace(netloc=f"{parts.hostname}:{port}"))


def silent_like(wav: bytes) -> bytes:
    """Return a WAV as long as `wav` but silent (`captcha-audio-silent`)."""
    import io
    import wave

    with wave.open(io.BytesIO(wav)) as spoken:
        params = spoken.getparams()
    # espeak-ng streams its WAV with an open-ended length: count the bytes after the header.
    frames = max(0, len(wav) - 44) // (params.sampwidth * params.nchannels)
    out = io.BytesIO()
    with wave.open(out, "wb") as quiet:
        quiet.setparams(params._replace(nframes=frames))
        quiet.writeframes(b"\x00" * frames * params.sampwidth * params.nchannels)
    return out.getvalue()


def active(name: str) -> bool:
    """Tell whether the deliberate defect `name` is switched on for this app."""
    if name not in DEFECTS:
        raise KeyError(f"no defect named {name!r}")  # a typo must not pass silently
    return has_app_context() and name in current_app.config["DEFECTS"]


def page_checks() -> dict[str, Any]:
    """Return what the page's script checks because a page-only defect is on ({} if none)."""
    from catalogue import messages
    from mock_portal.views.common import today

    checks = [check for name, check in PAGE_ONLY.items() if active(name)]
    if not checks:
        return {}
    said = {
        "summary": messages.ERROR_SUMMARY,
        "nir": messages.NIR_INVALID,
        "age": messages.AGE_CONDITION,
        "email": messages.EMAIL_MISMATCH,
        "password": texts.PASSWORD_RULE,
    }
    return {"checks": checks, "messages": said, "today": today().isoformat()}


def init_app(app: Flask) -> None:
    """Let templates ask `defect(NAME)` and `page_checks()`."""
    app.jinja_env.globals["defect"] = active
    app.jinja_env.globals["page_checks"] = page_checks


def parse_nir(number: str, cle: str) -> nir_rules.Nir | None:
    """Parse a NIR as the portal does, unless a FORM-02 defect is on."""
    parsed = nir_rules.parse(number, cle)
    if parsed is None and active("nir-month-43-49-accepted"):
        parsed = _month_43_49(nir_rules.compact(number), nir_rules.compact(cle))
    if parsed is None and active("nir-month-unchecked"):
        compact, key = nir_rules.compact(number), nir_rules.compact(cle)
        if len(compact) == 13 and compact[:3].isdigit() and compact[5:].isalnum():
            fixed = compact[:3] + "01" + compact[5:]  # read as January: the month is ignored
            try:
                right_key = stdnum_nir.calc_check_digits(compact)
                month_aside = nir_rules.parse(fixed, stdnum_nir.calc_check_digits(fixed))
            except ValueError:  # letters where digits belong: refused as usual
                return None
            if month_aside and key == right_key:
                return nir_rules.Nir(compact, key)
    if parsed and active("corsica-refused") and parsed.number[5:7] in ("2A", "2B"):
        return None
    if parsed is None and (active("nir-key-unchecked") or active("nir-key-page-only")):
        compact, typed_key = nir_rules.compact(number), nir_rules.compact(cle)
        if len(compact) == 13 and len(typed_key) == 2 and typed_key.isdigit():
            right = nir_rules.parse(compact, stdnum_nir.calc_check_digits(compact))
            return nir_rules.Nir(right.number, typed_key) if right else None
    return parsed


def _month_43_49(compact: str, key: str) -> nir_rules.Nir | None:
    """Accept a month code 43-49 as an unknown month (`nir-month-43-49-accepted`)."""
    if len(compact) != 13 or not compact[3:5].isdigit() or not 43 <= int(compact[3:5]) <= 49:
        return None
    unknown = compact[:3] + "50" + compact[5:]
    try:
        right, other = stdnum_nir.calc_check_digits(compact), stdnum_nir.calc_check_digits(unknown)
    except ValueError:
        return None
    ok = key == right and nir_rules.parse(unknown, other) is not None
    return nir_rules.Nir(compact, key) if ok else None


def leak_answer(challenge: dict[str, str]) -> None:
    """Send the challenge in a cookie signed as Flask signs its session (`captcha-in-cookie`)."""
    from flask import after_this_request
    from itsdangerous import URLSafeTimedSerializer

    signed = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="cookie-session")
    value = signed.dumps({"captcha": challenge})

    @after_this_request
    def _set(response: Any) -> Any:
        response.set_cookie("etat", value, httponly=True, samesite="Lax")
        return response


def age_on(nir: nir_rules.Nir, today: date) -> int:
    """Return the age as ELIG-04 reads it, unless `unknown-month-december` is on."""
    if active("unknown-month-december") and not 1 <= int(nir.number[3:5]) <= 12:
        year = 2000 + nir.birth_year_2
        if (year, 12) > (today.year, today.month):
            year -= 100
        return today.year - year - (1 if today.month < 12 else 0)
    return nir_rules.age_on(nir, today)


def after_queue(db: Session, *, password: str) -> None:
    """Apply the MAIL defects to the confirmation just added to the session."""
    from mock_portal.db import OutboxMessage

    rows: list[Any] = [o for o in db.new if isinstance(o, OutboxMessage)]
    if active("email-not-sent"):
        for row in rows:
            db.expunge(row)
        return
    for row in rows:
        if active("email-activation-missing"):
            for part in MAIL_ACTIVATED:
                row.text_body = row.text_body.replace(part, "")
                row.html_body = row.html_body.replace(part, "")
        if active("email-password-base64"):
            # build_message sends a body holding this line in base64 (BASE64_MARK)
            row.text_body += f"\n{BASE64_MARK}{password}\n"
        if active("email-contains-password"):
            row.text_body += f"\nVotre mot de passe : {password}\n"
            row.html_body += f"<p>Votre mot de passe : {password}</p>"
        if active("email-sent-twice"):
            copy = OutboxMessage(
                message_id=row.message_id.replace("<", "<bis.", 1),
                recipient=row.recipient,
                subject=row.subject,
                text_body=row.text_body,
                html_body=row.html_body,
            )
            db.add(copy)
