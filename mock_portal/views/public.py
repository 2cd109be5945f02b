"""Public pages and sign-in: home, login (LOG), logout, forgotten password, CGU, contact."""

from __future__ import annotations

import functools

from flask import Blueprint, Response, abort, redirect, render_template, request, session, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from catalogue import messages, texts
from mock_portal import nir as nir_rules
from mock_portal.cgu_pdf import cgu_pdf
from mock_portal.db import Account, db_session
from mock_portal.passwords import verify_password
from mock_portal.policy import policy
from mock_portal.security import login_is_throttled, record_login_failure

bp = Blueprint("public", __name__)

INFO_PAGES = {
    "mes-droits": texts.INFO_MY_RIGHTS,
    "mes-interlocuteurs": texts.INFO_MY_CONTACTS,
    "heures-dif": texts.INFO_DIF_HOURS,
    "opca": texts.INFO_OPCA,
    "competences": texts.INFO_SKILLS,
    "financement": texts.INFO_FUNDING,
    "espace-professionnel": texts.INFO_PROFESSIONAL_SPACE,
    "le-compte": texts.INFO_CPF,
    "questions": texts.INFO_FAQ,
    "espaces": texts.INFO_DEDICATED_SPACES,
}
MAX_SEARCH = 200  # characters of the site search box: SEARCH_TOO_LONG beyond


@bp.get("/")
def home() -> str:
    """Show the public home page with the three audiences of the walkthrough."""
    return render_template("public/home.html")


@bp.route("/connexion", methods=["GET", "POST"])
def login() -> str | BaseResponse | tuple[str, int]:
    """Sign in with the 15-character NIR and key, spaces allowed (LOG-01..02)."""
    if request.method == "GET":
        return render_template("public/login.html", values={}, error=None)
    typed = nir_rules.compact(request.form.get("nir", ""))
    password = request.form.get("mot_de_passe", "")
    values = {"nir": request.form.get("nir", "")}
    if login_is_throttled(typed, request.remote_addr):
        return render_template(
            "public/login.html", values=values, error=messages.LOGIN_THROTTLED
        ), 429
    account = None
    if len(typed) == 15 and policy().reads_typed_nir(request.form.get("nir", "")):
        with db_session() as db:
            account = db.scalar(
                select(Account).where(Account.nir == typed[:13], Account.cle == typed[13:])
            )
    if not verify_password(account.password_hash if account else None, password):
        record_login_failure(typed, request.remote_addr)
        refusal, hint = policy().login_refusal(nir_known=account is not None)
        return render_template("public/login.html", values=values, error=refusal, hint=hint)
    assert account is not None
    session.clear()
    # The session is mock_portal.sessions.ServerSession; Flask's `session` proxy does not say so.
    session.rotate()  # type: ignore[attr-defined]
    session["account_id"] = account.id
    return redirect(url_for("account.summary"))


@bp.post("/deconnexion")
def logout() -> BaseResponse:
    """Sign out and forget the session."""
    session.clear()
    return redirect(url_for("public.home"))


@bp.get("/mot-de-passe-oublie")
def forgotten_password() -> str:
    """Explain how to get a new password (not a dead link)."""
    return render_template("public/forgotten.html")


@bp.get("/cgu.pdf")
def cgu() -> Response:
    """Serve the terms of use as a real PDF document."""
    response = Response(_cgu_bytes(), mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'inline; filename="cgu-moncompteformation.pdf"'
    return response


@functools.cache
def _cgu_bytes() -> bytes:
    return cgu_pdf()


@bp.get("/accessibilite")
def accessibility() -> str:
    """Show the accessibility statement."""
    return render_template("public/accessibility.html")


@bp.get("/nous-contacter")
def contact() -> str:
    """Show how to reach the service."""
    return render_template("public/contact.html")


@bp.get("/video-demonstration")
def demo_video() -> str:
    """Describe the demonstration video of the registration."""
    return render_template("public/video.html")


@bp.get("/informations/<slug>")
def info(slug: str) -> str:
    """Show a short information page of the public site."""
    title = INFO_PAGES.get(slug) or abort(404)
    return render_template("public/info.html", title=title)


@bp.get("/recherche")
def search() -> str:
    """Answer the site search box."""
    query = request.args.get("q", "")
    error = messages.SEARCH_TOO_LONG if len(query) > MAX_SEARCH else None
    return render_template("public/search.html", search_query=query, search_error=error)
