"""The second portal's rules, API and command line, without a browser."""

from __future__ import annotations

import array
import base64
import io
import json
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pytest

from implementations.second import captcha as captcha_module
from implementations.second import rules
from implementations.second.__main__ import parser
from implementations.second.api import Portal
from implementations.second.defects import DEFECTS
from implementations.second.server import PortalServer
from implementations.second.store import Store
from tests.implementations.second.conftest import nir_for


class Client:
    """A cookie-keeping HTTP client that sends the session's CSRF header."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.state = self.get_json("/api/etat")

    def get(self, path: str) -> tuple[int, bytes, str]:
        try:
            with self.opener.open(self.base + path) as response:
                return response.status, response.read(), response.url
        except urllib.error.HTTPError as error:
            return error.code, error.read(), path

    def get_json(self, path: str) -> dict[str, Any]:
        return json.loads(self.get(path)[1])

    def post(self, path: str, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(data).encode(),
            headers={"Content-Type": "application/json", "X-Jeton-Formulaire": self.state["csrf"]},
        )
        try:
            with self.opener.open(request) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())


@contextmanager
def running(portal: Portal) -> Iterator[Client]:
    """Serve `portal` in a thread; give a client of it."""
    server = PortalServer(("127.0.0.1", 0), portal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Client(f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[tuple[Client, Portal]]:
    """Serve a portal with random captchas (no SMTP needed before step 3)."""
    portal = Portal(store=Store(str(tmp_path / "db.sqlite3")), smtp=("127.0.0.1", 9))
    with running(portal) as http:
        yield http, portal


def identity(nir: tuple[str, str], answer: str) -> dict[str, str]:
    return {
        "nir": nir[0],
        "cle": nir[1],
        "nom": "Roussarie",
        "courriel": "m@exemple.fr",
        "courriel2": "m@exemple.fr",
        "captcha": answer,
    }


def test_corsica_and_unknown_months() -> None:
    assert rules.expected_key("185072A123456") == 65  # python-stdnum's key for this number
    assert rules.nir_error("1850720123456") is None  # unknown month 20 exists
    assert rules.nir_error("1851375123456") == rules.NIR_MONTH
    assert rules.nir_error("1854475123456") == rules.NIR_MONTH
    # ELIG-04: an unknown month counts as January.
    assert rules.age("1109975123456", date(2026, 1, 1)) == 16
    assert rules.age("1109975123456", date(2025, 12, 31)) == 15


def test_captcha_is_case_insensitive_good_once_and_spent_by_renewal(client: Any) -> None:
    http, portal = client
    assert http.post("/api/conditions", {"accepte": True})[0] == 200
    captcha = http.get_json("/api/etat")["captcha"]
    answer = portal.store.captcha_answer(captcha)
    http.post("/api/controle", {})
    status, data = http.post("/api/identite", identity(nir_for(30), answer.lower()))
    assert status == 422 and data["erreurs"] == {"captcha": rules.CAPTCHA_BAD}
    fresh = portal.store.captcha_answer(data["captcha"])
    assert http.post("/api/identite", identity(nir_for(30), fresh.lower()))[0] == 200
    # The same answer, replayed, no longer works.
    assert http.post("/api/identite", identity(nir_for(31), fresh))[0] == 422


def test_audio_is_real_speech_of_the_characters(client: Any) -> None:
    http, portal = client
    http.post("/api/conditions", {"accepte": True})
    captcha = http.get_json("/api/etat")["captcha"]
    status, body, _ = http.get(f"/controle/{captcha}.wav")
    assert status == 200 and body[:4] == b"RIFF"
    # espeak-ng is deterministic: the same characters spelled give the same sound.
    assert body == captcha_module.audio(portal.store.captcha_answer(captcha))
    with wave.open(io.BytesIO(body)) as sound:
        frames = sound.readframes(sound.getnframes())
        assert sound.getnframes() / sound.getframerate() > 2
        assert sound.getsampwidth() == 2
        samples = array.array("h", frames)
        assert (sum(s * s for s in samples) / len(samples)) ** 0.5 > 300


def test_steps_cannot_be_skipped_by_url(client: Any) -> None:
    http, _ = client
    assert http.get("/espace/inscription/mot-de-passe")[2].endswith(
        "/espace/inscription/conditions"
    )
    assert http.post("/api/identite", identity(nir_for(30), "x"))[0] == 409
    assert http.get("/espace/synthese")[2].endswith("/espace/connexion")


def test_api_refuses_a_missing_csrf_header(client: Any) -> None:
    http, _ = client
    http.state = {"csrf": "forged"}
    assert http.post("/api/conditions", {"accepte": True})[0] == 403


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "implementations.second", *args],
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("--port", "x", "--smtp", "127.0.0.1:25"),
        ("--port", "8100", "--smtp", "nowhere"),
        ("--port", "8100"),
        ("--port", "8100", "--smtp", "127.0.0.1:25", "--captcha-fixed", "a b"),
    ],
)
def test_bad_arguments_end_in_one_line_and_status_2(args: tuple[str, ...]) -> None:
    done = run_cli(*args)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_an_unknown_defect_lists_the_names() -> None:
    done = run_cli("--port", "8100", "--smtp", "127.0.0.1:25", "--defect", "nope")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert all(name in done.stderr for name in DEFECTS)


def test_serves_until_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "implementations.second", "--port", "0", "--smtp", "127.0.0.1:25"],
        stdout=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline() if process.stdout else ""
    try:
        assert line.startswith("second portal on http://127.0.0.1:")
        with urllib.request.urlopen(line.split()[-1]) as response:
            assert "Mon compte formation" in response.read().decode()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0


def register(http: Client, portal: Portal, nir: tuple[str, str], password: str) -> int:
    """Walk the three steps through the API; return step 3's status."""
    http.post("/api/conditions", {"accepte": True})
    answer = portal.store.captcha_answer(http.get_json("/api/etat")["captcha"])
    assert answer is not None, "the state names a captcha the store does not have"
    assert http.post("/api/identite", identity(nir, answer))[0] == 200
    return http.post("/api/mot-de-passe", {"mdp": password, "mdp2": password})[0]


@pytest.mark.parametrize(
    ("defect", "seen"),
    [
        ("email-sent-twice", lambda bodies: len(bodies) == 2),
        ("email-contains-password", lambda bodies: "Moncompte2015" in bodies[0]),
        ("email-activation-missing", lambda bodies: "est activé" not in bodies[0]),
        ("email-link-elsewhere", lambda bodies: "ailleurs.invalid" in bodies[0]),
        ("email-not-sent", lambda bodies: bodies == []),
    ],
)
def test_mail_defects(tmp_path: Path, inbox: Any, defect: str, seen: Any) -> None:
    portal = Portal(
        store=Store(str(tmp_path / "db.sqlite3")),
        smtp=("127.0.0.1", inbox.port),
        defects=frozenset({defect}),
    )
    with running(portal) as http:
        assert register(http, portal, nir_for(30), "Moncompte2015") == 200
    assert seen([message.get_content() for message in inbox.received])


def test_password_in_base64_is_hidden_from_the_raw_bytes(tmp_path: Path, inbox: Any) -> None:
    portal = Portal(
        store=Store(str(tmp_path / "db.sqlite3")),
        smtp=("127.0.0.1", inbox.port),
        defects=frozenset({"email-password-base64"}),
    )
    with running(portal) as http:
        assert register(http, portal, nir_for(30), "Moncompte2015") == 200
    (message,) = inbox.received
    assert "Moncompte2015" not in message.as_string() and "Moncompte2015" in message.get_content()


@pytest.mark.parametrize(("defect", "emails"), [("", 1), ("double-submit-two-emails", 2)])
def test_step_3_sent_twice_registers_once(
    tmp_path: Path, inbox: Any, defect: str, emails: int
) -> None:
    portal = Portal(
        store=Store(str(tmp_path / "db.sqlite3")),
        smtp=("127.0.0.1", inbox.port),
        defects=frozenset(filter(None, [defect])),
    )
    with running(portal) as http:
        assert register(http, portal, nir_for(30), "Moncompte2015") == 200
        again = http.post("/api/mot-de-passe", {"mdp": "Moncompte2015", "mdp2": "Moncompte2015"})
        assert again == (200, {"etape": "synthese"})  # a double click's second request
    assert len(inbox.received) == emails


@pytest.mark.parametrize("defect", ["", "captcha-replay-after-success"])
def test_an_answer_that_served_a_success_is_refused_after_going_back(
    tmp_path: Path, defect: str
) -> None:
    portal = Portal(
        store=Store(str(tmp_path / "db.sqlite3")),
        smtp=("127.0.0.1", 9),
        defects=frozenset(filter(None, [defect])),
    )
    with running(portal) as http:
        http.post("/api/conditions", {"accepte": True})
        answer = portal.store.captcha_answer(http.get_json("/api/etat")["captcha"]) or ""
        assert http.post("/api/identite", identity(nir_for(30), answer))[0] == 200
        replayed = http.post("/api/identite", identity(nir_for(30), answer))
    assert (replayed[0] == 200) == bool(defect), replayed


def _with_key(number: str) -> tuple[str, str]:
    return number, f"{rules.expected_key(number):02d}"


# Issue 25: what the page refuses and the server, with each switch, takes by request.
BY_REQUEST: dict[str, dict[str, Any]] = {
    "nir-key-page-only": {"cle": "00"},
    "age-page-only": {"person": nir_for(14)},
    "email-confirmation-page-only": {"courriel2": "autre@exemple.fr"},
    "email-confirmation-case-only": {"courriel2": "M@Exemple.fr"},
    "mobile-08-accepted": {"portable": "08 12 34 56 78"},
    "month-43-49-accepted": {"person": _with_key("2994575123456")},
    "password-page-only": {"mdp": "abcde123"},
    "step-order-page-only": {"cgu": False},
}


@pytest.mark.parametrize("defect", sorted(BY_REQUEST))
@pytest.mark.parametrize("switched", [False, True], ids=["conformant", "switched"])
def test_the_server_holds_the_rule_unless_a_switch_leaves_it_to_the_page(
    tmp_path: Path, defect: str, switched: bool
) -> None:
    portal = Portal(
        store=Store(str(tmp_path / "db.sqlite3")),
        smtp=("127.0.0.1", 9),
        defects=frozenset([defect] if switched else []),
    )
    changes = dict(BY_REQUEST[defect])
    with running(portal) as http:
        if changes.pop("cgu", True):
            http.post("/api/conditions", {"accepte": True})
        captcha_id = http.get_json("/api/etat").get("captcha", "")
        answer = portal.store.captcha_answer(captcha_id) or ""
        person = changes.pop("person", nir_for(30))
        password = changes.pop("mdp", None)
        status, _ = http.post("/api/identite", identity(person, answer) | changes)
        if password is not None:
            status, _ = http.post("/api/mot-de-passe", {"mdp": password, "mdp2": password})
    assert (status == 200) == switched, DEFECTS[defect].description


@pytest.mark.parametrize("switched", [False, True])
def test_the_captcha_answer_reaches_a_script_only_with_the_switch(
    tmp_path: Path, switched: bool
) -> None:
    portal = Portal(
        store=Store(str(tmp_path / "db.sqlite3")),
        smtp=("127.0.0.1", 9),
        defects=frozenset(["captcha-in-cookie"] if switched else []),
    )
    with running(portal) as http:
        http.post("/api/conditions", {"accepte": True})
        answer = portal.store.captcha_answer(http.get_json("/api/etat")["captcha"])
        cookies = [str(cookie.value) for cookie in http.jar]
    decoded = " ".join(
        base64.urlsafe_b64decode(value + "==").decode(errors="replace")
        for value in cookies
        if re.fullmatch(r"[A-Za-z0-9_-]{8,}=*", value)
    )
    assert answer is not None and (answer in decoded) == switched


def test_the_captcha_oracle_tells_the_pending_answer_in_test_mode(tmp_path: Path) -> None:
    portal = Portal(
        store=Store(str(tmp_path / "db.sqlite3")), smtp=("127.0.0.1", 9), test_mode=True
    )
    with running(portal) as http:
        assert http.get("/_test/captcha")[0] == 404  # no captcha before step 2
        http.post("/api/conditions", {"accepte": True})
        shown = portal.store.captcha_answer(http.get_json("/api/etat")["captcha"])
        assert http.get_json("/_test/captcha") == {"answer": shown}
        renewed = portal.store.captcha_answer(http.post("/api/controle", {})[1]["captcha"])
        assert renewed is not None and renewed != shown
        assert http.get_json("/_test/captcha") == {"answer": renewed}
        assert Client(http.base).get("/_test/captcha")[0] == 404  # another browser's session
        assert http.post("/api/identite", identity(nir_for(30), renewed))[0] == 200
        assert http.get("/_test/captcha")[0] == 404  # spent by the success


def test_the_captcha_oracle_is_not_served_without_test_mode(client: Any) -> None:
    http, portal = client
    http.post("/api/conditions", {"accepte": True})
    shown = portal.store.captcha_answer(http.get_json("/api/etat")["captcha"])
    status, body, _ = http.get("/_test/captcha")
    assert status == 404 and shown not in body.decode()


def test_test_mode_is_off_unless_asked() -> None:
    assert not parser().parse_args(["--port", "0", "--smtp", "127.0.0.1:25"]).test_mode
    assert parser().parse_args(["--port", "0", "--smtp", "127.0.0.1:25", "--test-mode"]).test_mode
