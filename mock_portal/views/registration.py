"""Registration in three steps: CGU, identity and contact, password (NAV, CGU, FORM, PWD)."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from catalogue import messages, texts
from mock_portal import defects
from mock_portal.db import Account, db_session
from mock_portal.defects import active
from mock_portal.mail import queue_confirmation
from mock_portal.passwords import hash_password
from mock_portal.validation import MAX_NAME, contact_errors, normalize_phone, password_errors
from mock_portal.views import captcha
from mock_portal.views.common import form_values, today

bp = Blueprint("registration", __name__, url_prefix="/inscription")

STEP2_FIELDS = (
    "nir",
    "cle",
    "prenom",
    "nom_naissance",
    "telephone_fixe",
    "telephone_portable",
    "courriel",
    "courriel_confirmation",
)
STEP3_FIELDS = ("mot_de_passe", "mot_de_passe_confirmation")


def _progress() -> dict[str, Any]:
    return session.get("inscription") or {}


def _first_incomplete_step() -> str:
    state = _progress()
    if not state.get("cgu"):
        return "registration.step1"
    if not state.get("identity"):
        return "registration.step2"
    return "registration.step3"


@bp.get("/")
def start() -> Response:
    """Open the first step."""
    return redirect(url_for("registration.step1"))


@bp.route("/etape-1", methods=["GET", "POST"])
def step1() -> str | Response:
    """Ask for the acceptance of the terms of use (CGU-01..03)."""
    if request.method == "GET":
        return render_template("registration/step1.html", errors={})
    if request.form.get("cgu") != "oui" and not active("cgu-not-enforced"):
        return render_template("registration/step1.html", errors={"cgu": texts.CGU_REQUIRED})
    session["inscription"] = {"cgu": True}
    return redirect(url_for("registration.step2"))


def _identity_errors(values: dict[str, str], *, declared: bool) -> tuple[dict[str, str], bool]:
    """Check NIR, age, names and contact; also tell whether to show the declaration."""
    errors: dict[str, str] = {}
    show_declaration = declared
    nir = defects.parse_nir(values["nir"], values["cle"])
    if nir is None:
        errors["nir"] = messages.NIR_INVALID
    else:
        age = defects.age_on(nir, today())
        if age == 15:
            show_declaration = True
        if age < 15 and not active("age-14-accepted") and not active("age-page-only"):
            errors["nir"] = messages.AGE_CONDITION
        elif age == 15 and not declared and not active("age-15-no-declaration"):
            errors["apprentissage"] = messages.AGE_CONDITION
        else:
            with db_session() as db:
                taken = db.scalar(select(Account.id).where(Account.nir == nir.number))
                if taken and not active("duplicate-nir-accepted"):
                    errors["nir"] = messages.NIR_ALREADY_REGISTERED
    # Over-long names are refused, never cut: the person sees why and keeps what was typed.
    if len(values["prenom"]) > MAX_NAME:
        errors["prenom"] = messages.FIRST_NAME_TOO_LONG
    if not values["nom_naissance"] and not active("birth-name-optional"):
        errors["nom_naissance"] = messages.BIRTH_NAME_REQUIRED
    elif len(values["nom_naissance"]) > MAX_NAME:
        errors["nom_naissance"] = messages.BIRTH_NAME_TOO_LONG
    errors.update(contact_errors(values))
    return errors, show_declaration


@bp.route("/etape-2", methods=["GET", "POST"])
def step2() -> str | Response:
    """Ask for the NIR, names, phones, email and the security check (FORM, CAP, ELIG)."""
    # `step-2-any-session`: the guard asks for a session (step 1 shown), not step 1 passed.
    started = active("step-2-any-session") and "csrf_token" in session
    if not _progress().get("cgu") and not active("step-skippable") and not started:
        return redirect(url_for(_first_incomplete_step()))
    if request.method == "GET":
        saved = dict(_progress().get("identity") or {})
        return render_template(
            "registration/step2.html",
            values=saved,
            errors={},
            challenge=captcha.pending(),
            show_declaration=bool(saved.get("apprentissage")),
        )
    values = form_values(*STEP2_FIELDS)
    declared = request.form.get("apprentissage") == "oui"
    if request.form.get("action") == "renouveler":
        # "cliquez ici pour renouveler les caractères" with script: new characters, typed
        # values kept, and the page reloads so the new challenge is in place once it shows.
        values["apprentissage"] = "oui" if declared else ""
        return render_template(
            "registration/step2.html",
            values=values,
            errors={},
            challenge=captcha.issue(),
            show_declaration=declared or bool(request.form.get("declaration_shown")),
        )
    errors, show_declaration = _identity_errors(values, declared=declared)
    # The answer is spent whatever else is wrong: one attempt per challenge (CAP-03).
    if active("captcha-kept-after-refusal") and errors:
        # The answer survives a refusal for another field (CAP-03 forbids it).
        ok = captcha.answer_matches(captcha.pending()["answer"], request.form.get("captcha", ""))
    else:
        ok = captcha.consume(request.form.get("captcha", ""))
    if not ok:
        errors["captcha"] = messages.CAPTCHA_WRONG
    if active("step-3-out-of-order") and list(errors) == ["captcha"]:
        # Kept before the captcha is judged: step 3's request then finds an identity.
        session["inscription"] = {"cgu": True, "identity": _identity(values, declared)}
    silent = active("age-note-only") and errors.get("nir") == messages.AGE_CONDITION
    if silent:
        errors.pop("nir")
    if errors or silent:
        if active("first-error-only"):
            errors = dict(list(errors.items())[:1])
        if active("typed-values-lost"):
            values = dict.fromkeys(values, "")
        values["apprentissage"] = "oui" if declared else ""
        return render_template(
            "registration/step2.html",
            values=values,
            errors=errors,
            challenge=captcha.pending()
            if active("captcha-kept-after-refusal") and ok
            else captcha.issue(),
            show_declaration=show_declaration,
        )
    session["inscription"] = {"cgu": True, "identity": _identity(values, declared)}
    return redirect(url_for("registration.step3"))


def _identity(values: dict[str, str], declared: bool) -> dict[str, str]:
    """Return step 2's accepted values as the session keeps them for step 3."""
    nir = defects.parse_nir(values["nir"], values["cle"])
    assert nir is not None
    return {
        **values,
        "nir": nir.number,
        "cle": nir.cle,
        "telephone_fixe": normalize_phone(values["telephone_fixe"]),
        "telephone_portable": normalize_phone(values["telephone_portable"]),
        "apprentissage": "oui" if declared else "",
    }


@bp.route("/etape-3", methods=["GET", "POST"])
def step3() -> str | Response:
    """Ask for the password and create the account with its confirmation email (PWD, MAIL)."""
    identity: dict[str, str] = _progress().get("identity") or {}
    # `step-3-after-step-1`: the guard asks for step 1 only, as if step 3 followed it.
    skippable = active("step-skippable") or (
        active("step-3-after-step-1") and bool(_progress().get("cgu"))
    )
    if not identity and (request.method == "POST" or not skippable):
        return redirect(url_for(_first_incomplete_step()))
    if request.method == "GET":
        return render_template("registration/step3.html", values={}, errors={}, form_error=None)
    values = {name: request.form.get(name, "") for name in STEP3_FIELDS}
    errors = password_errors(values)
    if errors and active("password-rule-hint-only") and "mot_de_passe" in errors:
        return render_template("registration/step3.html", values={}, errors={}, form_error=None)
    if errors:
        if active("password-refused-account-created") and "mot_de_passe" in errors:
            _create_account(identity, values["mot_de_passe"])
        return render_template(
            "registration/step3.html", values=values, errors=errors, form_error=None
        )
    try:
        account_id = _create_account(identity, values["mot_de_passe"])
    except IntegrityError:
        if active("double-submit-two-emails"):
            # The same registration sent twice is confirmed again instead of refused (MAIL-03).
            _queue_confirmation_again(identity)
            return redirect(url_for("account.summary"))
        # Someone registered this NIR between step 2 and now (FORM-07).
        return render_template(
            "registration/step3.html",
            values={},
            errors={},
            form_error=messages.NIR_ALREADY_REGISTERED,
        )
    current_app.extensions["cpf_outbox"].wake()
    session.clear()
    # The session is mock_portal.sessions.ServerSession; Flask's `session` proxy does not say so.
    session.rotate()  # type: ignore[attr-defined]
    session["account_id"] = account_id
    return redirect(url_for("account.summary"))


def _create_account(identity: dict[str, str], password: str) -> int:
    """Write the account and its confirmation email in one transaction."""
    with db_session() as db, db.begin():
        account = Account(
            nir=identity["nir"],
            cle=identity["cle"],
            first_name=identity["prenom"],
            birth_name=identity["nom_naissance"],
            landline=identity["telephone_fixe"],
            mobile=identity["telephone_portable"],
            email=identity["courriel"],
            password_hash=hash_password(password),
            apprenticeship=bool(identity.get("apprentissage")),
        )
        db.add(account)
        db.flush()
        queue_confirmation(
            db,
            recipient=identity["courriel"],
            login_url=defects.ELSEWHERE_URL
            if active("email-link-elsewhere")
            else defects.other_port(url_for("public.login", _external=True))
            if active("email-link-other-port")
            else current_app.config.get("PUBLIC_LOGIN_URL")
            or url_for("public.login", _external=True),
            domain=current_app.config["MAIL_DOMAIN"],
        )
        defects.after_queue(db, password=password)
        return account.id


def _queue_confirmation_again(identity: dict[str, str]) -> None:
    """Queue another confirmation email for an account already created (a deliberate defect)."""
    with db_session() as db, db.begin():
        queue_confirmation(
            db,
            recipient=identity["courriel"],
            login_url=current_app.config.get("PUBLIC_LOGIN_URL")
            or url_for("public.login", _external=True),
            domain=current_app.config["MAIL_DOMAIN"],
        )
    current_app.extensions["cpf_outbox"].wake()
