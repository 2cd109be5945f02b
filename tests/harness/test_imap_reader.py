"""The IMAP mail reader finds the confirmation email in a real mailbox (dovecot on loopback)."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage

import pytest

from steps.mail import ImapReader, MailTimeout
from tests.harness.imapserver import ImapAccount, deliver, dovecot


@pytest.fixture(scope="module")
def mailbox_account() -> Iterator[ImapAccount]:
    with dovecot() as account:
        yield account


def _message(to: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "cpf@exemple.fr"
    msg["To"] = to
    msg["Subject"] = "Activation de votre compte personnel de formation"
    msg.set_content("Bonjour,\nVous pouvez vous connecter à cette adresse.")
    msg.add_alternative(
        '<p>Bonjour,</p><p><a href="http://x/connexion">à cette adresse</a></p>', subtype="html"
    )
    return msg.as_bytes()


def _reader(account: ImapAccount) -> ImapReader:
    return ImapReader(
        host=account.host,
        port=account.port,
        user=account.user,
        password=account.password,
        tls=False,
    )


def test_the_reader_finds_the_email_sent_to_a_plus_address(mailbox_account: ImapAccount) -> None:
    deliver(mailbox_account, _message("qa+abc123@staging.example"))
    deliver(mailbox_account, _message("qa+other@staging.example"))
    found = _reader(mailbox_account).wait_for("qa+abc123@staging.example", timeout=5)
    assert found.to == "qa+abc123@staging.example"
    assert "Bonjour," in found.text
    assert found.link("à cette adresse") == "http://x/connexion"


def test_no_email_is_a_timeout_not_a_pass(mailbox_account: ImapAccount) -> None:
    with pytest.raises(MailTimeout, match="qa\\+nobody"):
        _reader(mailbox_account).wait_for("qa+nobody@staging.example", timeout=0.5)


def test_a_wrong_password_is_refused(mailbox_account: ImapAccount) -> None:
    reader = ImapReader(
        host=mailbox_account.host,
        port=mailbox_account.port,
        user=mailbox_account.user,
        password="wrong",
        tls=False,
    )
    with pytest.raises(Exception, match=r"(?i)auth|login"):
        reader.messages_for("qa@staging.example")
