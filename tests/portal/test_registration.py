"""Registration blueprint: steps, eligibility, fields and password (NAV, CGU, FORM, PWD)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from catalogue import messages, texts
from mock_portal.db import Account, OutboxMessage
from tests.portal.conftest import (
    VALID_CLE,
    VALID_NIR,
    Walk,
    field_errors,
    inputs,
    labels,
    make_nir,
    shown,
    tied_to_error,
)


def _accounts(app: Flask) -> int:
    with app.extensions["cpf_sessionmaker"]() as db:
        return db.scalar(select(func.count()).select_from(Account))


def _emails(app: Flask) -> int:
    with app.extensions["cpf_sessionmaker"]() as db:
        return db.scalar(select(func.count()).select_from(OutboxMessage))


def test_the_walkthrough_ends_on_the_account_space_with_one_queued_email(
    walk: Walk, app: Flask
) -> None:
    response = walk.register()
    assert response.status_code == 302
    assert response.location.endswith("/espace/")
    page = shown(walk.client.get(response.location).text)
    assert texts.WELCOME_BANNER in page
    assert "MARION ROUSSARIE" in page
    assert (_accounts(app), _emails(app)) == (1, 1)


@pytest.mark.parametrize("step", [1, 2, 3])
def test_the_progress_bar_marks_the_current_step(walk: Walk, step: int) -> None:
    if step >= 2:
        walk.accept_cgu()
    if step >= 3:
        walk.identity()
    page = shown(walk.client.get(f"/inscription/etape-{step}").text)
    marked = re.findall(r'<li[^>]*aria-current="step"[^>]*>(.*?)</li>', page, re.S)
    assert len(marked) == 1
    assert re.sub(r"<[^>]+>", "", marked[0]) == f"{step} {texts.STEPS[step - 1]}"
    for number, label in enumerate(texts.STEPS, start=1):
        assert re.search(rf"{number}</span> {re.escape(label)}</li>", page)


@pytest.mark.parametrize(
    ("done", "opened", "sent_to"),
    [
        (0, "/inscription/etape-2", "/inscription/etape-1"),
        (0, "/inscription/etape-3", "/inscription/etape-1"),
        (1, "/inscription/etape-3", "/inscription/etape-2"),
    ],
)
def test_steps_cannot_be_skipped(walk: Walk, done: int, opened: str, sent_to: str) -> None:
    if done >= 1:
        walk.accept_cgu()
    response = walk.client.get(opened)
    assert response.status_code == 302
    assert response.location == sent_to


def test_going_on_without_the_cgu_is_refused(walk: Walk) -> None:
    response = walk.post("/inscription/etape-1", {})
    assert response.status_code == 200
    assert texts.CGU_REQUIRED in shown(response.text)
    assert field_errors(response.text) == {"cgu": texts.CGU_REQUIRED}
    assert tied_to_error(response.text, "cgu")
    assert walk.client.get("/inscription/etape-2").status_code == 302


CORSICA_A = ("253072A073004", "43")
CORSICA_B = ("253072B073004", "70")


@pytest.mark.parametrize(
    ("nir", "cle", "accepted"),
    [
        pytest.param(VALID_NIR, VALID_CLE, True, id="valid"),
        pytest.param("2 95 10 99 126 111", "93", True, id="valid-with-spaces"),
        pytest.param(*CORSICA_A, True, id="corsica-2A"),
        pytest.param(*CORSICA_B, True, id="corsica-2B"),
        pytest.param("253072a073004", "43", True, id="corsica-lower-case"),
        pytest.param(VALID_NIR, "94", False, id="wrong-key"),
        pytest.param("253072A073004", "70", False, id="2A-with-2B-key"),
        pytest.param("253072C073004", "43", False, id="not-a-corsican-department"),
        pytest.param(*make_nir(year=95, month=13), False, id="month-13"),
        pytest.param(*make_nir(year=95, month=0), False, id="month-00"),
        pytest.param(*make_nir(year=95, month=45), False, id="month-45"),
        pytest.param(*make_nir(year=95, month=30), True, id="unknown-month-30"),
        pytest.param(*make_nir(year=95, month=5, sex="5"), False, id="sex-digit-5"),
        pytest.param(VALID_NIR[:12], VALID_CLE, False, id="12-characters"),
        pytest.param(VALID_NIR + "1", VALID_CLE, False, id="14-characters"),
        pytest.param(VALID_NIR, "9", False, id="one-digit-key"),
        pytest.param("", "", False, id="empty"),
    ],
)
def test_nir_and_key_are_checked(walk: Walk, nir: str, cle: str, accepted: bool) -> None:
    walk.accept_cgu()
    response = walk.identity(nir=nir, cle=cle)
    if accepted:
        assert response.status_code == 302, field_errors(response.text)
    else:
        assert field_errors(response.text) == {"nir": messages.NIR_INVALID}
        assert tied_to_error(response.text, "nir")
        assert tied_to_error(response.text, "cle", "nir")


@pytest.mark.parametrize(
    ("birth", "today", "declared", "outcome"),
    [
        pytest.param((2012, 6), date(2026, 6, 15), False, "too-young", id="14"),
        pytest.param((2012, 6), date(2026, 6, 15), True, "too-young", id="14-declared"),
        pytest.param((2011, 6), date(2026, 6, 15), False, "declaration", id="15-undeclared"),
        pytest.param((2011, 6), date(2026, 6, 15), True, "ok", id="15-declared"),
        pytest.param((2010, 6), date(2026, 6, 1), False, "ok", id="16-on-first-of-month"),
        pytest.param((2010, 6), date(2026, 5, 31), False, "declaration", id="16-day-before"),
        pytest.param((2010, 7), date(2026, 6, 30), False, "declaration", id="16-next-month"),
        pytest.param((2010, 30), date(2026, 1, 1), False, "ok", id="unknown-month-is-january"),
        pytest.param((1926, 7), date(2026, 6, 15), False, "ok", id="century-not-in-future"),
    ],
)
def test_age_comes_from_the_nir(
    config: dict[str, Any],
    walk: Walk,
    app: Flask,
    birth: tuple[int, int],
    today: date,
    declared: bool,
    outcome: str,
) -> None:
    app.config["TODAY"] = today
    nir, cle = make_nir(year=birth[0], month=birth[1])
    walk.accept_cgu()
    extra = {"apprentissage": "oui"} if declared else {}
    response = walk.identity(nir=nir, cle=cle, **extra)
    if outcome == "ok":
        assert response.status_code == 302, field_errors(response.text)
        assert walk.password().status_code == 302
        assert _accounts(app) == 1
        return
    assert messages.AGE_CONDITION in shown(response.text)
    expected = "nir" if outcome == "too-young" else "apprentissage"
    assert field_errors(response.text) == {expected: messages.AGE_CONDITION}
    if outcome == "declaration":
        assert labels(response.text)["apprentissage"] == texts.APPRENTICESHIP_DECLARATION
        assert tied_to_error(response.text, "apprentissage")
    assert walk.client.get("/inscription/etape-3").status_code == 302
    assert (_accounts(app), _emails(app)) == (0, 0)


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"nom_naissance": ""}, {"nom_naissance": messages.BIRTH_NAME_REQUIRED}),
        ({"prenom": ""}, {}),
        ({"courriel": "", "courriel_confirmation": ""}, {"courriel": messages.EMAIL_INVALID}),
        (
            {"courriel": "marion@", "courriel_confirmation": "marion@"},
            {"courriel": messages.EMAIL_INVALID},
        ),
        (
            {"courriel_confirmation": "marion@example.com"},
            {"courriel_confirmation": messages.EMAIL_MISMATCH},
        ),
        ({"telephone_fixe": "01 23 45 67 89"}, {}),
        ({"telephone_fixe": "09.23.45.67.89"}, {}),
        ({"telephone_fixe": "+33 1 23 45 67 89"}, {}),
        ({"telephone_fixe": "06 12 34 56 78"}, {"telephone_fixe": messages.LANDLINE_INVALID}),
        ({"telephone_fixe": "08 12 34 56 78"}, {"telephone_fixe": messages.LANDLINE_INVALID}),
        ({"telephone_fixe": "01 23 45 67"}, {"telephone_fixe": messages.LANDLINE_INVALID}),
        ({"telephone_portable": "07 12 34 56 78"}, {}),
        ({"telephone_portable": "+33612345678"}, {}),
        ({"telephone_portable": "01 12 34 56 78"}, {"telephone_portable": messages.MOBILE_INVALID}),
        ({"telephone_portable": "06 12 34 56 7a"}, {"telephone_portable": messages.MOBILE_INVALID}),
        ({"captcha": ""}, {"captcha": messages.CAPTCHA_WRONG}),
    ],
)
def test_step2_fields(walk: Walk, overrides: dict[str, str], errors: dict[str, str]) -> None:
    walk.accept_cgu()
    response = walk.identity(**overrides)
    if not errors:
        assert response.status_code == 302, field_errors(response.text)
    else:
        assert field_errors(response.text) == errors
        for name in errors:
            assert tied_to_error(response.text, name)


def test_every_step2_input_has_a_visible_label(walk: Walk) -> None:
    walk.accept_cgu()
    page = walk.client.get("/inscription/etape-2").text
    found = labels(page)
    assert {k for k, v in inputs(page).items() if v.get("type") != "hidden"} <= set(found)
    assert {k: v for k, v in found.items() if k != "recherche-site"} == {
        "nir": texts.FIELD_NIR,
        "cle": texts.FIELD_CLE,
        "prenom": texts.FIELD_FIRST_NAME,
        "nom_naissance": texts.FIELD_BIRTH_NAME,
        "telephone_fixe": texts.FIELD_LANDLINE,
        "telephone_portable": texts.FIELD_MOBILE,
        "courriel": texts.FIELD_EMAIL,
        "courriel_confirmation": texts.FIELD_EMAIL_CONFIRM,
        "captcha": texts.FIELD_CAPTCHA,
    }


def test_a_refused_step_lists_every_error_and_keeps_what_was_typed(walk: Walk) -> None:
    walk.accept_cgu()
    typed = {
        "nir": VALID_NIR,
        "cle": "00",
        "prenom": "Éloïse",
        "nom_naissance": "",
        "telephone_fixe": "0123",
        "telephone_portable": "0612345678",
        "courriel": "eloise@example.org",
        "courriel_confirmation": "eloise@example.net",
        "captcha": "wrong",
    }
    page = walk.identity(**typed).text
    assert set(field_errors(page)) == {
        "nir",
        "nom_naissance",
        "telephone_fixe",
        "courriel_confirmation",
        "captcha",
    }
    assert messages.ERROR_SUMMARY in shown(page)
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert summary.count("<li>") == 5
    for message in field_errors(page).values():
        assert shown(page).count(message) == 1  # once, beside its field
    fields = inputs(page)
    for name, value in typed.items():
        assert fields[name]["value"] == ("" if name == "captcha" else value), name
    for name in field_errors(page):
        assert tied_to_error(page, name)


def test_user_text_is_escaped(walk: Walk) -> None:
    walk.accept_cgu()
    page = walk.identity(prenom='<script>alert("x")</script>', nom_naissance="").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_a_nir_with_an_account_cannot_register_again(walk: Walk, client: FlaskClient) -> None:
    walk.register()
    client.post("/deconnexion", data={"csrf_token": "x"})
    other = Walk(client.application.test_client())
    other.accept_cgu()
    response = other.identity(
        courriel="autre@example.org", courriel_confirmation="autre@example.org"
    )
    assert field_errors(response.text) == {"nir": messages.NIR_ALREADY_REGISTERED}
    assert texts.LOGIN_SUBMIT in messages.NIR_ALREADY_REGISTERED


PWD_TABLE = [
    ("Abcde123", True, messages.STRENGTH_MEDIUM),
    ("abcde123", False, messages.STRENGTH_WEAK),
    ("ABCDE123", False, messages.STRENGTH_WEAK),
    ("Abcd1234", False, messages.STRENGTH_WEAK),
    ("Abcdef12", False, messages.STRENGTH_WEAK),
    (texts.EXAMPLE_PASSWORD, True, texts.STRENGTH_STRONG),
]


@pytest.mark.parametrize(("password", "accepted", "strength"), PWD_TABLE)
def test_password_rule(walk: Walk, app: Flask, password: str, accepted: bool, strength: str):
    walk.accept_cgu()
    walk.identity()
    response = walk.password(password)
    if accepted:
        assert response.status_code == 302
        assert _accounts(app) == 1
    else:
        assert field_errors(response.text) == {"mot_de_passe": texts.PASSWORD_RULE}
        assert 'role="status" id="force-mot-de-passe"' in response.text
        status = re.search(r'id="force-mot-de-passe"[^>]*>([^<]*)<', response.text)
        assert status and status.group(1) == strength
        assert _accounts(app) == 0


def test_password_confirmation_must_match(walk: Walk, app: Flask) -> None:
    walk.accept_cgu()
    walk.identity()
    response = walk.password(texts.EXAMPLE_PASSWORD, "Moncompte2016")
    assert field_errors(response.text) == {"mot_de_passe_confirmation": messages.PASSWORD_MISMATCH}
    assert _accounts(app) == 0


def test_the_password_is_stored_as_an_argon2_hash(walk: Walk, app: Flask) -> None:
    walk.register()
    with app.extensions["cpf_sessionmaker"]() as db:
        account = db.scalars(select(Account)).one()
        email = db.scalars(select(OutboxMessage)).one()
    assert account.password_hash.startswith("$argon2id$")
    assert texts.EXAMPLE_PASSWORD not in account.password_hash
    assert texts.EXAMPLE_PASSWORD not in email.text_body + email.html_body
