"""The Flask app: one HTML page whose hash routes the browser draws, and the JSON API behind it.

Every rule the page checks is checked here again: the server is the authority, and answers a
refusal with the page's own messages (`{"erreurs": {field: message}}`, HTTP 422).
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request

from implementations.third import captcha, mailer, rules
from implementations.third.defects import PAGE
from implementations.third.store import Store

COOKIE = "tp_sid"
CSRF_HEADER = "X-CSRF-Token"
LOGIN_ROUTE = "#/connexion"
log = logging.getLogger("third_portal")
api = Blueprint("api", __name__)
Reply = tuple[Response, int]


@dataclass(frozen=True)
class Settings:
    """What the handlers need besides the request: storage, mail, captcha and defects."""

    store: Store
    smtp: tuple[str, int]
    captcha_fixed: str | None = None
    defects: frozenset[str] = field(default_factory=frozenset)
    today: Callable[[], date] = date.today

    def on(self, name: str) -> bool:
        """Tell whether the deliberate defect `name` is switched on."""
        return name in self.defects


def create_app(
    *,
    store: Store,
    smtp: tuple[str, int],
    captcha_fixed: str | None = None,
    defects: Collection[str] = (),
    today: Callable[[], date] = date.today,
    test_mode: bool = False,
) -> Flask:
    """Build the portal's app around a store and an SMTP server."""
    app = Flask(__name__, static_folder="static", static_url_path="/assets")
    app.extensions["third"] = Settings(store, smtp, captcha_fixed, frozenset(defects), today)
    app.register_blueprint(api)
    if test_mode:  # without it, /_test/captcha is not a route at all: a plain 404
        from implementations.third import testhooks

        app.register_blueprint(testhooks.bp)
    return app


def settings() -> Settings:
    """Return the running app's settings."""
    found: Settings = current_app.extensions["third"]
    return found


def _reply(status: int, **body: Any) -> Reply:
    return jsonify(body), status


@api.before_app_request
def load_session() -> Reply | None:
    """Find or open the browser's session; a POST must carry the session's CSRF token."""
    store = settings().store
    sid = request.cookies.get(COOKIE, "")
    g.session, g.fresh = store.session(sid) if sid else None, False
    if g.session is None:
        g.session, g.fresh = store.open_session(), True
    if request.method == "POST" and request.headers.get(CSRF_HEADER) != g.session["csrf"]:
        return _reply(403, erreur="Votre session a expiré : rechargez la page.")
    return None


@api.after_app_request
def set_cookie(response: Response) -> Response:
    """Give a new session its cookie, and keep every answer out of caches."""
    if g.get("fresh"):
        response.set_cookie(COOKIE, g.session["sid"], httponly=True, samesite="Lax")
    if g.get("readable"):  # the captcha-in-cookie defect: what robots read too
        response.set_cookie("tp_etat", g.readable, samesite="Lax")
    response.headers["Cache-Control"] = "no-store"
    return response


def _form() -> dict[str, Any]:
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else {}


@api.get("/")
def page() -> Response:
    """Serve the single page; the hash routes are drawn in the browser."""
    html = resources.files("implementations.third").joinpath("static", "index.html").read_text()
    return Response(html, mimetype="text/html")


@api.get("/documents/cgu.pdf")
def cgu_pdf() -> Response:
    """Serve the CGU document."""
    body = resources.files("implementations.third").joinpath("static", "cgu.pdf").read_bytes()
    return Response(body, mimetype="application/pdf")


@api.get("/api/session")
def session_state() -> Reply:
    """Describe the session to the page: its step, the messages, the holder."""
    s, cfg = g.session, settings()
    body: dict[str, Any] = {"csrf": s["csrf"], "etape": s["step"], "messages": rules.MESSAGES}
    body["defauts"] = sorted(cfg.defects & PAGE)
    # A session may show step 2 before step 1 is done only through a defect.
    if s["step"] >= 2 or cfg.defects & {"step-skippable", "step-order-page-only"}:
        body["captcha"] = cfg.store.live_captcha(s["sid"]) or _new_captcha()
    if s["holder"]:
        account = cfg.store.account(s["holder"])
        body["titulaire"] = {k: account[k] for k in ("first_name", "birth_name", "dif")}
        body["accueil"] = bool(s["welcome"])
    return _reply(200, **body)


def _new_captcha(*, keep_old: bool = False) -> str:
    cfg = settings()
    answer = captcha.new_answer(cfg.captcha_fixed)
    if cfg.on("captcha-in-cookie"):
        g.readable = base64.urlsafe_b64encode(json.dumps({"controle": answer}).encode()).decode()
    return cfg.store.new_captcha(g.session["sid"], answer, keep_old=keep_old)


@api.post("/api/captcha")
def renew_captcha() -> Reply:
    """Draw new characters (CAP-04); the old ones stop working."""
    return _reply(200, captcha=_new_captcha(keep_old=settings().on("captcha-valid-after-renewal")))


@api.get("/api/captcha/<ident>.<kind>")
def captcha_media(ident: str, kind: str) -> Response:
    """Serve a captcha's image or its sound."""
    cfg = settings()
    stale = kind == "wav" and cfg.on("captcha-audio-stale")
    answer = cfg.store.captcha_answer(ident, first=stale)
    if answer is None or kind not in ("png", "wav"):
        return Response("Introuvable.", status=404, mimetype="text/plain")
    if kind == "png":
        return Response(captcha.image(answer), mimetype="image/png")
    return Response(captcha.audio(answer), mimetype="audio/wav")


def _out_of_order(step: int) -> Reply | None:
    lax = settings().on("step-skippable") or settings().on("step-order-page-only")
    if g.session["step"] < step and not lax:
        return _reply(409, etape=g.session["step"])
    return None


@api.post("/api/etapes/1")
def accept_terms() -> Reply:
    """Step 1: the CGU must be accepted (CGU-02)."""
    if not _form().get("cgu") and not settings().on("cgu-not-enforced"):
        return _reply(422, erreurs={"cgu": rules.CGU_REQUIRED})
    settings().store.update(g.session["sid"], step=max(g.session["step"], 2))
    return _reply(200, etape=2)


_SKIPS = {
    "nir-key-unchecked": "key",
    "nir-key-page-only": "key",
    "birth-name-optional": "birth-name",
    "phone-unchecked": "phones",
    "email-mismatch-accepted": "email-match",
    "email-confirmation-page-only": "email-match",
    "email-confirmation-case-only": "email-case",
    "mobile-08-accepted": "mobile-08",
    "month-43-49-accepted": "months-43-49",
}


@api.post("/api/etapes/2")
def identity() -> Reply:
    """Step 2: identity, contact, age and captcha; one attempt per captcha answer (CAP-03)."""
    cfg, sid = settings(), g.session["sid"]
    if refused := _out_of_order(2):
        return refused
    data = _form()
    form = {name: str(data.get(name, "")) for name in rules.IDENTITY_FIELDS}
    errors = rules.identity_errors(form, off={v for k, v in _SKIPS.items() if cfg.on(k)})
    nir = rules.compact(form["nir"]) + rules.compact(form["cle"])
    declaration = False
    readable = "nir" not in errors and "cle" not in errors
    if readable and not cfg.on("age-page-only"):
        unknown_month = 12 if cfg.on("unknown-month-december") else 1
        years = rules.age(form["nir"], cfg.today(), unknown_month=unknown_month)
        if years < 15 and not cfg.on("age-14-accepted"):
            errors["nir"] = rules.AGE_TOO_YOUNG
        elif years == 15 and not data.get("apprenti") and not cfg.on("age-15-no-declaration"):
            errors["nir"], declaration = rules.AGE_15, True
    if readable and cfg.store.has_account(nir) and not cfg.on("duplicate-nir-accepted"):
        errors["nir"] = rules.ALREADY
    with cfg.store.atomic():
        typed = form["captcha"].strip()
        live = cfg.store.live_answers(sid)
        if cfg.on("captcha-case-sensitive"):
            right = typed in live
        else:
            right = typed.upper() in {answer.upper() for answer in live}
        if not typed:
            errors["captcha"] = rules.CAPTCHA_EMPTY
        elif not right:
            errors["captcha"] = rules.CAPTCHA_BAD
        if errors:
            fresh = None if cfg.on("captcha-replayable") else _new_captcha()
            return _reply(422, erreurs=errors, declaration=declaration, captcha=fresh)
        if not cfg.on("captcha-replay-after-success"):
            cfg.store.spend_captchas(sid)
        identity = {k: v.strip() for k, v in form.items() if k != "captcha"} | {"nir": nir}
        cfg.store.update(sid, step=3, identity=identity)
    return _reply(200, etape=3)


@api.post("/api/etapes/3")
def password() -> Reply:
    """Step 3: the password; success creates the account, sends one email and signs in."""
    cfg, sid = settings(), g.session["sid"]
    data = _form()
    typed, again = str(data.get("motdepasse", "")), str(data.get("confirmation", ""))
    limit = 12 if cfg.on("long-password-refused") else 64
    errors: dict[str, str] = {}
    if len(typed) > limit:
        errors["motdepasse"] = rules.PASSWORD_LONG.replace("64", str(limit))
    elif not cfg.on("password-page-only") and not rules.password_ok(
        typed, digits=2 if cfg.on("password-two-digits") else 3
    ):
        errors["motdepasse"] = rules.PASSWORD_RULE
    if again != typed and not cfg.on("password-confirmation-unchecked"):
        errors["confirmation"] = rules.PASSWORD_DIFFERENT
    twice = cfg.on("double-submit-two-emails")
    with cfg.store.atomic():  # a double click's second request sees the first one's outcome
        s = cfg.store.session(sid) or g.session
        if s["holder"] and s["identity"] is None:
            return _reply(200, etape="espace")
        if refused := _out_of_order(3):
            return refused
        if s["identity"] is None:  # step 3 opened by a defect before any identity was given
            return _reply(409, etape=2)
        if errors:
            return _reply(422, erreurs=errors)
        identity = s["identity"]
        replace = twice or cfg.on("duplicate-nir-accepted")
        if not cfg.store.create_account(identity, typed, replace=replace):
            cfg.store.update(sid, step=2)
            return _reply(409, etape=2, erreurs={"nir": rules.ALREADY})
        left = {} if twice else {"step": 1, "identity": None}
        cfg.store.update(sid, holder=identity["nir"], welcome=1, **left)
    if not cfg.on("email-not-sent"):
        _send_confirmation(identity["courriel"], typed)
    return _reply(200, etape="espace")


def _send_confirmation(to: str, password: str) -> None:
    cfg = settings()
    base = "http://ailleurs.invalid/" if cfg.on("email-link-elsewhere") else request.host_url
    message = mailer.confirmation(
        to=to,
        login_url=base + LOGIN_ROUTE,
        usable=not cfg.on("email-activation-missing"),
        password=password if cfg.on("email-contains-password") else "",
    )
    try:
        mailer.send(message, smtp=cfg.smtp)
    except OSError as error:  # the account exists: a mail outage must not undo it
        log.warning("confirmation email to %s not sent: %s", to, error)


@api.post("/api/connexion")
def login() -> Reply:
    """Sign in with the 15-character NIR (spaces allowed) and the password (LOG-01, LOG-02)."""
    cfg, data = settings(), _form()
    raw = str(data.get("identifiant", ""))
    nir = rules.compact(raw)
    spaced = cfg.on("login-spaces-refused") and " " in raw.strip()
    if not spaced and cfg.store.password_matches(nir, str(data.get("motdepasse", ""))):
        cfg.store.update(g.session["sid"], holder=nir, welcome=0)
        return _reply(200, etape="espace")
    if cfg.on("login-reveals-unknown-nir") and not cfg.store.has_account(nir):
        return _reply(401, erreur="Aucun compte ne correspond à ce numéro de sécurité sociale.")
    return _reply(401, erreur=rules.LOGIN_REFUSED)


@api.post("/api/deconnexion")
def logout() -> Reply:
    """Sign out."""
    settings().store.update(g.session["sid"], holder=None, welcome=0)
    return _reply(200)


@api.post("/api/dif")
def dif() -> Reply:
    """Save the DIF balance (SYN-06): whole hours from 0 to 120."""
    cfg = settings()
    if not g.session["holder"]:
        return _reply(401, erreur="Votre session a expiré : identifiez-vous à nouveau.")
    cap = 9999 if cfg.on("dif-above-cap") else rules.DIF_CAP
    hours = rules.dif_hours(str(_form().get("heures", "")), cap=cap)
    if hours is None:
        return _reply(422, erreurs={"dif": rules.DIF_BAD})
    cfg.store.set_dif(g.session["holder"], hours)
    return _reply(200, dif=hours)
