"""Registration in three steps: CGU, identity and contact, password (NAV, CGU, FORM, PWD)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from catalogue import messages, texts
from mock_portal.db import Account, db_session
from mock_portal.mail import queue_confirmation
from mock_portal.passwords import hash_password
from mock_portal.policy import policy, step_progress
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


def _first_incomplete_step() -> str:
    state = step_progress()
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
    if not policy().cgu_accepted(request.form.get("cgu") == "oui"):
        return render_template("registration/step1.html", errors={"cgu": texts.CGU_REQUIRED})
    session["inscription"] = {"cgu": True}
    return redirect(url_for("registration.step2"))


def _identity_errors(values: dict[str, str], *, declared: bool) -> tuple[dict[str, str], bool]:
    """Check NIR, age, names and contact; also tell whether to show the declaration."""
    rules = policy()
    errors: dict[str, str] = {}
    show_declaration = declared
    nir = rules.nir(values["nir"], values["cle"])
    if nir is None:
        errors["nir"] = messages.NIR_INVALID
    else:
        age = rules.age(nir, today())
        show_declaration = declared or age == 15
        if barred := rules.age_error(age, declared=declared):
            field, message = barred
            errors[field] = message
        elif not rules.nir_is_free(nir):
            errors["nir"] = messages.NIR_ALREADY_REGISTERED
    # Over-long names are refused, never cut: the person sees why and keeps what was typed.
    if len(values["prenom"]) > MAX_NAME:
        errors["prenom"] = messages.FIRST_NAME_TOO_LONG
    if rules.birth_name_missing(values["nom_naissance"]):
        errors["nom_naissance"] = messages.BIRTH_NAME_REQUIRED
    elif len(values["nom_naissance"]) > MAX_NAME:
        errors["nom_naissance"] = messages.BIRTH_NAME_TOO_LONG
    errors.update(contact_errors(values, rules=rules))
    return errors, show_declaration


def _step2_page(values: dict[str, str], errors: dict[str, str], **context: Any) -> str:
    return render_template("registration/step2.html", values=values, errors=errors, **context)


@bp.route("/etape-2", methods=["GET", "POST"])
def step2() -> str | Response:
    """Ask for the NIR, names, phones, email and the security check (FORM, CAP, ELIG)."""
    if not policy().may_open_step2(step_progress()):
        return redirect(url_for(_first_incomplete_step()))
    if request.method == "GET":
        saved = dict(step_progress().get("identity") or {})
        return _step2_page(
            saved,
            {},
            challenge=captcha.pending(),
            show_declaration=bool(saved.get("apprentissage")),
        )
    values = form_values(*STEP2_FIELDS)
    declared = request.form.get("apprentissage") == "oui"
    if request.form.get("action") == "renouveler":
        # "cliquez ici pour renouveler les caractères" with script: new characters, typed
        # values kept, and the page reloads so the new challenge is in place once it shows.
        return _step2_page(
            {**values, "apprentissage": "oui" if declared else ""},
            {},
            challenge=captcha.issue(),
            show_declaration=declared or bool(request.form.get("declaration_shown")),
        )
    errors, show_declaration = _identity_errors(values, declared=declared)
    # The answer is spent whatever else is wrong: one attempt per challenge (CAP-03).
    if not captcha.judge(request.form.get("captcha", ""), refused_already=bool(errors)):
        errors["captcha"] = messages.CAPTCHA_WRONG
    if errors:
        return _step2_refused(values, errors, declared=declared, show_declaration=show_declaration)
    session["inscription"] = {"cgu": True, "identity": _identity(values, declared)}
    return redirect(url_for("registration.step3"))


def _step2_refused(
    values: dict[str, str],
    errors: dict[str, str],
    *,
    declared: bool,
    show_declaration: bool,
) -> str:
    """Show step 2 again with its errors, as the policy says a refusal looks (FORM-06)."""
    rules = policy()
    if rules.keeps_identity_of_refused_step2(errors):
        session["inscription"] = {"cgu": True, "identity": _identity(values, declared)}
    # A right answer is spent with the refusal, unless the policy keeps it (CAP-03).
    kept = rules.captcha_kept_after_refusal() and "captcha" not in errors
    return _step2_page(
        {**rules.step2_values_kept(values), "apprentissage": "oui" if declared else ""},
        rules.step2_errors_shown(errors),
        challenge=captcha.pending() if kept else captcha.issue(),
        show_declaration=show_declaration,
    )


def _identity(values: dict[str, str], declared: bool) -> dict[str, str]:
    """Return step 2's accepted values as the session keeps them for step 3."""
    nir = policy().nir(values["nir"], values["cle"])
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
    rules = policy()
    identity: dict[str, str] = step_progress().get("identity") or {}
    # A password is taken only after step 2 is passed, whatever the policy opens to view.
    allowed = bool(identity) if request.method == "POST" else rules.may_open_step3(step_progress())
    if not allowed:
        return redirect(url_for(_first_incomplete_step()))
    if request.method == "GET":
        return render_template("registration/step3.html", values={}, errors={}, form_error=None)
    values = {name: request.form.get(name, "") for name in STEP3_FIELDS}
    if errors := password_errors(values, rules=rules):
        if rules.creates_account_despite(errors):
            _create_account(identity, values["mot_de_passe"])
        shown, kept = rules.step3_refusal_shown(errors, values)
        return render_template(
            "registration/step3.html", values=kept, errors=shown, form_error=None
        )
    try:
        account_id = _create_account(identity, values["mot_de_passe"])
    except IntegrityError:
        return _step3_again(identity)
    current_app.extensions["cpf_outbox"].wake()
    session.clear()
    # The session is mock_portal.sessions.ServerSession; Flask's `session` proxy does not say so.
    session.rotate()  # type: ignore[attr-defined]
    session["account_id"] = account_id
    return redirect(url_for("account.summary"))


def _step3_again(identity: dict[str, str]) -> str | Response:
    """Answer step 3 for a NIR that already has an account (FORM-07, MAIL-03)."""
    if policy().confirms_a_repeated_submit():
        _queue_confirmation(identity, login_url=_own_login_url())
        return redirect(url_for("account.summary"))
    # Someone registered this NIR between step 2 and now.
    return render_template(
        "registration/step3.html",
        values={},
        errors={},
        form_error=messages.NIR_ALREADY_REGISTERED,
    )


def _own_login_url() -> str:
    return current_app.config.get("PUBLIC_LOGIN_URL") or url_for("public.login", _external=True)


def _create_account(identity: dict[str, str], password: str) -> int:
    """Write the account and its confirmation email in one transaction."""
    rules = policy()
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
        login_url = rules.login_link(
            configured=current_app.config.get("PUBLIC_LOGIN_URL"),
            own=url_for("public.login", _external=True),
        )
        queue_confirmation(
            db,
            recipient=identity["courriel"],
            login_url=login_url,
            domain=current_app.config["MAIL_DOMAIN"],
        )
        rules.confirmation_queued(db, password=password)
        return account.id


def _queue_confirmation(identity: dict[str, str], *, login_url: str) -> None:
    """Queue another confirmation email for an account already created."""
    with db_session() as db, db.begin():
        queue_confirmation(
            db,
            recipient=identity["courriel"],
            login_url=login_url,
            domain=current_app.config["MAIL_DOMAIN"],
        )
    current_app.extensions["cpf_outbox"].wake()
