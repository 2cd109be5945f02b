"""The account space: synthesis, personal information, DIF hours and titled pages (SYN)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from catalogue import messages
from mock_portal.db import Account, db_session
from mock_portal.policy import policy
from mock_portal.validation import contact_errors, normalize_phone
from mock_portal.views.common import form_values, login_required

bp = Blueprint("account", __name__, url_prefix="/espace")

DIF_MAX_DIGITS = 9  # longer is no plausible balance, and int() refuses over 4300 digits


@bp.get("/")
@login_required
def summary(account: Account) -> str:
    """Show the synthesis of the account (SYN-01..05)."""
    notice = session.pop("notice", None)
    return render_template("account/summary.html", account=account, notice=notice)


@bp.route("/informations", methods=["GET", "POST"])
@login_required
def personal_info(account: Account) -> str | Response:
    """Let the holder change phones and email, with the checks of step 2."""
    if request.method == "GET":
        values = {
            "telephone_fixe": account.landline,
            "telephone_portable": account.mobile,
            "courriel": account.email,
            "courriel_confirmation": account.email,
        }
        return render_template("account/info.html", account=account, values=values, errors={})
    values = form_values(
        "telephone_fixe", "telephone_portable", "courriel", "courriel_confirmation"
    )
    errors = contact_errors(values, rules=policy())
    if errors:
        return render_template("account/info.html", account=account, values=values, errors=errors)
    with db_session() as db, db.begin():
        row = db.get(Account, account.id)
        assert row is not None
        row.landline = normalize_phone(values["telephone_fixe"])
        row.mobile = normalize_phone(values["telephone_portable"])
        row.email = values["courriel"]
    session["notice"] = messages.INFO_SAVED
    return redirect(url_for("account.summary"))


@bp.route("/heures-dif", methods=["GET", "POST"])
@login_required
def dif(account: Account) -> str | Response:
    """Let the holder enter a DIF balance, whole hours from 0 to 120 (SYN-06)."""
    if request.method == "GET":
        values = {"heures_dif": str(account.dif_hours)}
        return render_template("account/dif.html", account=account, values=values, errors={})
    rules = policy()
    typed = request.form.get("heures_dif", "").strip()
    # ASCII digits only, checked before int(): "²" is a digit to isdigit() but not to int().
    whole = typed.isascii() and typed.isdigit() and len(typed) <= DIF_MAX_DIGITS
    if not (whole and rules.dif_accepted(int(typed))):
        rules.dif_refused(account.id, typed)
        errors = {"heures_dif": messages.DIF_INVALID}
        return render_template(
            "account/dif.html", account=account, values={"heures_dif": typed}, errors=errors
        )
    rules.store_dif(account.id, int(typed))
    session["notice"] = messages.DIF_SAVED
    return redirect(url_for("account.summary"))


@bp.get("/formations")
@login_required
def training_search(account: Account) -> str:
    """Show the training search page."""
    return render_template("account/page.html", account=account, page="formations")


@bp.get("/dossiers")
@login_required
def training_files(account: Account) -> str:
    """Show the training files page."""
    return render_template("account/page.html", account=account, page="dossiers")


@bp.get("/delegations")
@login_required
def delegations(account: Account) -> str:
    """Show the delegations page."""
    return render_template("account/page.html", account=account, page="delegations")
