"""Server-side sessions: the cookie carries a random id, rotated at sign-in."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy import delete
from werkzeug.datastructures import CallbackDict

from mock_portal.db import WebSession, utcnow


class ServerSession(CallbackDict[str, Any], SessionMixin):
    """Session data kept in the database under a random id."""

    def __init__(self, initial: dict[str, Any] | None = None, sid: str | None = None) -> None:
        def on_update(_self: CallbackDict[str, Any]) -> None:
            self.modified = True

        super().__init__(initial or {}, on_update)
        self.sid = sid
        self.old_sid: str | None = None
        self.modified = False

    def rotate(self) -> None:
        """Give this session a new id so a fixated id is worthless after sign-in."""
        if self.sid is not None:
            self.old_sid = self.sid
        self.sid = None
        self.modified = True


class DatabaseSessionInterface(SessionInterface):
    """Store sessions in the `web_session` table."""

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        """Load the session named by the cookie, or start an empty one."""
        sid = request.cookies.get(self.get_cookie_name(app))
        if sid and len(sid) <= 64:
            with app.extensions["cpf_sessionmaker"]() as db:
                row = db.get(WebSession, sid)
                if row is not None and row.expires_at > utcnow():
                    return ServerSession(json.loads(row.data), sid)
        return ServerSession()

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Write the session back and set or clear the cookie."""
        assert isinstance(session, ServerSession)
        name = self.get_cookie_name(app)
        domain = self.get_cookie_domain(app)
        path = self.get_cookie_path(app)
        lifetime = timedelta(seconds=app.config["SESSION_LIFETIME_SECONDS"])
        with app.extensions["cpf_sessionmaker"]() as db:
            if session.old_sid:
                db.execute(delete(WebSession).where(WebSession.id == session.old_sid))
            if not session:
                if session.sid:
                    db.execute(delete(WebSession).where(WebSession.id == session.sid))
                    response.delete_cookie(name, domain=domain, path=path)
                db.commit()
                return
            if not session.modified and session.sid:
                db.commit()
                return
            if session.sid is None:
                session.sid = secrets.token_urlsafe(32)
            db.merge(
                WebSession(
                    id=session.sid,
                    data=json.dumps(dict(session)),
                    expires_at=utcnow() + lifetime,
                )
            )
            # Expired sessions are swept now and then, not by a separate job.
            if secrets.randbelow(50) == 0:
                db.execute(delete(WebSession).where(WebSession.expires_at < utcnow()))
            db.commit()
        response.set_cookie(
            name,
            session.sid,
            httponly=True,
            secure=app.config["SESSION_COOKIE_SECURE"],
            samesite=app.config["SESSION_COOKIE_SAMESITE"],
            domain=domain,
            path=path,
        )
        response.vary.add("Cookie")
