"""The IMAP mail reader finds the confirmation email in a real mailbox (dovecot on loopback)."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.harness.imapserver import ImapAccount, LdaRelay, deliver, dovecot
from tests.helpers import free_port, run_suite
from walkthrough import runmodel
from walkthrough.mail import ImapReader, MailTimeout
from walkthrough.targets import portal_process


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


def test_a_profile_with_an_imap_mailbox_passes_the_mail_rules(
    mailbox_account: ImapAccount, tmp_path: Path
) -> None:
    """The portal mails a relay that delivers into dovecot; the suite reads it over IMAP."""
    relay = Controller(LdaRelay(mailbox_account), hostname="127.0.0.1", port=free_port())
    relay.start()
    try:
        with portal_process(
            smtp=("127.0.0.1", relay.port), captcha_fixed="ABCDE", test_mode=False
        ) as url:
            profile = tmp_path / "imap.toml"
            profile.write_text(
                f'base_url = "{url}"\n[captcha]\nstrategy = "fixed"\nanswer = "ABCDE"\n'
                f'[mail]\nkind = "imap"\nhost = "127.0.0.1"\nport = {mailbox_account.port}\n'
                f'user = "{mailbox_account.user}"\npassword = "{mailbox_account.password}"\n'
                'tls = false\naddress = "qa+{token}@staging.example"\n'
                "[report]\naccessibility = false\nscreenshots = false\n",
                encoding="utf-8",
            )
            result = run_suite(
                "--target",
                str(profile),
                select="MAIL-01 or MAIL-02",
                run_root=tmp_path,
                timeout=300,
            )
    finally:
        relay.stop()
    assert result.returncode == 0, result.stdout[-3000:]
    scenarios = list(
        runmodel.read_jsonl(tmp_path / "run" / "scenarios.jsonl", runmodel.ScenarioResult)
    )
    assert len(scenarios) >= 3 and {s.status for s in scenarios} == {"passed"}
