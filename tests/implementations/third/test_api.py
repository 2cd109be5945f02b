"""The third portal's JSON API without a browser: the server refuses what the page refuses."""

from __future__ import annotations

import base64
import re
import signal
import subprocess
import sys
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from implementations.third import rules
from implementations.third.__main__ import parser
from implementations.third.defects import DEFECTS
from implementations.third.store import Store
from implementations.third.web import create_app
from tests.implementations.conftest import Inbox

PASSWORD = "Moncompte2015"


def nir_for(age: int, *, month: int | None = None, department: str = "75") -> tuple[str, str]:
    """Return a NIR and its key for someone who turns `age` this month (or whose month is given)."""
    today = date.today()
    number = f"2{(today.year - age) % 100:02d}{month or today.month:02d}{department}123456"
    return number, f"{rules.key_of(number):02d}"


class Portal:
    """A browser's session on the API: the CSRF header, and each step's request."""

    def __init__(self, client: FlaskClient, store: Store) -> None:
        self.client, self.store = client, store
        self.csrf = self.state()["csrf"]

    def state(self) -> dict[str, Any]:
        return dict(self.client.get("/api/session").json or {})

    def post(self, path: str, data: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
        reply = self.client.post(path, json=data or {}, headers={"X-CSRF-Token": self.csrf})
        return reply.status_code, dict(reply.json or {})

    def answer(self) -> str:
        """Read the live captcha's answer from the store (the image's characters)."""
        return self.store.captcha_answer(self.state().get("captcha", "")) or ""

    def identity(self, person: tuple[str, str], **changes: Any) -> tuple[int, dict[str, Any]]:
        form = {
            "nir": person[0], "cle": person[1], "prenom": "Marion", "nom": "Roussarie", "fixe": "",
            "portable": "06 12 34 56 78", "courriel": "marion@exemple.fr",
            "confirmation": "marion@exemple.fr", "captcha": self.answer(),
        } | changes  # fmt: skip
        return self.post("/api/etapes/2", form)

    def to_step_3(self, nir: tuple[str, str]) -> None:
        assert self.post("/api/etapes/1", {"cgu": True})[0] == 200
        assert self.identity(nir)[0] == 200

    def password(
        self, typed: str = PASSWORD, again: str | None = None
    ) -> tuple[int, dict[str, Any]]:
        data = {"motdepasse": typed, "confirmation": typed if again is None else again}
        return self.post("/api/etapes/3", data)


def make_portal(tmp_path: Path, inbox: Inbox, *defects: str) -> Portal:
    store = Store(str(tmp_path / "portal.sqlite3"))
    app = create_app(store=store, smtp=("127.0.0.1", inbox.port), defects=defects)
    return Portal(app.test_client(), store)


@pytest.fixture
def portal(tmp_path: Path, inbox: Inbox) -> Portal:
    return make_portal(tmp_path, inbox)


def test_steps_are_refused_out_of_order(portal: Portal) -> None:
    assert portal.identity(nir_for(30)) == (409, {"etape": 1})
    assert portal.password() == (409, {"etape": 1})
    assert portal.post("/api/etapes/1", {"cgu": False}) == (
        422, {"erreurs": {"cgu": rules.CGU_REQUIRED}},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"cle": "00"}, "cle", rules.KEY_WRONG),
        ({"nir": "2991375123456"}, "nir", rules.NIR_MONTH),
        ({"nir": "2994575123456"}, "nir", rules.NIR_MONTH),
        ({"nir": "5990175123456"}, "nir", rules.NIR_SEX),
        ({"nom": "  "}, "nom", rules.NAME_EMPTY),
        ({"courriel": "marion@", "confirmation": "marion@"}, "courriel", rules.EMAIL_BAD),
        ({"confirmation": "Marion@exemple.fr"}, "confirmation", rules.EMAIL_DIFFERENT),
        ({"fixe": "06 12 34 56 78"}, "fixe", rules.LANDLINE_BAD),
        ({"portable": "08 12 34 56 78"}, "portable", rules.MOBILE_BAD),
        ({"captcha": "XXXXX"}, "captcha", rules.CAPTCHA_BAD),
    ],
    ids=["key", "month-13", "month-45", "sex-5", "birth-name", "email", "confirmation-case",
         "landline-06", "mobile-08", "captcha"],
)  # fmt: skip
def test_step_2_is_refused_by_the_server_with_the_pages_message(
    portal: Portal, changes: dict[str, str], field: str, message: str
) -> None:
    portal.post("/api/etapes/1", {"cgu": True})
    status, reply = portal.identity(nir_for(30), **changes)
    assert status == 422 and reply["erreurs"] == {field: message}
    assert portal.state()["etape"] == 2


@pytest.mark.parametrize(
    ("nir", "declared", "status", "error"),
    [
        (nir_for(14), True, 422, rules.AGE_TOO_YOUNG),
        (nir_for(15), False, 422, rules.AGE_15),
        (nir_for(15), True, 200, None),
        (nir_for(16), False, 200, None),
        (("2" + "99" + "20" + "2A" + "123456", ""), False, 200, None),
    ],
    ids=["14", "15-undeclared", "15-declared", "16", "corsica-unknown-month"],
)
def test_age_is_read_from_the_nir(
    portal: Portal, nir: tuple[str, str], declared: bool, status: int, error: str | None
) -> None:
    if not nir[1]:
        nir = (nir[0], f"{rules.key_of(nir[0]):02d}")
    portal.post("/api/etapes/1", {"cgu": True})
    got, reply = portal.identity(nir, apprenti=declared)
    assert got == status and reply.get("erreurs", {}).get("nir") == error
    assert reply.get("declaration", False) == (error == rules.AGE_15)


def test_a_captcha_answer_serves_one_attempt_whatever_its_outcome(
    tmp_path: Path, inbox: Inbox
) -> None:
    portal = make_portal(tmp_path, inbox)
    portal.post("/api/etapes/1", {"cgu": True})
    answer = portal.answer()
    assert portal.identity(nir_for(30), nom="", captcha=answer.lower())[0] == 422
    assert portal.identity(nir_for(30), captcha=answer)[1]["erreurs"] == {
        "captcha": rules.CAPTCHA_BAD
    }
    good = portal.answer()
    assert portal.identity(nir_for(30), captcha=good.lower())[0] == 200  # case-insensitive
    assert portal.identity(nir_for(30), captcha=good)[1]["erreurs"] == {
        "captcha": rules.CAPTCHA_BAD
    }, "an answer that served a successful step 2 was accepted again"


@pytest.mark.parametrize(
    ("password", "accepted"),
    [("Abcde123", True), ("abcde123", False), ("ABCDE123", False), ("Abcd1234", False),
     ("Abcdef12", False), ("A" * 60 + "bcd123456", False)],
)  # fmt: skip
def test_step_3_holds_the_password_rule(portal: Portal, password: str, accepted: bool) -> None:
    portal.to_step_3(nir_for(30))
    status, reply = portal.password(password)
    assert (status == 200) == accepted, reply
    assert accepted or reply["erreurs"]["motdepasse"] in (rules.PASSWORD_RULE, rules.PASSWORD_LONG)


def test_a_registration_makes_one_account_and_one_email_even_when_sent_twice(
    portal: Portal, inbox: Inbox
) -> None:
    nir = nir_for(30)
    portal.to_step_3(nir)
    assert portal.password(PASSWORD, "Moncompte2016")[1]["erreurs"] == {
        "confirmation": rules.PASSWORD_DIFFERENT
    }
    assert portal.password() == (200, {"etape": "espace"})
    assert portal.password() == (200, {"etape": "espace"})  # a double click's second request
    assert portal.store.count_accounts(nir[0] + nir[1]) == 1
    (message,) = inbox.received
    assert message.get_content_type() == "text/html" and not message.is_multipart()
    assert message["Content-Transfer-Encoding"] == "quoted-printable"
    body = message.get_content()
    for quoted in ("Bonjour,", "Bienvenue dans votre compte personnel de formation.",
                   ">à cette adresse</a>", "Merci de ne pas répondre directement à ce courriel "
                   "qui est un accusé de réception automatique.", "Cordialement.",
                   "Votre correspondant CPF", "Caisse des Dépôts"):  # fmt: skip
        assert quoted in body
    assert 'href="http://localhost/#/connexion"' in body and PASSWORD not in body


def test_a_nir_registers_once(tmp_path: Path, inbox: Inbox) -> None:
    nir = nir_for(30)
    first = make_portal(tmp_path, inbox)
    first.to_step_3(nir)
    assert first.password()[0] == 200
    again = make_portal(tmp_path, inbox)
    again.post("/api/etapes/1", {"cgu": True})
    assert again.identity(nir)[1]["erreurs"] == {"nir": rules.ALREADY}


def test_sign_in_says_the_same_for_an_unknown_nir_and_a_wrong_password(portal: Portal) -> None:
    nir = nir_for(30)
    portal.to_step_3(nir)
    portal.password()
    spaced = " ".join([nir[0][:1], nir[0][1:3], nir[0][3:5], nir[0][5:7], nir[0][7:], nir[1]])
    assert portal.post("/api/connexion", {"identifiant": spaced, "motdepasse": PASSWORD})[0] == 200
    wrong = portal.post("/api/connexion", {"identifiant": spaced, "motdepasse": "Autre2015abc"})
    unknown = portal.post("/api/connexion", {"identifiant": "1" * 15, "motdepasse": PASSWORD})
    assert wrong == unknown == (401, {"erreur": rules.LOGIN_REFUSED})


@pytest.mark.parametrize(
    ("hours", "saved"),
    [("0", 0), ("120", 120), ("121", None), ("-1", None), ("12,5", None), ("douze", None)],
)
def test_the_dif_balance_is_whole_hours_up_to_120(
    portal: Portal, hours: str, saved: int | None
) -> None:
    portal.to_step_3(nir_for(30))
    portal.password()
    status, reply = portal.post("/api/dif", {"heures": hours})
    assert (status, reply) == (
        (200, {"dif": saved}) if saved is not None else (422, {"erreurs": {"dif": rules.DIF_BAD}})
    )
    assert portal.state()["titulaire"]["dif"] == (saved or 0)


def test_a_post_without_the_session_token_is_refused(portal: Portal) -> None:
    portal.csrf = "forged"
    assert portal.post("/api/etapes/1", {"cgu": True})[0] == 403


@pytest.mark.parametrize(
    ("defect", "emails"),
    [("double-submit-two-emails", 2), ("email-not-sent", 0), ("email-contains-password", 1)],
)
def test_mail_defects_break_their_rule(
    tmp_path: Path, inbox: Inbox, defect: str, emails: int
) -> None:
    portal = make_portal(tmp_path, inbox, defect)
    portal.to_step_3(nir_for(30))
    portal.password()
    portal.password()  # a double click's second request
    assert len(inbox.received) == emails, DEFECTS[defect].description
    said = [message.get_content() for message in inbox.received]
    assert any(PASSWORD in body for body in said) == (defect == "email-contains-password")


@pytest.mark.parametrize("defect", ["", "captcha-replay-after-success"])
def test_an_answer_that_served_a_success_is_refused_after_going_back(
    tmp_path: Path, inbox: Inbox, defect: str
) -> None:
    portal = make_portal(tmp_path, inbox, *filter(None, [defect]))
    portal.post("/api/etapes/1", {"cgu": True})
    spent = portal.answer()
    assert portal.identity(nir_for(30), captcha=spent)[0] == 200
    replayed = portal.identity(nir_for(30), captcha=spent)
    assert (replayed[0] == 200) == bool(defect), replayed


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "implementations.third", *args],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ("--port", "x", "--smtp", "127.0.0.1:25"),
        ("--port", "8200", "--smtp", "nowhere"),
        ("--port", "8200"),
        ("--port", "8200", "--smtp", "127.0.0.1:25", "--captcha-fixed", "a b"),
        ("--port", "8200", "--smtp", "127.0.0.1:25", "--defect", "nope"),
    ],
)
def test_bad_arguments_end_in_one_line_and_status_2(args: tuple[str, ...]) -> None:
    done = run_cli(*args)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_serves_the_page_until_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "implementations.third", "--port", "0", "--smtp", "127.0.0.1:25"],
        stdout=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline() if process.stdout else ""
    try:
        assert line.startswith("third portal on http://127.0.0.1:"), line
        with urllib.request.urlopen(line.split()[-1]) as response:
            page = response.read().decode()
        assert '<script type="module" src="/assets/app.js">' in page and "<dialog" in page
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0


def _month_45() -> tuple[str, str]:
    number = "2994575123456"
    return number, f"{rules.key_of(number):02d}"


# Issue 25: what the page refuses and the server, with each switch, takes by request.
BY_REQUEST: dict[str, tuple[str, dict[str, Any]]] = {
    "nir-key-page-only": ("identity", {"cle": "00"}),
    "age-page-only": ("identity", {"person": nir_for(14)}),
    "email-confirmation-page-only": ("identity", {"confirmation": "autre@exemple.fr"}),
    "email-confirmation-case-only": ("identity", {"confirmation": "Marion@Exemple.fr"}),
    "mobile-08-accepted": ("identity", {"portable": "08 12 34 56 78"}),
    "month-43-49-accepted": ("identity", {"person": _month_45()}),
    "password-page-only": ("password", {"typed": "abcde123"}),
    "step-order-page-only": ("skip", {}),
}


@pytest.mark.parametrize("defect", sorted(BY_REQUEST))
@pytest.mark.parametrize("switched", [False, True], ids=["conformant", "switched"])
def test_the_server_holds_the_rule_unless_a_switch_leaves_it_to_the_page(
    tmp_path: Path, inbox: Inbox, defect: str, switched: bool
) -> None:
    portal = make_portal(tmp_path, inbox, *([defect] if switched else []))
    kind, changes = BY_REQUEST[defect]
    if kind == "skip":
        status = portal.identity(nir_for(30))[0]
    elif kind == "password":
        portal.to_step_3(nir_for(30))
        status = portal.password(**changes)[0]
    else:
        portal.post("/api/etapes/1", {"cgu": True})
        person = changes.pop("person", nir_for(30))
        status = portal.identity(person, **changes)[0]
    assert (status == 200) == switched, DEFECTS[defect].description


@pytest.mark.parametrize("switched", [False, True])
def test_the_captcha_answer_reaches_the_browser_only_with_the_switch(
    tmp_path: Path, inbox: Inbox, switched: bool
) -> None:
    portal = make_portal(tmp_path, inbox, *(["captcha-in-cookie"] if switched else []))
    portal.post("/api/etapes/1", {"cgu": True})
    state = portal.client.get("/api/session")
    answer = portal.store.captcha_answer(state.json["captcha"]) if state.json else None
    cookies = " ".join(state.headers.getlist("Set-Cookie"))
    decoded = " ".join(
        base64.urlsafe_b64decode(part + "==").decode(errors="replace")
        for part in re.findall(r"=([A-Za-z0-9_-]{8,})", cookies)
    )
    assert answer is not None and (answer in decoded) == switched
    assert answer not in state.get_data(as_text=True)


def test_the_captcha_oracle_tells_the_pending_answer_in_test_mode(
    tmp_path: Path, inbox: Inbox
) -> None:
    store = Store(str(tmp_path / "portal.sqlite3"))
    app = create_app(store=store, smtp=("127.0.0.1", inbox.port), test_mode=True)
    portal = Portal(app.test_client(), store)
    assert portal.client.get("/_test/captcha").status_code == 404  # no captcha before step 2
    portal.post("/api/etapes/1", {"cgu": True})
    shown = portal.answer()
    assert portal.client.get("/_test/captcha").json == {"answer": shown}
    renewed = store.captcha_answer(portal.post("/api/captcha")[1]["captcha"])
    assert renewed != shown and portal.client.get("/_test/captcha").json == {"answer": renewed}
    assert app.test_client().get("/_test/captcha").status_code == 404  # another browser
    assert portal.identity(nir_for(30), captcha=renewed)[0] == 200
    assert portal.client.get("/_test/captcha").status_code == 404  # spent by the success


def test_the_captcha_oracle_is_not_served_without_test_mode(portal: Portal) -> None:
    portal.post("/api/etapes/1", {"cgu": True})
    reply = portal.client.get("/_test/captcha")
    assert reply.status_code == 404 and portal.answer() not in reply.get_data(as_text=True)


def test_test_mode_is_off_unless_asked() -> None:
    assert not parser().parse_args(["--port", "0", "--smtp", "127.0.0.1:25"]).test_mode
    assert parser().parse_args(["--port", "0", "--smtp", "127.0.0.1:25", "--test-mode"]).test_mode
