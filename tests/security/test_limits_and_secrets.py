"""Oversized input, brute force, session and secrets: what an attacker would try first."""

from __future__ import annotations

import logging
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from catalogue import messages, texts
from mock_portal.db import Account, db_session
from tests.portal.conftest import VALID_CLE, VALID_NIR, Walk, csrf, field_errors, shown

SPACED = "2 95 10 99 126 111 93"
UNKNOWN = "1 95 10 99 126 111 96"


def _log_out(walk: Walk) -> None:
    token = csrf(walk.client.get("/espace/").text)
    assert walk.client.post("/deconnexion", data={"csrf_token": token}).status_code == 302


@pytest.fixture
def registered(walk: Walk) -> Walk:
    """Return a walk whose person registered, then signed out."""
    walk.register()
    _log_out(walk)
    return walk


def test_a_body_over_the_limit_gets_413_with_a_french_page(app: Flask, walk: Walk) -> None:
    walk.accept_cgu()
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    for path in ("/inscription/etape-2", "/connexion", "/inscription/etape-1"):
        response = walk.client.post(path, data={"nom_naissance": big})
        assert response.status_code == 413
        assert 'lang="fr"' in response.text and "trop volumineux" in shown(response.text)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nom_naissance", "N" * 101, messages.BIRTH_NAME_TOO_LONG),
        ("courriel", "a" * 250 + "@exemple.fr", messages.EMAIL_TOO_LONG),
        ("telephone_fixe", "01" * 30, messages.LANDLINE_INVALID),
        ("telephone_portable", "06" * 30, messages.MOBILE_INVALID),
        ("nir", "1" * 40, messages.NIR_INVALID),
    ],
)
def test_a_field_over_its_length_gets_a_field_error(
    walk: Walk, app: Flask, field: str, value: str, message: str
) -> None:
    walk.accept_cgu()
    overrides = {field: value}
    if field == "courriel":
        overrides["courriel_confirmation"] = value
    page = walk.identity(**overrides)
    assert page.status_code == 200
    assert field_errors(page.text).get(field) == message
    with app.app_context(), db_session() as db:
        assert db.scalar(select(Account.id)) is None


def test_throttling_says_the_same_for_a_known_and_an_unknown_nir(
    registered: Walk, app: Flask
) -> None:
    limit = app.config["LOGIN_MAX_FAILURES"]
    answers: dict[str, list[tuple[int, str]]] = {}
    for typed in (SPACED, UNKNOWN):
        seen = [registered.login(typed, "Mauvais000") for _ in range(limit + 1)]
        answers[typed] = [(r.status_code, _message(r.text)) for r in seen]
    assert answers[SPACED] == answers[UNKNOWN]
    assert answers[SPACED][0] == (200, messages.LOGIN_REFUSED)
    assert answers[SPACED][-1] == (429, messages.LOGIN_THROTTLED)
    # Even the right password waits: the lockout is not a hint that it was right.
    right = registered.login(SPACED, texts.EXAMPLE_PASSWORD)
    assert right.status_code == 429 and registered.client.get("/espace/").status_code == 302


def _message(page: str) -> str:
    for text in (messages.LOGIN_THROTTLED, messages.LOGIN_REFUSED):
        if text in shown(page):
            return text
    return "(no message)"


def test_each_wrong_captcha_answer_gets_new_characters(
    config: dict[str, Any], tmp_path: Path
) -> None:
    from mock_portal import create_app

    app = create_app({**config, "CAPTCHA_FIXED": None}, instance_path=str(tmp_path / "i"))
    walk = Walk(app.test_client())
    walk.accept_cgu()
    walk.client.get("/inscription/etape-2")  # the first challenge is drawn
    answers = []
    for _ in range(4):
        answer = walk.client.get("/_test/captcha").get_json()["answer"]
        answers.append(answer)
        page = walk.identity(captcha=answer[::-1] + "z")
        assert field_errors(page.text).get("captcha") == messages.CAPTCHA_WRONG
    assert len(set(answers)) == len(answers)
    # The answers shown before no longer open step 3.
    page = walk.identity(captcha=answers[-1])
    assert field_errors(page.text).get("captcha") == messages.CAPTCHA_WRONG
    app.extensions["cpf_engine"].dispose()


def test_the_session_id_changes_at_login_and_the_old_one_is_dead(
    registered: Walk, app: Flask
) -> None:
    client = registered.client
    client.get("/connexion")
    before = client.get_cookie("cpf_session", domain="portail.test")
    registered.login(SPACED, texts.EXAMPLE_PASSWORD)
    after = client.get_cookie("cpf_session", domain="portail.test")
    assert before is not None and after is not None and before.value != after.value
    thief = app.test_client()
    thief.set_cookie("cpf_session", before.value, domain="portail.test")
    assert thief.get("/espace/").status_code == 302


@pytest.mark.parametrize("secure", [False, True])
def test_the_cookie_flags_are_set(config: dict[str, Any], tmp_path: Path, secure: bool) -> None:
    from mock_portal import create_app

    app = create_app({**config, "SESSION_COOKIE_SECURE": secure}, instance_path=str(tmp_path))
    response = app.test_client().get("/inscription/etape-1")
    [cookie] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("cpf_session=")]
    flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "path"} <= flags and "samesite=lax" in cookie.lower()
    assert ("secure" in flags) is secure
    # The cookie holds a random id only, nothing readable.
    value = cookie.split(";")[0].split("=", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9_\-]{32,}", value)
    app.extensions["cpf_engine"].dispose()


def test_no_password_or_nir_in_the_logs(
    walk: Walk, app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    walk.register()
    _log_out(walk)
    walk.login(SPACED, texts.EXAMPLE_PASSWORD)
    _log_out(walk)
    walk.login(SPACED, "Mauvais000")
    walk.login(UNKNOWN, texts.EXAMPLE_PASSWORD)
    # Delivery to a closed port logs the failure: it must not quote the email either.
    app.extensions["cpf_outbox"]._smtp = ("127.0.0.1", 9)
    app.extensions["cpf_outbox"].deliver_pending()
    logged = caplog.text.replace(" ", "")
    assert caplog.records, "nothing was logged: the test would prove nothing"
    for secret in (texts.EXAMPLE_PASSWORD, "Mauvais000", VALID_NIR, UNKNOWN.replace(" ", "")):
        assert secret not in logged


def test_only_argon2_hashes_are_stored(registered: Walk, app: Flask, tmp_path: Path) -> None:
    with app.app_context(), db_session() as db:
        hashes = db.scalars(select(Account.password_hash)).all()
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    app.extensions["cpf_engine"].dispose()
    raw = (tmp_path / "portal.db").read_bytes()
    assert texts.EXAMPLE_PASSWORD.encode() not in raw
    with sqlite3.connect(tmp_path / "portal.db") as conn:
        sessions = " ".join(str(row) for row in conn.execute("SELECT * FROM web_session"))
    assert texts.EXAMPLE_PASSWORD not in sessions and VALID_CLE + VALID_NIR not in sessions
