"""Malformed requests (wrong methods, missing fields, broken encodings, random bytes): no 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mock_portal import create_app
from tests.portal.conftest import Walk

PATHS = (
    "/",
    "/connexion",
    "/deconnexion",
    "/mot-de-passe-oublie",
    "/cgu.pdf",
    "/recherche",
    "/informations/mes-droits",
    "/inscription/",
    "/inscription/etape-1",
    "/inscription/etape-2",
    "/inscription/etape-3",
    "/captcha/renouveler",
    "/captcha/abc.png",
    "/captcha/abc.wav",
    "/espace/",
    "/espace/informations",
    "/espace/heures-dif",
    "/_test/captcha",
)
FORM_PATHS = (
    "/connexion",
    "/inscription/etape-1",
    "/inscription/etape-2",
    "/inscription/etape-3",
    "/espace/informations",
    "/espace/heures-dif",
)
FIELDS = (
    "nir", "cle", "prenom", "nom_naissance", "telephone_fixe", "telephone_portable",
    "courriel", "courriel_confirmation", "captcha", "apprentissage", "action", "cgu",
    "mot_de_passe", "mot_de_passe_confirmation", "heures_dif", "declaration_shown",
)  # fmt: skip


def _lax(tmp: Path) -> Flask:
    """Build a portal without CSRF checks, so random forms reach the views themselves."""
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp / 'portal.db'}",
        "OUTBOX_WORKER": False,
        "TEST_MODE": True,
        "CAPTCHA_FIXED": "Xk7Pq",
        "WTF_CSRF_ENABLED": False,
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_KIB": 1024,
        "ARGON2_PARALLELISM": 1,
        # TESTING re-raises exceptions; the property must see the 500 page a person would.
        "PROPAGATE_EXCEPTIONS": False,
    }
    return create_app(config, instance_path=str(tmp / "instance"))


@pytest.fixture(scope="module")
def lax_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """Share one lax portal across the module (Hypothesis calls a test many times)."""
    app = _lax(tmp_path_factory.mktemp("malformed"))
    yield app
    app.extensions["cpf_engine"].dispose()


def _at_each_step(app: Flask) -> list[FlaskClient]:
    """Return clients at every stage: new, past step 1, past step 2, signed in."""
    fresh, cgu, identity = app.test_client(), app.test_client(), app.test_client()
    for client in (cgu, identity):
        Walk(client).accept_cgu()
    Walk(identity).identity(nir="2951099126111", cle="93", captcha="Xk7Pq")
    return [fresh, cgu, identity]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "POST", "GET", "OPTIONS"])
def test_any_method_on_any_page_never_gives_500(lax_app: Flask, method: str) -> None:
    for client in _at_each_step(lax_app):
        for path in PATHS:
            response = client.open(path, method=method)
            assert response.status_code < 500, (method, path, response.status_code)


def test_missing_and_empty_fields_never_give_500(lax_app: Flask) -> None:
    for client in _at_each_step(lax_app):
        for path in FORM_PATHS:
            for data in ({}, dict.fromkeys(FIELDS, ""), {"action": "renouveler"}):
                response = client.post(path, data=data)
                assert response.status_code < 500, (path, data, response.status_code)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", b"nir=%ff%fe%00&cle=%&mot_de_passe=%zz"),
        ("application/x-www-form-urlencoded", "nom_naissance=é".encode("latin-1")),
        ("application/x-www-form-urlencoded; charset=utf-7", b"nir=+AGEAYgBj-"),
        ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data\r\n\r\n"),
        ("multipart/form-data", b"--\r\n\r\n"),
        ("application/json", b'{"nir": ['),
        ("text/plain", b"\x00\xff" * 100),
    ],
)
def test_broken_encodings_never_give_500(lax_app: Flask, content_type: str, body: bytes) -> None:
    for client in _at_each_step(lax_app):
        for path in FORM_PATHS:
            response = client.post(path, data=body, content_type=content_type)
            assert response.status_code < 500, (path, content_type, response.status_code)


_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(FORM_PATHS),
    stage=st.integers(min_value=0, max_value=2),
    form=st.dictionaries(st.sampled_from(FIELDS), _text | st.sampled_from(["oui", "renouveler"])),
)
def test_random_forms_never_give_500(
    lax_app: Flask, path: str, stage: int, form: dict[str, str]
) -> None:
    client = _at_each_step(lax_app)[stage]
    response = client.post(path, data=form)
    assert response.status_code < 500, (path, form, response.text[:300])


@settings(max_examples=60, deadline=None)
@given(
    # A path, never "//…": the test client would read what follows as a host name (and fail
    # on it before any request), while a real request line always starts with one "/".
    path=st.sampled_from(PATHS) | st.text(max_size=40).map(lambda s: "/" + s.lstrip("/")),
    body=st.binary(max_size=2048),
    content_type=st.sampled_from(
        ["application/x-www-form-urlencoded", "multipart/form-data; boundary=b", "", "x/y"]
    ),
)
def test_random_bytes_never_give_500(
    lax_app: Flask, path: str, body: bytes, content_type: str
) -> None:
    client = lax_app.test_client()
    response = client.post(path, data=body, content_type=content_type or None)
    assert response.status_code < 500, (path, body[:80], response.status_code)


def test_the_property_would_see_a_500(tmp_path: Path) -> None:
    """Check a breaking view answers 500 under this config (so the tests above can fail)."""
    app = _lax(tmp_path)

    @app.get("/_test/casse")
    def broken() -> str:
        raise RuntimeError("deliberate")

    assert app.test_client().get("/_test/casse").status_code == 500
    app.extensions["cpf_engine"].dispose()
