"""Forgery and injection: CSRF, XSS in every text field, SQL metacharacters, header injection."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from catalogue import messages
from mock_portal.db import Account, OutboxMessage, db_session
from tests.portal.conftest import VALID_CLE, VALID_NIR, Walk, csrf, field_errors, inputs, shown

XSS = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
SQL = "O'Brien\"; DROP TABLE account; -- %_\\"
TEXT_FIELDS = (
    "prenom",
    "nom_naissance",
    "telephone_fixe",
    "telephone_portable",
    "courriel",
    "courriel_confirmation",
)
FORMS: tuple[tuple[str, dict[str, str]], ...] = (
    ("/inscription/etape-1", {"cgu": "oui"}),
    ("/inscription/etape-2", {"nir": VALID_NIR, "cle": VALID_CLE}),
    ("/inscription/etape-3", {"mot_de_passe": "Moncompte2015"}),
    ("/connexion", {"nir": VALID_NIR + VALID_CLE, "mot_de_passe": "Moncompte2015"}),
    ("/deconnexion", {}),
    ("/espace/informations", {"courriel": "a@b.fr", "courriel_confirmation": "a@b.fr"}),
    ("/espace/heures-dif", {"heures_dif": "12"}),
)


def _no_live_markup(page: str) -> None:
    """Fail when the payload's tags reached the page unescaped."""
    lowered = page.lower()
    assert "<script>alert" not in lowered and "<img src=x" not in lowered


@pytest.mark.parametrize(("path", "data"), FORMS, ids=[f[0] for f in FORMS])
def test_every_form_refuses_a_post_without_its_csrf_token(
    client: FlaskClient, app: Flask, path: str, data: dict[str, str]
) -> None:
    response = client.post(path, data=data)
    assert response.status_code == 400
    assert 'lang="fr"' in response.text
    with app.app_context(), db_session() as db:
        assert db.scalar(select(Account.id)) is None


def test_a_stale_csrf_token_from_another_session_is_refused(app: Flask, walk: Walk) -> None:
    token = csrf(walk.client.get("/inscription/etape-1").text)
    other = app.test_client()
    assert (
        other.post("/inscription/etape-1", data={"csrf_token": token, "cgu": "oui"}).status_code
        == 400
    )


def test_xss_in_every_text_field_comes_back_escaped_on_the_refused_step(walk: Walk) -> None:
    walk.accept_cgu()
    # A wrong captcha keeps the step refused: every typed value is shown again.
    page = walk.identity(**dict.fromkeys(TEXT_FIELDS, XSS), captcha="mauvais").text
    _no_live_markup(page)
    fields = inputs(page)
    # An HTML parser reads each value back whole: the quotes did not close the attribute.
    assert {name: fields[name].get("value") for name in TEXT_FIELDS} == dict.fromkeys(
        TEXT_FIELDS, XSS
    )


def test_xss_in_names_is_escaped_in_the_account_space_and_absent_from_the_email(
    walk: Walk, app: Flask, client: FlaskClient
) -> None:
    walk.register(prenom=XSS, nom_naissance=XSS)
    for path in ("/espace/", "/espace/informations", "/espace/heures-dif", "/espace/dossiers"):
        page = client.get(path)
        assert page.status_code == 200
        _no_live_markup(page.text)
    assert XSS.upper() in shown(client.get("/espace/").text)  # the name, in capitals, as text
    with app.app_context(), db_session() as db:
        [mail] = db.scalars(select(OutboxMessage)).all()
    for body in (mail.text_body, mail.html_body, mail.subject):
        assert "<script" not in body.lower() and "onerror" not in body.lower()


def test_xss_in_the_login_and_search_boxes_is_escaped(client: FlaskClient, walk: Walk) -> None:
    page = walk.login(XSS, XSS).text
    _no_live_markup(page)
    assert XSS in shown(page)  # the typed NIR is kept, as text
    search = client.get("/recherche", query_string={"q": XSS}).text
    _no_live_markup(search)


def test_sql_metacharacters_are_stored_and_shown_literally(
    walk: Walk, app: Flask, client: FlaskClient
) -> None:
    walk.register(prenom=SQL, nom_naissance=SQL)
    assert f"{SQL} {SQL}".upper() in shown(client.get("/espace/").text)
    with app.app_context(), db_session() as db:
        [account] = db.scalars(select(Account)).all()
    assert account.first_name == SQL and account.birth_name == SQL
    # The login box treats quotes as characters, never as SQL.
    refused = walk.login(f"{VALID_NIR}' OR '1'='1", "x' OR '1'='1")
    assert messages.LOGIN_REFUSED in shown(refused.text)


@pytest.mark.parametrize(
    "address",
    [
        "marion@example.org\r\nBcc: victime@example.org",
        "marion@example.org\nSubject: autre",
        "marion@example.org%0d%0aBcc:victime@example.org",
        "Marion <marion@example.org>, victime@example.org",
    ],
)
def test_cr_lf_in_the_email_fields_cannot_inject_headers(
    walk: Walk, app: Flask, address: str
) -> None:
    walk.accept_cgu()
    page = walk.identity(courriel=address, courriel_confirmation=address)
    assert page.status_code == 200
    assert field_errors(page.text).get("courriel") == messages.EMAIL_INVALID
    with app.app_context(), db_session() as db:
        assert db.scalar(select(OutboxMessage.id)) is None


def test_cr_lf_cannot_reach_the_address_through_the_account_space(
    walk: Walk, app: Flask, client: FlaskClient
) -> None:
    walk.register()
    bad = "marion@example.org\r\nBcc: victime@example.org"
    page = walk.post("/espace/informations", {"courriel": bad, "courriel_confirmation": bad})
    assert field_errors(page.text).get("courriel") == messages.EMAIL_INVALID
    with app.app_context(), db_session() as db:
        assert db.scalar(select(Account.email)) == "marion@example.org"
