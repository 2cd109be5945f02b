"""The registration and sign-in flows as a Locust user, over HTTP, as a browser without JS would.

Each iteration registers one new person (CGU, identity, password; the CSRF token read from each
form), signs out and signs in again. The captcha is the portal's `--captcha-fixed` answer,
given in CPF_LOAD_CAPTCHA. Run by bench/load.py (headless, bounded, 127.0.0.1 only); alone:

    locust -f bench/locustfile.py --headless -u 50 -r 10 --run-time 60s \
        --host http://127.0.0.1:8000 --csv reports/load
"""

from __future__ import annotations

import html
import os
import re

from faker import Faker
from locust import HttpUser, between, task
from locust.clients import ResponseContextManager

from catalogue import texts
from walkthrough.people import make_person

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CAPTCHA = os.environ.get("CPF_LOAD_CAPTCHA", "Lx7Qa")
PASSWORD = texts.EXAMPLE_PASSWORD
FAKER = Faker("fr_FR")  # one per process: making one costs more than a request


def _token(page: str) -> str:
    found = CSRF.search(page)
    return found.group(1) if found else ""


class Registrant(HttpUser):
    """A person who registers, signs out and signs in again, then starts over as someone new."""

    wait_time = between(0.5, 1.5)

    def _submit(self, name: str, path: str, data: dict[str, str]) -> str:
        """Open a form, post it with its CSRF token; return the page the post led to."""
        page = self.client.get(path, name=f"GET {name}").text
        with self.client.post(
            path,
            data={"csrf_token": _token(page), **data},
            name=f"POST {name}",
            catch_response=True,
        ) as response:
            return self._judge(response)

    @staticmethod
    def _judge(response: ResponseContextManager) -> str:
        # A 5xx is a failure; a refused form (200 with a message) is judged by the flow.
        if response.status_code >= 500:
            response.failure(f"{response.status_code}")
        return html.unescape(response.text or "")

    @task
    def register_then_sign_in(self) -> None:
        """Run the walkthrough's registration, then sign out and back in."""
        person = make_person(age=30, faker=FAKER)
        self.client.cookies.clear()
        self._submit("etape-1", "/inscription/etape-1", {"cgu": "oui"})
        identity = {
            "nir": person.nir.number, "cle": person.nir.cle, "prenom": person.first_name,
            "nom_naissance": person.birth_name, "telephone_fixe": "",
            "telephone_portable": person.mobile, "courriel": person.email,
            "courriel_confirmation": person.email, "captcha": CAPTCHA,
        }  # fmt: skip
        self._submit("etape-2", "/inscription/etape-2", identity)
        page = self._submit(
            "etape-3", "/inscription/etape-3",
            {"mot_de_passe": PASSWORD, "mot_de_passe_confirmation": PASSWORD},
        )  # fmt: skip
        if texts.WELCOME_BANNER not in page:
            return  # refused or cut short: counted by the failures above or by the checks
        space = self.client.get("/espace/", name="GET espace").text
        self.client.post(
            "/deconnexion", data={"csrf_token": _token(space)}, name="POST deconnexion"
        )
        page = self._submit(
            "connexion", "/connexion", {"nir": person.nir.full, "mot_de_passe": PASSWORD}
        )
        if texts.SUMMARY_TITLE not in page:
            self.environment.events.request.fire(
                request_type="FLOW", name="sign-in refused", response_time=0,
                response_length=0, exception=RuntimeError("sign-in refused"), context={},
            )  # fmt: skip
