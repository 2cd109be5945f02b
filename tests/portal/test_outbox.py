"""Outbox and concurrency: each email delivered exactly once, one account per NIR (MAIL)."""

from __future__ import annotations

import email
import threading
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import func, select

from catalogue import messages, texts
from mock_portal.db import Account, OutboxMessage
from mock_portal.outbox import OutboxWorker
from mock_portal.views import registration
from tests.helpers import free_port
from tests.portal.conftest import Walk, finish_together, make_nir, shown

WAIT_S = 20


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Accept and keep the message."""
        with self.arrived:
            self.messages.append(email.message_from_bytes(envelope.original_content))
            self.arrived.notify_all()
        return "250 OK"

    def wait_for(self, count: int) -> list[Message]:
        """Wait until `count` messages have arrived."""
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.messages) >= count, WAIT_S), (
                f"{len(self.messages)} of {count} emails arrived"
            )
            return list(self.messages)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, dict[str, Any]]]:
    """Run a real SMTP server on loopback that a test may stop and restart."""
    inbox = Inbox()
    state: dict[str, Any] = {"port": free_port()}

    def start() -> None:
        state["controller"] = Controller(inbox, hostname="127.0.0.1", port=state["port"])
        state["controller"].start()

    def stop() -> None:
        state.pop("controller").stop()

    state.update(start=start, stop=stop)
    start()
    yield inbox, state
    if "controller" in state:
        stop()


@pytest.fixture
def mailing_config(config: dict[str, Any], smtp: tuple[Inbox, dict[str, Any]]) -> dict[str, Any]:
    """Turn the outbox worker on, with a short retry interval, towards the test server."""
    config.update(
        OUTBOX_WORKER=True,
        OUTBOX_RETRY_SECONDS=0.2,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=smtp[1]["port"],
    )
    return config


def _decoded(part: Message) -> str:
    """Return a single part's body as text."""
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def _register(app: Flask, n: int) -> None:
    nir, cle = make_nir(year=80 + n, month=5)
    walk = Walk(app.test_client())
    response = walk.register(
        nir=nir, cle=cle, courriel=f"titulaire{n}@example.org",
        courriel_confirmation=f"titulaire{n}@example.org",
    )  # fmt: skip
    assert response.status_code == 302


def _wait_rounds(app: Flask, more: int) -> None:
    worker = app.extensions["cpf_outbox"]
    with worker.progress:
        target = worker.rounds + more
        assert worker.progress.wait_for(lambda: worker.rounds >= target, WAIT_S)


def test_the_confirmation_email_says_what_the_walkthrough_shows(
    mailing_config: Any, app: Flask, smtp: tuple[Inbox, dict[str, Any]]
) -> None:
    _register(app, 1)
    [message] = smtp[0].wait_for(1)
    assert message["To"] == "titulaire1@example.org"
    assert message["Subject"] == messages.MAIL_SUBJECT
    assert message.get_content_type() == "multipart/alternative"
    parts = {p.get_content_type(): _decoded(p) for p in message.walk() if not p.is_multipart()}
    assert set(parts) == {"text/plain", "text/html"}
    html = shown(parts["text/html"])
    for body in (parts["text/plain"], html):
        for text in (texts.MAIL_GREETING, texts.MAIL_WELCOME, texts.MAIL_NO_REPLY,
                     texts.MAIL_REGARDS, *texts.MAIL_SIGNATURE):  # fmt: skip
            assert text in body
        assert texts.EXAMPLE_PASSWORD not in body
    before, after = texts.MAIL_ACTIVATED
    link = f'<a href="http://portail.test/connexion">{texts.MAIL_LINK_TEXT}</a>'
    assert f"{before} {link} {after}" in html
    url = "http://portail.test/connexion"
    assert f"{before} {texts.MAIL_LINK_TEXT} ({url}) {after}" in parts["text/plain"]


def test_emails_survive_an_smtp_outage_and_arrive_exactly_once(
    mailing_config: Any, app: Flask, smtp: tuple[Inbox, dict[str, Any]]
) -> None:
    inbox, server = smtp
    worker = app.extensions["cpf_outbox"]
    _register(app, 1)
    inbox.wait_for(1)
    server["stop"]()
    for n in (2, 3, 4):
        _register(app, n)  # the registration succeeds with the mail server down
    with worker.progress:
        assert worker.progress.wait_for(lambda: worker.failed_count >= 2, WAIT_S)
    with app.extensions["cpf_sessionmaker"]() as db:
        pending = db.scalar(select(func.count()).where(OutboxMessage.sent_at.is_(None)))
    assert pending == 3
    server["start"]()
    arrived = inbox.wait_for(4)
    _wait_rounds(app, 3)  # a few more rounds: nothing may be sent again
    recipients = sorted(m["To"] for m in inbox.messages)
    assert recipients == [f"titulaire{n}@example.org" for n in (1, 2, 3, 4)]
    assert len({m["Message-ID"] for m in arrived}) == 4
    with app.extensions["cpf_sessionmaker"]() as db:
        rows = db.scalars(select(OutboxMessage)).all()
    assert all(row.sent_at is not None for row in rows)


def test_pending_emails_are_sent_after_a_restart(
    mailing_config: dict[str, Any], smtp: tuple[Inbox, dict[str, Any]], tmp_path: Any
) -> None:
    from mock_portal import create_app

    inbox, server = smtp
    server["stop"]()
    first = create_app(mailing_config, instance_path=str(tmp_path / "i"))
    _register(first, 1)
    first.extensions["cpf_outbox"].stop()
    server["start"]()
    second = create_app(mailing_config, instance_path=str(tmp_path / "i"))
    try:
        assert [m["To"] for m in inbox.wait_for(1)] == ["titulaire1@example.org"]
    finally:
        second.extensions["cpf_outbox"].stop()
        for application in (first, second):
            application.extensions["cpf_engine"].dispose()


def test_concurrent_registrations_of_one_nir_make_one_account_and_one_email(app: Flask) -> None:
    people = 4
    walks = [Walk(app.test_client()) for _ in range(people)]
    for n, walk in enumerate(walks):
        walk.accept_cgu()
        address = f"personne{n}@example.org"
        assert walk.identity(courriel=address, courriel_confirmation=address).status_code == 302
    responses = finish_together(walks, timeout_s=WAIT_S)
    created = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code == 200]
    assert len(created) == 1 and len(refused) == people - 1
    for response in refused:
        assert messages.NIR_ALREADY_REGISTERED in shown(response.text)
    with app.extensions["cpf_sessionmaker"]() as db:
        assert db.scalar(select(func.count()).select_from(Account)) == 1
        assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_a_registration_wakes_the_worker_at_once(
    mailing_config: dict[str, Any], app: Flask, smtp: tuple[Inbox, dict[str, Any]]
) -> None:
    app.extensions["cpf_outbox"].stop()
    worker = OutboxWorker(
        sessions=app.extensions["cpf_sessionmaker"], smtp_host="127.0.0.1",
        smtp_port=smtp[1]["port"], sender="test@portail.test", retry_seconds=3600,
    )  # fmt: skip
    app.extensions["cpf_outbox"] = worker
    worker.start()
    assert worker.running
    try:
        with worker.progress:  # the first round finds nothing; the next is an hour away
            assert worker.progress.wait_for(lambda: worker.rounds >= 1, WAIT_S)
        _register(app, 1)
        assert [m["To"] for m in smtp[0].wait_for(1)] == ["titulaire1@example.org"]
    finally:
        worker.stop()
    assert not worker.running


def test_the_account_and_its_email_are_written_together(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_outbox(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(registration, "queue_confirmation", broken_outbox)
    walk = Walk(app.test_client())
    walk.accept_cgu()
    walk.identity()
    with pytest.raises(RuntimeError, match="outbox unavailable"):
        walk.password()
    with app.extensions["cpf_sessionmaker"]() as db:
        assert db.scalar(select(func.count()).select_from(Account)) == 0
