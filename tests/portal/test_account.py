"""Account blueprint: synthesis, DIF balance, personal information, titled pages (SYN)."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from catalogue import messages, texts
from mock_portal.policy import DIF_CAP
from tests.portal.conftest import Walk, csrf, field_errors, inputs, shown, tied_to_error


@pytest.fixture
def holder(walk: Walk) -> Walk:
    """Register the walkthrough's holder and stay signed in."""
    walk.register()
    return walk


def _hours(page: str) -> dict[str, str]:
    rows = re.findall(r'<span class="hours-value">(\d+)</span> ([^<]+)</dt>', shown(page))
    return {label.strip(): value for value, label in rows}


def test_the_synthesis_shows_an_empty_new_account(holder: Walk) -> None:
    page = shown(holder.client.get("/espace/").text)
    for text in (
        texts.WELCOME_BANNER,
        texts.SUMMARY_TITLE,
        texts.HOURS_TITLE,
        texts.DIF_NOTE,
        texts.NO_USABLE_HOURS,
        texts.FILES_OPEN,
        texts.FILES_CLOSED,
        texts.CGU_DOCUMENT,
        texts.ACCESSIBILITY,
        texts.CONTACT,
    ):
        assert text in re.sub(r"<[^>]+>", "", page), text
    assert _hours(page) == {
        texts.CPF_AVAILABLE: "0",
        texts.CPF_RESERVED: "0",
        texts.DIF_AVAILABLE: "0",
        texts.USABLE_HOURS: "0",
    }
    assert page.count('<span class="files-value">0</span> dossiers') == 2
    assert '<summary class="holder-name">MARION ROUSSARIE</summary>' in page


def test_a_holder_without_first_name_shows_the_birth_name(walk: Walk) -> None:
    walk.register(prenom="")
    assert '<summary class="holder-name">ROUSSARIE</summary>' in walk.client.get("/espace/").text


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/espace/informations", messages.NAV_PERSONAL_INFO),
        ("/espace/heures-dif", messages.NAV_DIF),
        ("/espace/formations", messages.NAV_TRAINING_SEARCH),
        ("/espace/dossiers", messages.NAV_TRAINING_FILES),
        ("/espace/delegations", messages.NAV_DELEGATIONS),
    ],
)
def test_the_space_leads_to_titled_pages(holder: Walk, path: str, title: str) -> None:
    synthesis = shown(holder.client.get("/espace/").text)
    assert f'href="{path}"' in synthesis
    page = shown(holder.client.get(path).text)
    assert f'<h1 class="page-title">{title}</h1>' in page


def test_the_space_navigation_names_each_page(holder: Walk) -> None:
    page = shown(holder.client.get("/espace/").text)
    nav = page.split('<nav class="account-nav"')[1].split("</nav>")[0]
    assert re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav) == [
        ("/espace/", messages.NAV_SUMMARY),
        ("/espace/informations", messages.NAV_PERSONAL_INFO),
        ("/espace/heures-dif", messages.NAV_DIF),
        ("/espace/formations", messages.NAV_TRAINING_SEARCH),
        ("/espace/dossiers", messages.NAV_TRAINING_FILES),
        ("/espace/delegations", messages.NAV_DELEGATIONS),
    ]


@pytest.mark.parametrize("path", ["/espace/", "/espace/heures-dif", "/espace/delegations"])
def test_the_space_needs_a_signed_in_holder(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.location == "/connexion"


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("0", 0), ("35", 35), (" 120 ", 120), ("121", None), ("-1", None), ("12.5", None),
     ("douze", None), ("", None), ("１２", None), ("²", None),
     pytest.param("1" * 5000, None, id="5000-digits")],
)  # fmt: skip
def test_the_dif_balance(holder: Walk, typed: str, saved: int | None) -> None:
    holder.post("/espace/heures-dif", {"heures_dif": "7"})
    response = holder.post("/espace/heures-dif", {"heures_dif": typed})
    if saved is None:
        assert field_errors(response.text) == {"heures_dif": messages.DIF_INVALID}
        assert tied_to_error(response.text, "heures_dif")
        assert inputs(response.text)["heures_dif"]["value"] == typed.strip()
        expected = 7
    else:
        assert response.status_code == 302
        expected = saved
    page = holder.client.get("/espace/").text
    hours = _hours(page)
    assert hours[texts.DIF_AVAILABLE] == hours[texts.USABLE_HOURS] == str(expected)
    assert (texts.NO_USABLE_HOURS in shown(page)) == (expected == 0)
    if saved is not None:
        assert messages.DIF_SAVED in shown(page)


def test_the_dif_field_states_its_range(holder: Walk) -> None:
    page = holder.client.get("/espace/heures-dif").text
    assert inputs(page)["heures_dif"]["aria-describedby"] == "dif-aide"
    hint = re.search(r'<p id="dif-aide">([^<]*)</p>', page)
    assert hint and shown(hint.group(1)) == f"{texts.DIF_NOTE} {messages.DIF_HINT}"
    # The hint and the refusal state the range the view enforces.
    for message in (messages.DIF_HINT, messages.DIF_INVALID):
        assert f"de 0 à {DIF_CAP}." in message


def test_personal_information_shows_the_identity_given_at_step2(holder: Walk) -> None:
    page = shown(holder.client.get("/espace/informations").text)
    assert dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", page)) == {
        texts.LOGIN_NIR: "2 95 10 99 126 111 93",
        texts.FIELD_FIRST_NAME: "Marion",
        texts.BIRTH_NAME: "Roussarie",
    }


LONG_EMAIL = "n" * 243 + "@example.org"  # 255 characters, one over the limit


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"telephone_portable": "06 12 34 56 78"}, {}),
        ({"telephone_fixe": "06 12 34 56 78"}, {"telephone_fixe": messages.LANDLINE_INVALID}),
        ({"telephone_portable": "0512345678"}, {"telephone_portable": messages.MOBILE_INVALID}),
        ({"courriel": "neuf@example.org", "courriel_confirmation": "neuf@example.org"}, {}),
        ({"courriel": "neuf@", "courriel_confirmation": "neuf@"},
         {"courriel": messages.EMAIL_INVALID}),
        ({"courriel_confirmation": "autre@example.org"},
         {"courriel_confirmation": messages.EMAIL_MISMATCH}),
        ({"courriel": LONG_EMAIL, "courriel_confirmation": LONG_EMAIL},
         {"courriel": messages.EMAIL_TOO_LONG}),
    ],
)  # fmt: skip
def test_personal_information_uses_the_checks_of_step2(
    holder: Walk, changes: dict[str, str], errors: dict[str, str]
) -> None:
    fields = inputs(holder.client.get("/espace/informations").text)
    names = ("telephone_fixe", "telephone_portable", "courriel", "courriel_confirmation")
    current = {name: fields[name]["value"] for name in names}
    response = holder.post("/espace/informations", {**current, **changes})
    if errors:
        assert field_errors(response.text) == errors
        for name, value in changes.items():
            assert inputs(response.text)[name]["value"] == value
        stored = inputs(holder.client.get("/espace/informations").text)
        assert {name: stored[name]["value"] for name in names} == current
        return
    assert response.status_code == 302
    assert messages.INFO_SAVED in shown(holder.client.get("/espace/").text)
    stored = inputs(holder.client.get("/espace/informations").text)
    for name, value in changes.items():
        assert stored[name]["value"] == value.replace(" ", "")


def test_signing_out_closes_the_space(holder: Walk) -> None:
    page = holder.client.get("/espace/").text
    assert messages.LOGOUT in shown(page)
    holder.client.post("/deconnexion", data={"csrf_token": csrf(page)})
    assert holder.client.get("/espace/").status_code == 302
