"""Helpers shared by the blueprints: today's date, the signed-in holder, form values, checks."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import current_app, redirect, request, session, url_for

from catalogue import messages, texts
from mock_portal.db import Account, db_session
from mock_portal.policy import policy


def today() -> date:
    """Return the registration day, injectable through the TODAY setting for tests."""
    configured = current_app.config["TODAY"]
    if configured is None:
        return date.today()
    return configured() if callable(configured) else configured


def form_values(*names: str) -> dict[str, str]:
    """Return the posted values of the named fields, stripped of surrounding spaces."""
    return {name: request.form.get(name, "").strip() for name in names}


def current_account() -> Account | None:
    """Return the signed-in holder, if any."""
    account_id = session.get("account_id")
    if account_id is None:
        return None
    with db_session() as db:
        return db.get(Account, account_id)


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send visitors who are not signed in to the login page."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        account = current_account()
        if account is None:
            return redirect(url_for("public.login"))
        return view(account, *args, **kwargs)

    return wrapped


def page_checks() -> dict[str, Any]:
    """Return what the page's script checks because the server leaves it to it ({} if none)."""
    checks = policy().script_checks()
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
