"""The reference portal: the whole documented "Mon Compte Formation" walkthrough in Flask."""

from __future__ import annotations

import atexit
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from catalogue import messages, texts
from mock_portal import db, defects, passwords, security
from mock_portal.captcha_service import AudioCache, FixedAnswers, RandomAnswers
from mock_portal.outbox import OutboxWorker
from mock_portal.sessions import DatabaseSessionInterface
from mock_portal.validation import password_strength

csrf = CSRFProtect()


def _secret_key(instance: Path) -> str:
    """Read the instance's secret key, creating it (readable by the owner only) once."""
    if env := os.environ.get("CPF_PORTAL_SECRET_KEY"):
        return env
    path = instance / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


def _defaults(instance: Path) -> dict[str, Any]:
    """Return every setting's default; `test_config` and the command line override them."""
    return {
        "DATABASE_URL": os.environ.get("CPF_PORTAL_DB") or f"sqlite:///{instance / 'portal.db'}",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": 8025,
        "MAIL_FROM": f"{texts.SITE_NAME} <ne-pas-repondre@moncompteformation.localhost>",
        "MAIL_DOMAIN": "moncompteformation.localhost",
        "OUTBOX_WORKER": True,
        "OUTBOX_RETRY_SECONDS": 10.0,
        "CAPTCHA_FIXED": None,
        "TEST_MODE": False,
        # Deliberate defects to install (issue 6, catalogue/defects.yaml); empty in production.
        "DEFECTS": frozenset(),
        # A date for ELIG-04's age computation; None means the real today.
        "TODAY": None,
        # argon2-cffi's defaults (RFC 9106 low-memory profile); tests lower them for speed.
        "ARGON2_TIME_COST": 3,
        "ARGON2_MEMORY_KIB": 65536,
        "ARGON2_PARALLELISM": 4,
        "LOGIN_MAX_FAILURES": 5,
        # Generous per address: a whole test suite signs in from 127.0.0.1.
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 100,
        "LOGIN_WINDOW_SECONDS": 300,
        "MAX_CONTENT_LENGTH": 64 * 1024,
        "SESSION_COOKIE_NAME": "cpf_session",
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_LIFETIME_SECONDS": 2 * 3600,
        "WTF_CSRF_TIME_LIMIT": 4 * 3600,
    }


def _from_environment() -> dict[str, Any]:
    """Return the settings CPF_PORTAL_SECURE_COOKIE and CPF_PORTAL_SMTP give, if set."""
    settings: dict[str, Any] = {}
    if os.environ.get("CPF_PORTAL_SECURE_COOKIE") == "1":
        settings["SESSION_COOKIE_SECURE"] = True  # behind HTTPS
    smtp = os.environ.get("CPF_PORTAL_SMTP")
    if smtp and ":" in smtp:
        host, _, port = smtp.rpartition(":")
        if port.isdigit():  # the command line reports a malformed value itself
            settings.update(SMTP_HOST=host, SMTP_PORT=int(port))
    return settings


def create_app(
    test_config: Mapping[str, Any] | None = None, *, instance_path: str | None = None
) -> Flask:
    """Build the portal with its defaults, overridden by `test_config`."""
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(_defaults(instance))
    app.config.update(_from_environment())
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    app.config["DEFECTS"] = frozenset(app.config["DEFECTS"])

    db.init_app(app)
    passwords.init_app(app)
    app.session_interface = DatabaseSessionInterface()
    csrf.init_app(app)
    security.init_app(app)
    # The rules every view asks; with --defect, the defective variants composed on top.
    app.extensions["cpf_policy"] = defects.policy_for(app.config["DEFECTS"])

    fixed = app.config["CAPTCHA_FIXED"]
    app.extensions["cpf_captcha_answers"] = FixedAnswers(fixed) if fixed else RandomAnswers()
    app.extensions["cpf_captcha_audio"] = AudioCache()

    worker = OutboxWorker(
        sessions=app.extensions["cpf_sessionmaker"],
        smtp_host=app.config["SMTP_HOST"],
        smtp_port=int(app.config["SMTP_PORT"]),
        sender=app.config["MAIL_FROM"],
        retry_seconds=float(app.config["OUTBOX_RETRY_SECONDS"]),
    )
    app.extensions["cpf_outbox"] = worker
    if app.config["OUTBOX_WORKER"]:
        worker.start()
        atexit.register(worker.stop)

    from mock_portal.views import account, captcha, common, public, registration, testhooks

    # Globals, not context: the macros of _macros.html are imported without the context.
    app.jinja_env.globals.update(
        texts=texts,
        messages=messages,
        strength=password_strength,
        rules=app.extensions["cpf_policy"],
        page_checks=common.page_checks,
    )

    app.register_blueprint(public.bp)
    app.register_blueprint(registration.bp)
    app.register_blueprint(captcha.bp)
    app.register_blueprint(account.bp)
    if app.config["TEST_MODE"]:
        app.register_blueprint(testhooks.bp)
    return app
