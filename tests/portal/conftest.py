"""Fixtures for the portal tests: a fresh app and database per test, and form helpers."""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from waitress.server import create_server

from catalogue import texts
from mock_portal import create_app
from walkthrough.people import nir_from_parts

TODAY = date(2026, 6, 15)
CAPTCHA = "Xk7Pq"
VALID_NIR = "2951099126111"
VALID_CLE = "93"

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_nir(*, year: int, month: int, sex: str = "1", department: str = "75") -> tuple[str, str]:
    """Return a NIR and its key for a birth year (2 digits) and month code, valid or not."""
    nir = nir_from_parts(
        sex_digit=sex,
        year=year,
        month_code=f"{month:02d}",
        department=department,
        commune="056",
        serial="123",
    )
    return nir.number, nir.cle


def csrf(html: str) -> str:
    """Return the CSRF token of the first form in a page."""
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def field_errors(page: str) -> dict[str, str]:
    """Return {field id: message} for every field error shown on a page."""
    found = re.findall(r'<p class="field-error" id="([^"]+)-erreur">([^<]*)</p>', page)
    return {name: html.unescape(message) for name, message in found}


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, dict[str, str]] = {}
        self.labels: dict[str, str] = {}
        self._label_for: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "input" and "id" in values:
            self.found[values["id"]] = values
        if tag == "label":
            self._label_for = values.get("for")
            if self._label_for:
                self.labels[self._label_for] = ""

    def handle_data(self, data: str) -> None:
        if self._label_for:
            self.labels[self._label_for] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_for = None


def inputs(page: str) -> dict[str, dict[str, str]]:
    """Return the attributes of every input of a page, by id."""
    parser = _Inputs()
    parser.feed(page)
    return parser.found


def labels(page: str) -> dict[str, str]:
    """Return the text of every `<label for>` of a page, by the id it points to."""
    parser = _Inputs()
    parser.feed(page)
    return {k: v.strip() for k, v in parser.labels.items()}


def tied_to_error(page: str, field: str, error_of: str | None = None) -> bool:
    """Tell whether an input is marked invalid and described by its field error."""
    attrs = inputs(page)[field]
    described = attrs.get("aria-describedby", "").split()
    return attrs.get("aria-invalid") == "true" and f"{error_of or field}-erreur" in described


def shown(page: str) -> str:
    """Return a page's markup with entities decoded, to look for visible texts."""
    return html.unescape(page)


@pytest.fixture
def config(tmp_path: Path) -> dict[str, Any]:
    """Return test settings; a test may change them before asking for `app`."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}",
        "OUTBOX_WORKER": False,
        "TEST_MODE": True,
        "CAPTCHA_FIXED": CAPTCHA,
        "TODAY": TODAY,
        "SERVER_NAME": "portail.test",
        # Cheap hashes: the tests check behaviour, not the cost of argon2.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_KIB": 1024,
        "ARGON2_PARALLELISM": 1,
    }


@pytest.fixture
def app(config: dict[str, Any], tmp_path: Path) -> Iterator[Flask]:
    """Build a portal on a fresh SQLite file."""
    application = create_app(config, instance_path=str(tmp_path / "instance"))
    yield application
    application.extensions["cpf_outbox"].stop()
    application.extensions["cpf_engine"].dispose()


@pytest.fixture
def live_url(config: dict[str, Any], app: Flask) -> Iterator[str]:
    """Serve the test app with waitress on a free loopback port."""
    app.config["SERVER_NAME"] = None
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        # One host and port: waitress makes a TcpWSGIServer, which has effective_port.
        yield f"http://127.0.0.1:{server.effective_port}/"  # type: ignore[union-attr]
    finally:
        server.close()
        thread.join(10)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a browser-like client for the portal."""
    return app.test_client()


class Walk:
    """Drive the registration steps the way a person does, form by form."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def post(self, url: str, data: dict[str, str]) -> Any:
        """Open the page, then send its form with the page's CSRF token."""
        page = self.client.get(url)
        return self.client.post(url, data={"csrf_token": csrf(page.text), **data})

    def accept_cgu(self) -> Any:
        """Complete step 1."""
        return self.post("/inscription/etape-1", {"cgu": "oui"})

    def identity(self, **overrides: str) -> Any:
        """Send step 2 with valid values unless overridden."""
        data = {
            "nir": VALID_NIR,
            "cle": VALID_CLE,
            "prenom": "Marion",
            "nom_naissance": "Roussarie",
            "telephone_fixe": "",
            "telephone_portable": "",
            "courriel": "marion@example.org",
            "courriel_confirmation": "marion@example.org",
            "captcha": CAPTCHA,
        }
        data.update(overrides)
        return self.post("/inscription/etape-2", data)

    def password(self, password: str = texts.EXAMPLE_PASSWORD, confirm: str | None = None) -> Any:
        """Send step 3."""
        return self.post(
            "/inscription/etape-3",
            {"mot_de_passe": password, "mot_de_passe_confirmation": confirm or password},
        )

    def register(self, **overrides: str) -> Any:
        """Go through the three steps; return the last response."""
        assert self.accept_cgu().status_code == 302
        response = self.identity(**overrides)
        assert response.status_code == 302, field_errors(response.text)
        return self.password()

    def login(self, nir: str, password: str) -> Any:
        """Send the login form."""
        return self.post("/connexion", {"nir": nir, "mot_de_passe": password})


def finish_together(walks: list[Walk], *, timeout_s: float = 30) -> list[Any]:
    """Send step 3 from every walk at the same moment; return the responses in walk order."""
    barrier = threading.Barrier(len(walks))

    def finish(walk: Walk) -> Any:
        token = csrf(walk.client.get("/inscription/etape-3").text)
        barrier.wait(timeout_s)
        return walk.client.post(
            "/inscription/etape-3",
            data={"csrf_token": token, "mot_de_passe": texts.EXAMPLE_PASSWORD,
                  "mot_de_passe_confirmation": texts.EXAMPLE_PASSWORD},
        )  # fmt: skip

    with ThreadPoolExecutor(len(walks)) as pool:
        return list(pool.map(finish, walks))


@pytest.fixture
def walk(client: FlaskClient) -> Walk:
    """Return a helper that goes through the portal's forms."""
    return Walk(client)
