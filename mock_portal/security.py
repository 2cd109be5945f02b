"""Safety measures: security headers, sign-in throttling and the French error pages."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import Flask, Response, current_app, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy import delete, func, select

from mock_portal.db import LoginFailure, db_session, utcnow

# Everything is served from this origin: no inline script or style, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def _failure_keys(nir_typed: str, remote_addr: str | None) -> tuple[str, str]:
    # Hashed, so the table never holds a typed NIR in clear.
    secret = current_app.config["SECRET_KEY"]
    nir_key = hashlib.sha256(f"{secret}|nir|{nir_typed}".encode()).hexdigest()
    ip_key = hashlib.sha256(f"{secret}|ip|{remote_addr}".encode()).hexdigest()
    return "n:" + nir_key, "i:" + ip_key


def login_is_throttled(nir_typed: str, remote_addr: str | None) -> bool:
    """Tell whether too many recent failures came for this NIR or from this address."""
    cfg = current_app.config
    since = utcnow() - timedelta(seconds=cfg["LOGIN_WINDOW_SECONDS"])
    nir_key, ip_key = _failure_keys(nir_typed, remote_addr)
    with db_session() as db:

        def count(key: str) -> int:
            return (
                db.scalar(
                    select(func.count())
                    .select_from(LoginFailure)
                    .where(LoginFailure.key == key, LoginFailure.at >= since)
                )
                or 0
            )

        return (
            count(nir_key) >= cfg["LOGIN_MAX_FAILURES"]
            or count(ip_key) >= cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]
        )


def record_login_failure(nir_typed: str, remote_addr: str | None) -> None:
    """Count one refused sign-in for the NIR typed and the client address."""
    with db_session() as db:
        for key in _failure_keys(nir_typed, remote_addr):
            db.add(LoginFailure(key=key))
        old = utcnow() - timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"] * 2)
        db.execute(delete(LoginFailure).where(LoginFailure.at < old))
        db.commit()


def init_app(app: Flask) -> None:
    """Install the headers and the French error pages."""
    app.after_request(_security_headers)

    @app.errorhandler(413)
    def too_large(_error: Exception) -> tuple[str, int]:
        return render_template("errors/error.html", code=413), 413

    @app.errorhandler(404)
    def not_found(_error: Exception) -> tuple[str, int]:
        return render_template("errors/error.html", code=404), 404

    @app.errorhandler(405)
    def not_allowed(_error: Exception) -> tuple[str, int]:
        return render_template("errors/error.html", code=405), 405

    @app.errorhandler(CSRFError)
    def csrf_failed(_error: Exception) -> tuple[str, int]:
        return render_template("errors/error.html", code=400), 400

    @app.errorhandler(500)
    def server_error(_error: Exception) -> tuple[str, int]:
        return render_template("errors/error.html", code=500), 500
