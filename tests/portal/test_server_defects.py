"""Issue 25's defect switches: rules held only by the page, a step out of order, a leak."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.portal.conftest import CAPTCHA, VALID_CLE, Walk, shown


@pytest.fixture
def walk(config: dict[str, Any], request: pytest.FixtureRequest) -> Walk:
    config["DEFECTS"] = frozenset(request.param)
    client: FlaskClient = request.getfixturevalue("client")
    return Walk(client)


def _wrong_key() -> str:
    return f"{int(VALID_CLE) % 97 + 1:02d}"


@pytest.mark.parametrize("walk", [()], indirect=True)
def test_without_a_defect_the_page_has_no_checks_of_its_own(walk: Walk) -> None:
    walk.accept_cgu()
    page = walk.client.get("/inscription/etape-2").text
    assert "page-checks" not in page and "page_checks.js" not in page
    assert walk.identity(cle=_wrong_key()).status_code == 200  # refused by the server


@pytest.mark.parametrize("walk", [("nir-key-page-only",)], indirect=True)
def test_a_key_checked_only_by_the_page_goes_through_a_request(walk: Walk) -> None:
    walk.accept_cgu()
    page = walk.client.get("/inscription/etape-2").text
    assert '<meta name="page-checks"' in page and "nir-key" in shown(page)
    assert walk.identity(cle=_wrong_key()).status_code == 302


@pytest.mark.parametrize("walk", [("step-order-page-only",)], indirect=True)
def test_step_3_goes_through_after_a_step_2_refused_for_its_captcha(walk: Walk) -> None:
    walk.accept_cgu()
    assert walk.identity(captcha="0O0O0O").status_code == 200
    assert walk.password().headers["Location"].endswith("/espace/")


@pytest.mark.parametrize("walk", [("captcha-in-cookie",)], indirect=True)
def test_the_answer_rides_in_a_readable_cookie(walk: Walk) -> None:
    walk.accept_cgu()
    walk.client.get("/inscription/etape-2")
    cookie = walk.client.get_cookie("etat", domain="portail.test")
    assert cookie is not None
    payload = cookie.value.split(".")[0]
    decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert decoded["captcha"]["answer"] == CAPTCHA
