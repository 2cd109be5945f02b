"""The JSON API behind the browser app: each handler takes the session and the posted JSON.

Every rule is checked here again, whatever the browser did (static/app.js checks first so that
a refusal needs no round trip).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from implementations.second import captcha, mail, rules
from implementations.second.store import Session, Store

log = logging.getLogger("second_portal")
Reply = tuple[int, dict[str, Any]]
LOGIN_PATH = "/espace/connexion"


@dataclass(slots=True)
class Portal:
    """What every handler needs: storage, settings and the defects switched on."""

    store: Store
    smtp: tuple[str, int]
    captcha_fixed: str | None = None
    defects: frozenset[str] = field(default_factory=frozenset)
    # The test-only hook (GET /_test/captcha) answers only when started with --test-mode.
    test_mode: bool = False
    today: Callable[[], date] = date.today
    # Step 3 reads then writes the session: a double click's two requests must take turns.
    registering: threading.Lock = field(default_factory=threading.Lock)

    def on(self, name: str) -> bool:
        """Tell whether the deliberate defect `name` is switched on."""
        return name in self.defects

    def captcha_for(self, session: Session) -> str:
        """Return the session's live captcha id, making one when there is none."""
        current = self.store.current_captcha(session.jeton)
        return current or self.renew(session)

    def renew(self, session: Session) -> str:
        """Give the session new characters; the old ones stop working (unless a defect)."""
        answer = captcha.new_answer(self.captcha_fixed)
        keep = self.on("captcha-valid-after-renewal")
        return self.store.new_captcha(session.jeton, answer, keep_old=keep)


def state(portal: Portal, session: Session) -> Reply:
    """Describe the session for the browser app."""
    body: dict[str, Any] = {"csrf": session.csrf, "etape": session.etape}
    body["messages"] = rules.MESSAGES
    if session.compte:
        account = portal.store.account(session.compte)
        body["compte"] = {k: account[k] for k in ("prenom", "nom", "courriel", "dif")}
        body["compte"] |= {k: account[k] or "" for k in ("fixe", "portable")}
        body["accueil"] = session.accueil
    if portal.defects:
        body["variantes"] = sorted(portal.defects)
    return 200, body


def accept_terms(portal: Portal, session: Session, form: dict[str, Any]) -> Reply:
    """Step 1: the terms must be accepted."""
    if not form.get("accepte") and not portal.on("cgu-not-enforced"):
        return 422, {"erreurs": {"cgu": "refus"}}
    portal.store.update_session(session.jeton, etape=max(session.etape, 2))
    return 200, {"etape": 2}


def pending_answer(portal: Portal, session: Session | None) -> Reply:
    """Tell the answer of the session's pending captcha (the test-only hook, `--test-mode`)."""
    ident = portal.store.current_captcha(session.jeton) if session else None
    answer = portal.store.captcha_answer(ident) if ident else None
    if answer is None:
        return 404, {"error": "no captcha is pending in this session"}
    return 200, {"answer": answer}


def new_captcha(portal: Portal, session: Session, form: dict[str, Any]) -> Reply:
    """Renew the characters (the renewal link, and every refusal of step 2)."""
    return 200, {"captcha": portal.renew(session)}


def _captcha_right(portal: Portal, session: Session, typed: str) -> bool:
    live = portal.store.live_answers(session.jeton)
    if portal.on("captcha-case-sensitive"):
        return typed in live
    return typed.upper() in (answer.upper() for answer in live)


# The checks of step 2 each switch turns off (see defects.py).
_SKIPPED_BY = (
    ("corsica-refused", "corsica"),
    ("nir-key-unchecked", "key"),
    ("birth-name-optional", "birth-name"),
    ("phone-unchecked", "phones"),
    ("email-mismatch-accepted", "email-match"),
    ("nir-key-page-only", "key"),
    ("email-confirmation-page-only", "email-match"),
    ("email-confirmation-case-only", "email-case"),
    ("mobile-08-accepted", "mobile-08"),
    ("month-43-49-accepted", "months-43-49"),
)


def identity(portal: Portal, session: Session, form: dict[str, Any]) -> Reply:
    """Step 2: identity, contact, captcha and age."""
    if (
        session.etape < 2
        and not portal.on("step-skippable")
        and not portal.on("step-order-page-only")
    ):
        return 409, {"etape": session.etape}
    fields = {k: str(form.get(k, "")) for k in rules.FIELDS}
    skip = {name for defect, name in _SKIPPED_BY if portal.on(defect)}
    errors = rules.identity_errors(fields, skip=skip)
    typed = fields["captcha"].strip()
    right = bool(typed) and _captcha_right(portal, session, typed)
    if not typed:
        errors["captcha"] = rules.CAPTCHA_EMPTY
    elif not right:
        errors["captcha"] = rules.CAPTCHA_BAD
    nir = rules.squeeze(fields["nir"]) + rules.squeeze(fields["cle"])
    readable = "nir" not in errors and "cle" not in errors
    asks_declaration = readable and _age_errors(portal, fields, form, errors)
    if readable and portal.store.has_account(nir) and not portal.on("duplicate-nir-accepted"):
        errors["nir"] = rules.ALREADY
    if errors:
        if portal.on("first-error-only"):
            errors = dict([next(iter(errors.items()))])
        keep = (right and portal.on("captcha-kept-after-refusal")) or (
            not right and portal.on("captcha-same-after-error")
        )
        reply = {"erreurs": errors, "apprenti": asks_declaration}
        if not keep:
            reply["captcha"] = portal.renew(session)
        return 422, reply
    if not portal.on("captcha-replayable") and not portal.on("captcha-replay-after-success"):
        portal.store.spend_captchas(session.jeton)
    fields.pop("captcha")
    fields["nir"] = nir
    portal.store.update_session(session.jeton, etape=3, identite=fields)
    return 200, {"etape": 3}


def _age_errors(
    portal: Portal, fields: dict[str, str], form: dict[str, Any], errors: dict[str, str]
) -> bool:
    """Add the age's errors to `errors`; tell whether the apprenticeship declaration is asked."""
    if portal.on("age-page-only"):
        return False
    unknown_month = 12 if portal.on("unknown-month-december") else 1
    years = rules.age(fields["nir"], portal.today(), unknown_month=unknown_month)
    young_ok = portal.on("age-14-accepted") or portal.on("age-note-only")
    if years < 15 and not young_ok:
        errors["nir"] = rules.AGE_TOO_YOUNG
    elif years == 15 and not form.get("apprenti") and not portal.on("age-15-no-declaration"):
        shown = bool(form.get("apprentiDemande"))
        errors["apprenti"] = rules.AGE_NOT_DECLARED if shown else rules.AGE_DECLARE
        return True
    return False


def password(portal: Portal, session: Session, form: dict[str, Any], host: str) -> Reply:
    """Step 3: the password; success creates the account, sends the email and signs in."""
    with portal.registering:
        current = portal.store.session(session.jeton) or session
        if current.compte and current.identite is None:  # a double click's second request
            return 200, {"etape": "synthese"}
        status, reply = _password(portal, current, form)
    if status == 200 and not portal.on("email-not-sent"):
        _send_confirmation(portal, to=reply.pop("courriel"), host=host, password=reply.pop("mdp"))
    return status, reply


def _password(portal: Portal, session: Session, form: dict[str, Any]) -> Reply:
    lax = portal.on("step-skippable") or portal.on("step-order-page-only")
    skipped = session.etape < 3 and not lax
    if session.identite is None or skipped:
        return 409, {"etape": session.etape}
    typed, again = str(form.get("mdp", "")), str(form.get("mdp2", ""))
    errors: dict[str, str] = {}
    if portal.on("long-password-refused") and len(typed) > 12:
        errors["mdp"] = rules.PASSWORD_LONG.replace("64", "12")
    elif len(typed) > 64:
        errors["mdp"] = rules.PASSWORD_LONG
    elif (
        not portal.on("password-rule-hint-only")
        and not portal.on("password-page-only")
        and not rules.password_ok(
            typed,
            upper=not portal.on("password-no-uppercase"),
            digits=2 if portal.on("password-two-digits") else 3,
        )
    ):
        errors["mdp"] = rules.PASSWORD_RULE
    if again != typed and not portal.on("password-confirmation-unchecked"):
        errors["mdp2"] = rules.PASSWORD_DIFFERENT
    if errors:
        return 422, {"erreurs": errors}
    identite = session.identite
    # The defect leaves the session at step 3: a second request registers again.
    twice = portal.on("double-submit-two-emails")
    replace = twice or portal.on("duplicate-nir-accepted")
    if not portal.store.create_account(identite, typed, replace=replace) and not replace:
        portal.store.update_session(session.jeton, etape=2)
        return 409, {"etape": 2}
    left = {} if twice else {"etape": 1, "identite": None}
    portal.store.update_session(session.jeton, compte=identite["nir"], accueil=1, **left)
    return 200, {"etape": "synthese", "courriel": identite["courriel"], "mdp": typed}


def _send_confirmation(portal: Portal, *, to: str, host: str, password: str) -> None:
    url = f"http://{host}{LOGIN_PATH}"
    if portal.on("email-link-elsewhere"):
        url = f"http://ailleurs.invalid{LOGIN_PATH}"
    elif portal.on("email-link-other-port"):
        parts = urlsplit(url)
        url = f"http://{parts.hostname}:{(parts.port or 80) + 1}{LOGIN_PATH}"
    message = mail.confirmation(to=to, login_url=url, password=password, defects=portal.defects)
    copies = 2 if portal.on("email-sent-twice") else 1
    try:
        mail.send(message, smtp=portal.smtp, copies=copies)
    except OSError as error:  # the account exists; a mail outage must not undo it
        log.warning("confirmation email to %s not sent: %s", to, error)


def login(portal: Portal, session: Session, form: dict[str, Any]) -> Reply:
    """Sign in with the NIR and its key (15 characters, spaces allowed) and the password."""
    raw = str(form.get("nir", ""))
    nir = rules.squeeze(raw)
    spaces_refused = portal.on("login-spaces-refused") and raw.strip() != raw.replace(" ", "")
    known = portal.store.has_account(nir)
    if not spaces_refused and portal.store.check_password(nir, str(form.get("mdp", ""))):
        portal.store.update_session(session.jeton, compte=nir, accueil=0)
        return 200, {"etape": "synthese"}
    reply = {"erreur": rules.LOGIN_REFUSED}
    if not known and portal.on("login-reveals-unknown-nir"):
        reply["erreur"] = "Aucun compte n'est ouvert avec ce numéro de sécurité sociale."
    if not known and portal.on("login-messages-differ"):
        reply["indice"] = "Vérifiez les 15 caractères de votre numéro."
    return 401, reply


def dif(portal: Portal, session: Session, form: dict[str, Any]) -> Reply:
    """Save the DIF balance (whole hours, 0 to 120)."""
    if not session.compte:
        return 401, {"erreur": "Votre session a expiré : identifiez-vous à nouveau."}
    raw = str(form.get("heures", ""))
    value = rules.dif_value(raw)
    if value is None and portal.on("dif-above-cap") and raw.strip().isdigit():
        value = int(raw.strip())
    if value is None:
        if portal.on("dif-refused-changes-figures"):
            clamped = (
                max(0, min(rules.DIF_CAP, int(raw))) if raw.strip().lstrip("-").isdigit() else 0
            )
            portal.store.set_dif(session.compte, clamped)
            return 422, {"erreur": rules.DIF_BAD, "dif": clamped}
        return 422, {"erreur": rules.DIF_BAD}
    portal.store.set_dif(session.compte, value)
    return 200, {"dif": value}


def details(portal: Portal, session: Session, form: dict[str, Any]) -> Reply:
    """Complete or change the first name and phones (SYN-05's personal information)."""
    if not session.compte:
        return 401, {"erreur": "Votre session a expiré : identifiez-vous à nouveau."}
    values = {k: str(form.get(k, "")).strip() for k in ("prenom", "fixe", "portable")}
    errors: dict[str, str] = {}
    if len(values["prenom"]) > 100:
        errors["prenom"] = rules.FIRST_NAME_LONG
    for name, prefixes, message in (
        ("fixe", rules.LANDLINE_PREFIXES, rules.LANDLINE_BAD),
        ("portable", rules.MOBILE_PREFIXES, rules.MOBILE_BAD),
    ):
        if problem := rules.phone_error(values[name], prefixes, message):
            errors[name] = problem
    if errors:
        return 422, {"erreurs": errors}
    portal.store.set_details(session.compte, **values)
    return 200, {}


def logout(portal: Portal, session: Session, form: dict[str, Any]) -> Reply:
    """Sign out."""
    portal.store.update_session(session.jeton, compte=None, accueil=0)
    return 200, {}
