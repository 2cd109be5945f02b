"""Registration blueprint: steps, eligibility, fields and password (NAV, CGU, FORM, PWD)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser, expect
from sqlalchemy import func, select

from catalogue import messages, texts
from mock_portal.db import Account, OutboxMessage
from tests.portal.conftest import (
    CAPTCHA,
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


def _summary(page: str) -> dict[str, str]:
    """Return {field id: name} for every field the error summary lists."""
    block = page.split('class="error-summary"')[1].split("</div>")[0]
    return dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', shown(block)))


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
    assert _summary(response.text) == {"cgu": messages.SUMMARY_CGU}
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
        assert _summary(response.text) == {"apprentissage": messages.SUMMARY_APPRENTICESHIP}
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


def _typed(field: str, length: int) -> str:
    """Return a value of `length` characters for a field; names carry accents (not bytes)."""
    if field.startswith("courriel"):
        return "n" * (length - len("@example.org")) + "@example.org"
    return ("Marie-Éloïse " * 20)[: length - 1] + "x"  # no trailing space to strip


LIMITS = [
    pytest.param("prenom", 100, messages.FIRST_NAME_TOO_LONG, id="prenom"),
    pytest.param("nom_naissance", 100, messages.BIRTH_NAME_TOO_LONG, id="nom_naissance"),
    pytest.param("courriel", 254, messages.EMAIL_TOO_LONG, id="courriel"),
]


@pytest.mark.parametrize(("field", "limit", "message"), LIMITS)
def test_a_step2_field_over_its_limit_is_refused_and_kept_whole(
    walk: Walk, app: Flask, field: str, limit: int, message: str
) -> None:
    walk.accept_cgu()
    typed = _typed(field, limit + 1)
    overrides = {field: typed}
    if field == "courriel":
        overrides["courriel_confirmation"] = typed
    response = walk.identity(**overrides)
    assert response.status_code == 200
    assert f"{limit} caractères" in message
    assert field_errors(response.text) == {field: message}
    assert shown(response.text).count(message) == 1  # once, beside its field
    assert tied_to_error(response.text, field)
    for name, value in overrides.items():
        assert inputs(response.text)[name]["value"] == value, name
    assert walk.client.get("/inscription/etape-3").status_code == 302
    assert (_accounts(app), _emails(app)) == (0, 0)


@pytest.mark.parametrize(("field", "limit", "message"), LIMITS)
def test_a_step2_field_at_its_limit_is_stored_whole(
    walk: Walk, app: Flask, field: str, limit: int, message: str
) -> None:
    typed = _typed(field, limit)
    overrides = {field: typed}
    if field == "courriel":
        overrides["courriel_confirmation"] = typed
    walk.register(**overrides)
    column = {"prenom": "first_name", "nom_naissance": "birth_name", "courriel": "email"}[field]
    with app.extensions["cpf_sessionmaker"]() as db:
        assert getattr(db.scalars(select(Account)).one(), column) == typed


def test_no_form_input_lets_the_browser_cut_what_is_typed(walk: Walk) -> None:
    # A `maxlength` cuts a pasted text without a word: the server's message must decide.
    pages = {"/connexion": walk.client.get("/connexion").text}
    walk.accept_cgu()
    pages["/inscription/etape-2"] = walk.client.get("/inscription/etape-2").text
    walk.identity()
    pages["/inscription/etape-3"] = walk.client.get("/inscription/etape-3").text
    walk.password()
    for path in ("/espace/informations", "/espace/heures-dif"):
        pages[path] = walk.client.get(path).text
    for path, page in pages.items():
        assert inputs(page), path
        assert [i for i, attrs in inputs(page).items() if "maxlength" in attrs] == [], path


def test_in_a_browser_a_long_first_name_is_refused_not_cut(
    live_url: str, chromium: Browser, app: Flask
) -> None:
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(live_url + "inscription/etape-1")
        page.get_by_role("checkbox", name=texts.CGU_CHECKBOX).check()
        page.get_by_role("button", name=texts.CONTINUE).click()
        first_name = _typed("prenom", 101)
        typed = {
            texts.FIELD_NIR: "2 95 10 99 126 111",  # as printed on the card: 18 characters
            texts.FIELD_CLE: VALID_CLE,
            texts.FIELD_FIRST_NAME: first_name,
            texts.FIELD_BIRTH_NAME: "Roussarie",
            texts.FIELD_EMAIL: "marion@example.org",
            texts.FIELD_EMAIL_CONFIRM: "marion@example.org",
        }
        for label, value in typed.items():
            page.get_by_label(label, exact=True).fill(value)
        page.get_by_label(texts.FIELD_CAPTCHA, exact=True).fill(CAPTCHA)
        page.get_by_role("button", name=texts.CONTINUE).click()
        expect(page.get_by_text(messages.FIRST_NAME_TOO_LONG, exact=True)).to_be_visible()
        expect(page.get_by_text(messages.NIR_INVALID)).to_have_count(0)
        for label, value in typed.items():
            expect(page.get_by_label(label, exact=True)).to_have_value(value)
        assert page.url.endswith("/inscription/etape-2")
    finally:
        context.close()
    assert (_accounts(app), _emails(app)) == (0, 0)


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
