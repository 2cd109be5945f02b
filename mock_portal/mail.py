"""The confirmation email (MAIL-01..03), composed into the outbox in the caller's transaction."""

from __future__ import annotations

import uuid
from email.message import EmailMessage
from email.utils import formatdate

from flask import render_template
from sqlalchemy.orm import Session

from catalogue import messages, texts
from mock_portal.db import OutboxMessage

# A line only the `email-password-base64` defect adds: its body goes out in base64.
BASE64_MARK = "Pour mémoire, votre mot de passe : "


def queue_confirmation(db: Session, *, recipient: str, login_url: str, domain: str) -> None:
    """Add the confirmation email to the outbox; the caller commits it with the account."""
    context = {"texts": texts, "login_url": login_url}
    db.add(
        OutboxMessage(
            message_id=f"<{uuid.uuid4().hex}@{domain}>",
            recipient=recipient,
            subject=messages.MAIL_SUBJECT,
            text_body=render_template("mail/confirmation.txt", **context),
            html_body=render_template("mail/confirmation.html", **context),
        )
    )


def build_message(row: OutboxMessage, *, sender: str) -> EmailMessage:
    """Turn an outbox row into a multipart text + HTML message."""
    message = EmailMessage()
    message["Subject"] = row.subject
    message["From"] = sender
    message["To"] = row.recipient
    message["Date"] = formatdate(localtime=False)
    # A stable Message-ID lets a mailbox recognise the same email if ever retried.
    message["Message-ID"] = row.message_id
    message["Auto-Submitted"] = "auto-generated"
    # The `email-password-base64` defect: a body that hides its words from a raw byte search.
    message.set_content(row.text_body, cte="base64" if BASE64_MARK in row.text_body else None)
    message.add_alternative(row.html_body, subtype="html")
    return message
