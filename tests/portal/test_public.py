"""Public blueprint: home, login and its safety, CGU document, error pages (NAV, LOG)."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from catalogue import messages, texts
from mock_portal.views.public import INFO_PAGES
from tests.portal.conftest import (
    VALID_CLE,
    VALID_NIR,
    Walk,
    csrf,
    field_errors,
    inputs,
    labels,
    shown,
    tied_to_error,
)

SPACED = "2 95 10 99 126 111 93"


def test_the_home_page_leads_to_the_login_page(client: FlaskClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text
    body = shown(page.text)
    for text in ("Titulaire", "Employeurs", "Professionnels", texts.SITE_SLOGAN):
        assert text in body
    assert f'<a class="btn-account" href="/connexion">{messages.HOME_ACCESS}</a>' in body
    assert texts.LOGIN_TITLE in shown(client.get("/connexion").text)


def test_the_home_page_links_read_the_titles_of_their_pages(client: FlaskClient) -> None:
    home = shown(client.get("/").text)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', home)
    for slug, title in INFO_PAGES.items():
        path = f"/informations/{slug}"
        assert {text.removesuffix(" ▾") for href, text in links if href == path} <= {
            title,
            "EN SAVOIR +",
        }, slug
        assert (path, title) in links or (path, f"{title} ▾") in links, slug
        page = shown(client.get(path).text)
        assert f'<h1 class="page-title">{title}</h1>' in page
        assert ("/connexion", texts.SECURE_SPACE_ACCESS) in re.findall(
            r'<a href="([^"]+)">([^<]+)</a>', page
        )
    assert home.count(f'<a href="/connexion">{texts.SECURE_SPACE_ACCESS}</a>') == 2
    assert home.count(f'<a href="/espace/formations">{messages.NAV_TRAINING_SEARCH}</a>') == 2


def test_pages_lead_back_home(client: FlaskClient) -> None:
    for path in ("/connexion", "/nous-contacter", "/recherche", "/inscription/etape-1"):
        page = shown(client.get(path).text)
        trail = page.split('<nav class="breadcrumb"')[1].split("</nav>")[0]
        assert f'<a href="/">{texts.HOME_PAGE}</a>' in trail, path
    assert f"<title>{texts.HOME_PAGE} - {texts.SITE_NAME}</title>" in client.get("/").text


def test_the_login_page_shows_the_walkthrough_texts(client: FlaskClient) -> None:
    page = client.get("/connexion").text
    body = shown(page)
    for text in (
        texts.LOGIN_REGISTERED,
        texts.LOGIN_SUBMIT,
        texts.FORGOTTEN_PASSWORD,
        texts.LOGIN_NOT_REGISTERED,
        texts.REGISTER,
        texts.MORE_INFO,
        texts.DEMO_VIDEO,
        texts.CGU_DOCUMENT,
    ):
        assert text in body
    assert labels(page).items() >= {
        ("nir", texts.LOGIN_NIR),
        ("mot_de_passe", texts.LOGIN_PASSWORD),
        ("afficher-mot-de-passe", texts.SHOW_PASSWORD),
    }


@pytest.mark.parametrize(
    "path", ["/mot-de-passe-oublie", "/accessibilite", "/nous-contacter", "/video-demonstration"]
)
def test_linked_pages_are_not_dead_ends(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert '<h1 class="page-title">' in response.text


def test_the_cgu_link_serves_a_real_pdf(client: FlaskClient) -> None:
    response = client.get("/cgu.pdf")
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-1.4")
    assert response.data.rstrip().endswith(b"%%EOF")
    assert "Conditions Générales d'Utilisation".encode("cp1252") in response.data


@pytest.fixture
def registered(walk: Walk, client: FlaskClient) -> Walk:
    """Register the walkthrough's holder, then sign out."""
    walk.register()
    page = client.get("/espace/").text
    client.post("/deconnexion", data={"csrf_token": csrf(page)})
    return walk


@pytest.mark.parametrize("typed", [VALID_NIR + VALID_CLE, SPACED, f" {VALID_NIR} {VALID_CLE} "])
def test_the_holder_signs_in_with_nir_and_key(registered: Walk, typed: str) -> None:
    response = registered.login(typed, texts.EXAMPLE_PASSWORD)
    assert response.status_code == 302
    assert response.location == "/espace/"
    assert texts.SUMMARY_TITLE in shown(registered.client.get("/espace/").text)


@pytest.mark.parametrize(
    ("typed", "password"),
    [
        (SPACED, "Moncompte2016"),
        ("1 95 10 99 126 111 96", texts.EXAMPLE_PASSWORD),
        (VALID_NIR, texts.EXAMPLE_PASSWORD),
        ("", ""),
    ],
    ids=["wrong-password", "unknown-nir", "key-missing", "empty"],
)
def test_refusals_look_the_same(registered: Walk, typed: str, password: str) -> None:
    response = registered.login(typed, password)
    assert response.status_code == 200
    assert messages.LOGIN_REFUSED in shown(response.text)
    assert tied_to_error(response.text, "nir", "connexion")
    assert registered.client.get("/espace/").status_code == 302


def test_signing_in_gives_a_new_session_id(registered: Walk, app: Flask) -> None:
    client = registered.client
    client.get("/connexion")
    before = client.get_cookie("cpf_session", domain="portail.test")
    assert before is not None
    registered.login(SPACED, texts.EXAMPLE_PASSWORD)
    after = client.get_cookie("cpf_session", domain="portail.test")
    assert after is not None and after.value != before.value
    assert after.http_only and after.same_site == "Lax"
    # The old id no longer opens anything.
    other = app.test_client()
    other.set_cookie("cpf_session", before.value, domain="portail.test")
    assert other.get("/espace/").status_code == 302


def test_too_many_failures_are_throttled_without_saying_if_the_nir_exists(
    registered: Walk, app: Flask
) -> None:
    limit = app.config["LOGIN_MAX_FAILURES"]
    for typed in (SPACED, "1 95 10 99 126 111 96"):
        for _ in range(limit):
            registered.login(typed, "Mauvais000")
        refused = registered.login(typed, texts.EXAMPLE_PASSWORD)
        assert refused.status_code == 429
        assert messages.LOGIN_THROTTLED in shown(refused.text)
    assert registered.client.get("/espace/").status_code == 302


def test_the_search_box_echoes_the_whole_query(client: FlaskClient) -> None:
    query = "Éloïse " * 28 + "CAP"  # 199 characters
    page = client.get("/recherche", query_string={"q": query}).text
    assert f"<p>{messages.SEARCH_NO_RESULT.format(query=query)}</p>" in shown(page)
    assert f'<h1 class="page-title">{texts.SITE_SEARCH}</h1>' in page
    assert labels(page)["recherche-site"] == inputs(page)["recherche-site"]["placeholder"]
    assert labels(page)["recherche-site"] == texts.SITE_SEARCH


def test_an_over_long_search_is_refused_not_cut(client: FlaskClient) -> None:
    query = "x" * 201
    page = client.get("/recherche", query_string={"q": query}).text
    assert field_errors(page) == {"recherche-site": messages.SEARCH_TOO_LONG}
    assert tied_to_error(page, "recherche-site")
    assert inputs(page)["recherche-site"]["value"] == query  # kept whole in the box
    no_result = messages.SEARCH_NO_RESULT.partition("{query}")[0]
    assert no_result.strip() and no_result not in shown(page)  # no echo of a cut query


def test_forms_need_their_csrf_token(client: FlaskClient) -> None:
    response = client.post("/inscription/etape-1", data={"cgu": "oui"})
    assert response.status_code == 400
    assert "<h1" in response.text and 'lang="fr"' in response.text


def test_a_too_large_request_gets_a_french_page(client: FlaskClient, app: Flask) -> None:
    response = client.post("/connexion", data={"nir": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)})
    assert response.status_code == 413
    assert "trop volumineux" in shown(response.text)


def test_unknown_pages_get_a_french_404(client: FlaskClient) -> None:
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page introuvable" in response.text


def test_pages_carry_the_security_headers(client: FlaskClient) -> None:
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(client: FlaskClient, walk: Walk) -> None:
    walk.accept_cgu()
    for path in ("/", "/connexion", "/inscription/etape-2"):
        page = client.get(path).text
        assert "<script>" not in page and "<style" not in page and " style=" not in page


def test_logs_never_show_the_password_or_the_nir(
    registered: Walk, caplog: pytest.LogCaptureFixture, config: dict[str, Any]
) -> None:
    caplog.set_level(logging.DEBUG)
    registered.login(SPACED, texts.EXAMPLE_PASSWORD)
    registered.login(SPACED, "Mauvais000")
    assert texts.EXAMPLE_PASSWORD not in caplog.text
    assert VALID_NIR not in caplog.text.replace(" ", "")
