"""HTTP plumbing on the stdlib ThreadingHTTPServer: routes, session cookie, CSRF header."""

from __future__ import annotations

import base64
import json
import re
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any

from implementations.second import api, captcha, pages
from implementations.second.store import Session

COOKIE = "sp_session"
TEST_CAPTCHA_PATH = "/_test/captcha"  # only with --test-mode; a plain 404 otherwise
CSRF_HEADER = "X-Jeton-Formulaire"
STEP_PATHS = {
    1: "/espace/inscription/conditions",
    2: "/espace/inscription/identite",
    3: "/espace/inscription/mot-de-passe",
}
ACCOUNT_PATHS: tuple[str, ...] = ("/espace/synthese", "/espace/informations", "/espace/dossiers")
ACCOUNT_PATHS += ("/espace/delegations", "/espace/formations")
PUBLIC_PATHS: tuple[str, ...] = ("/espace/connexion", "/espace/mot-de-passe-oublie")
PUBLIC_PATHS += ("/espace/accessibilite", "/espace/contact")
STATIC = {
    "regles.js": "text/javascript",
    "app.js": "text/javascript",
    "espace.js": "text/javascript",
    "site.css": "text/css",
}
_HOST = re.compile(r"[A-Za-z0-9.\-\[\]:]{1,200}")


def _static(name: str) -> bytes:
    return resources.files("implementations.second").joinpath("static", name).read_bytes()


class Handler(BaseHTTPRequestHandler):
    """One request; `server.portal` holds the shared state."""

    server: PortalServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: a test run starts many of these servers."""

    # Sessions
    def _known_session(self) -> Session | None:
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        return self.server.portal.store.session(cookie[COOKIE].value) if COOKIE in cookie else None

    def _session(self) -> tuple[Session, bool]:
        if found := self._known_session():
            return found, False
        return self.server.portal.store.new_session(), True

    def _send(
        self,
        status: int,
        body: bytes,
        kind: str,
        *,
        session: Session | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if session is not None:
            self.send_header(
                "Set-Cookie", f"{COOKIE}={session.jeton}; Path=/; HttpOnly; SameSite=Lax"
            )
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(
        self,
        status: int,
        data: dict[str, Any],
        session: Session | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        body = json.dumps(data, ensure_ascii=False).encode()
        kind = "application/json; charset=utf-8"
        self._send(status, body, kind, session=session, headers=headers)

    def _redirect(self, where: str, session: Session | None) -> None:
        self._send(
            HTTPStatus.SEE_OTHER, b"", "text/plain", session=session, headers={"Location": where}
        )

    def _not_found(self) -> None:
        self._send(404, b"Page introuvable.", "text/plain; charset=utf-8")

    # GET
    def do_HEAD(self) -> None:
        """Answer like GET without the body."""
        self.do_GET()

    def do_GET(self) -> None:
        """Serve the home page, the app shell, static files, captchas and the state."""
        path = self.path.split("?", 1)[0]
        portal = self.server.portal
        if path == "/":
            html = pages.home(with_account_control=not portal.on("home-no-account-button"))
            return self._send(200, html.encode(), "text/html; charset=utf-8")
        if path.startswith("/ressources/") and path[12:] in STATIC:
            return self._send(200, _static(path[12:]), STATIC[path[12:]] + "; charset=utf-8")
        if path == pages.CGU_PDF_PATH:
            return self._send(200, pages.cgu_pdf(), "application/pdf")
        if match := re.fullmatch(r"/controle/([\w-]+)\.(png|wav)", path):
            return self._captcha(match[1], match[2])
        if path == TEST_CAPTCHA_PATH and portal.test_mode:
            return self._json(*api.pending_answer(portal, self._known_session()))
        session, fresh = self._session()
        new = session if fresh else None
        if path == "/api/etat":
            status, data = api.state(portal, session)
            if session.etape >= 2 or portal.on("step-order-page-only"):
                data["captcha"] = portal.captcha_for(session)
            readable = {}
            if "captcha" in data and portal.on("captcha-in-cookie"):  # what robots read too
                answer = portal.store.captcha_answer(data["captcha"]) or ""
                value = base64.urlsafe_b64encode(json.dumps({"reponse": answer}).encode())
                readable = {"Set-Cookie": f"sp_controle={value.decode()}; Path=/; SameSite=Lax"}
            return self._json(status, data, new, headers=readable)
        if path in STEP_PATHS.values():
            wanted = next(step for step, p in STEP_PATHS.items() if p == path)
            if wanted > session.etape and not portal.on("step-skippable"):
                return self._redirect(STEP_PATHS[session.etape], new)
        elif path in ACCOUNT_PATHS:
            if not session.compte:
                return self._redirect("/espace/connexion", new)
        elif path not in PUBLIC_PATHS:
            return self._not_found()
        self._send(200, pages.shell(path).encode(), "text/html; charset=utf-8", session=new)

    def _captcha(self, ident: str, kind: str) -> None:
        portal = self.server.portal
        answer = portal.store.captcha_answer(ident)
        if answer is None:
            return self._not_found()
        if kind == "png":
            return self._send(200, captcha.image(answer), "image/png")
        if portal.on("captcha-audio-stale"):
            answer = portal.store.first_captcha(ident) or answer
        if portal.on("captcha-audio-other"):
            answer = answer[::-1].translate(str.maketrans("ABCDEFGH23456789", "HGFEDCBA98765432"))
        self._send(200, captcha.audio(answer), "audio/wav")

    # POST
    def do_POST(self) -> None:
        """Run one API call: JSON in, JSON out, the session's CSRF token required."""
        path = self.path.split("?", 1)[0]
        portal = self.server.portal
        session, fresh = self._session()
        if fresh or self.headers.get(CSRF_HEADER) != session.csrf:
            return self._json(
                403, {"erreur": "Session expirée : rechargez la page."}, session if fresh else None
            )
        try:
            length = min(int(self.headers.get("Content-Length", "0")), 64_000)
            form = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return self._json(400, {"erreur": "Requête illisible."})
        if not isinstance(form, dict):
            return self._json(400, {"erreur": "Requête illisible."})
        host = self.headers.get("Host", "")
        if not _HOST.fullmatch(host):
            host = "{}:{}".format(*self.server.server_address[:2])
        handlers = {
            "/api/conditions": api.accept_terms,
            "/api/controle": api.new_captcha,
            "/api/identite": api.identity,
            "/api/connexion": api.login,
            "/api/dif": api.dif,
            "/api/informations": api.details,
            "/api/deconnexion": api.logout,
        }
        if path == "/api/mot-de-passe":
            status, data = api.password(portal, session, form, host)
        elif path in handlers:
            status, data = handlers[path](portal, session, form)
        else:
            return self._not_found()
        self._json(status, data)


class PortalServer(ThreadingHTTPServer):
    """The threading HTTP server, carrying the portal's state."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], portal: api.Portal) -> None:
        super().__init__(address, Handler)
        self.portal = portal
