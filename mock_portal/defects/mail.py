"""Defective confirmation emails: missing, twice, a wrong link, the password inside (MAIL)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from sqlalchemy.orm import Session

from catalogue import texts
from mock_portal.db import OutboxMessage
from mock_portal.defects.switches import variant
from mock_portal.mail import BASE64_MARK
from mock_portal.policy import Policy

ELSEWHERE_URL = "http://ailleurs.invalid/connexion"


def _queued_rows(db: Session) -> list[OutboxMessage]:
    return [row for row in db.new if isinstance(row, OutboxMessage)]


@variant("email-not-sent")
class EmailNotSent(Policy):
    def confirmation_queued(self, db: Session, *, password: str) -> None:
        for row in _queued_rows(db):
            db.expunge(row)


@variant("email-activation-missing")
class EmailActivationMissing(Policy):
    def confirmation_queued(self, db: Session, *, password: str) -> None:
        super().confirmation_queued(db, password=password)
        for row in _queued_rows(db):
            for part in texts.MAIL_ACTIVATED:
                row.text_body = row.text_body.replace(part, "")
                row.html_body = row.html_body.replace(part, "")


@variant("email-password-base64")
class EmailPasswordBase64(Policy):
    def confirmation_queued(self, db: Session, *, password: str) -> None:
        super().confirmation_queued(db, password=password)
        for row in _queued_rows(db):
            # build_message sends a body holding this line in base64
            row.text_body += f"\n{BASE64_MARK}{password}\n"


@variant("email-contains-password")
class EmailContainsPassword(Policy):
    def confirmation_queued(self, db: Session, *, password: str) -> None:
        super().confirmation_queued(db, password=password)
        for row in _queued_rows(db):
            row.text_body += f"\nVotre mot de passe : {password}\n"
            row.html_body += f"<p>Votre mot de passe : {password}</p>"


@variant("email-sent-twice")
class EmailSentTwice(Policy):
    def confirmation_queued(self, db: Session, *, password: str) -> None:
        super().confirmation_queued(db, password=password)
        for row in _queued_rows(db):
            db.add(
                OutboxMessage(
                    message_id=row.message_id.replace("<", "<bis.", 1),
                    recipient=row.recipient,
                    subject=row.subject,
                    text_body=row.text_body,
                    html_body=row.html_body,
                )
            )


@variant("email-link-elsewhere")
class EmailLinkElsewhere(Policy):
    def login_link(self, *, configured: str | None, own: str) -> str:
        return ELSEWHERE_URL


@variant("email-link-other-port")
class EmailLinkOtherPort(Policy):
    def login_link(self, *, configured: str | None, own: str) -> str:
        parts = urlsplit(own)
        return urlunsplit(parts._replace(netloc=f"{parts.hostname}:{(parts.port or 80) + 1}"))
