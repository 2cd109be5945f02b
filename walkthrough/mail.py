"""Mail: the harness's own SMTP server, and readers that fetch the confirmation email.

Readers are a `typing.Protocol`: `SmtpSinkReader` reads what the harness's aiosmtpd server
received, `ImapReader` reads a real test mailbox. Both wait with a deadline, never a fixed sleep.

Over 300 lines on purpose: the sink, the three readers and the one `ConfirmationEmail` that they
all return (the email as a mail client shows it) are one contract, read together.
"""

from __future__ import annotations

import email
import email.policy
import imaplib
import mailbox
import re
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import Protocol

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from walkthrough.net import free_port

DEFAULT_TIMEOUT_S = 15.0


class MailTimeout(TimeoutError):
    """No email arrived for an address within the deadline."""


class _LinkParser(HTMLParser):
    """Read an HTML body as a mail client shows it: its text, and each link with its words."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.shown: list[str] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "head", "title"):
            self._hidden += 1
        if tag in ("p", "br", "div", "li", "tr", "h1", "h2", "h3"):
            self.shown.append("\n")
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        self.shown.append(data)
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head", "title"):
            self._hidden = max(0, self._hidden - 1)
        if tag == "a" and self._href is not None:
            self.links.append((" ".join("".join(self._text).split()), self._href))
            self._href = None


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"«»)]+", re.IGNORECASE)


@dataclass(frozen=True)
class ConfirmationEmail:
    """One email as the holder receives it: headers, text and HTML bodies, links."""

    to: str
    subject: str
    text: str
    html: str
    links: list[tuple[str, str]] = field(default_factory=list)
    raw: bytes = b""
    html_text: str = ""

    @classmethod
    def from_bytes(cls, raw: bytes) -> ConfirmationEmail:
        """Parse a received message."""
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        text_part = msg.get_body(preferencelist=("plain",))
        html_part = msg.get_body(preferencelist=("html",))
        html = html_part.get_content() if html_part else ""
        parser = _LinkParser()
        parser.feed(html)
        return cls(
            to=str(msg.get("To", "")),
            subject=str(msg.get("Subject", "")),
            text=text_part.get_content() if text_part else "",
            html=html,
            links=parser.links,
            raw=raw,
            html_text="".join(parser.shown),
        )

    def shown(self) -> list[str]:
        """Return what a mail client may show, after decoding: the plain text, the HTML's text."""
        return [" ".join(part.split()) for part in (self.text, self.html_text) if part.strip()]

    def says(self, sentence: str) -> bool:
        """Tell whether the plain-text or the HTML part says `sentence` (spaces normalised)."""
        wanted = " ".join(sentence.split())
        return any(wanted in part for part in self.shown())

    def contains(self, secret: str) -> bool:
        """Tell whether any decoded part, the subject or the raw message holds `secret`."""
        decoded = [self.subject, self.text, self.html, self.raw.decode("utf-8", "replace")]
        return any(secret in part for part in decoded)

    def link(self, text: str) -> str | None:
        """Return the address behind `text`: an HTML link's, or the one written beside it.

        In a plain-text email the address is written next to the words (after them, or just
        before): the nearest one counts.
        """
        found = next((href for label, href in self.links if text in label), None)
        if found:
            return found
        for part in (self.text, self.html_text):
            flat = " ".join(part.split())
            at = flat.find(text)
            if at < 0:
                continue
            urls = [(abs(m.start() - (at + len(text))), m.group(0)) for m in _URL.finditer(flat)]
            near = [u for u in urls if u[0] <= 200]
            if near:
                return min(near)[1].rstrip(".,;:")
        return None


class MailReader(Protocol):
    """Fetch the emails a deployment sent to one address."""

    name: str

    def messages_for(self, address: str) -> list[ConfirmationEmail]:
        """Return every email received so far for `address`."""
        ...

    def wait_for(self, address: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> ConfirmationEmail:
        """Return the first email for `address`, waiting up to `timeout` seconds."""
        ...

    def wait_for_count(
        self, address: str, *, count: int, timeout: float
    ) -> list[ConfirmationEmail]:
        """Return the emails for `address` once `count` arrived, or those there at `timeout`."""
        ...


class _Inbox:
    def __init__(self, maildir: Path | None = None) -> None:
        self.received: list[tuple[list[str], bytes]] = []
        self.changed = threading.Condition()
        if maildir is not None:
            maildir.parent.mkdir(parents=True, exist_ok=True)
        self.maildir = mailbox.Maildir(maildir, create=True) if maildir else None

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.changed:
            recipients = [r.lower() for r in envelope.rcpt_tos]
            raw = bytes(envelope.original_content or b"")
            self.received.append((recipients, raw))
            if self.maildir is not None:
                self.maildir.add(mailbox.MaildirMessage(raw))
            self.changed.notify_all()
        return "250 Message accepted for delivery"


class SmtpSink:
    """The harness's SMTP server (aiosmtpd on a thread): the deployment sends its mail here.

    With `maildir`, each message is also stored there, for readers in other processes.
    """

    def __init__(
        self, *, host: str = "127.0.0.1", port: int = 0, maildir: Path | None = None
    ) -> None:
        self.inbox = _Inbox(maildir)
        self.controller = Controller(self.inbox, hostname=host, port=port or free_port(host))

    @property
    def address(self) -> tuple[str, int]:
        """Return (host, port) where the server listens."""
        return self.controller.hostname, self.controller.port

    def start(self) -> SmtpSink:
        """Start listening."""
        self.controller.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        self.controller.stop()

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class SmtpSinkReader:
    """Read the emails the harness's SMTP server received."""

    name = "smtp"

    def __init__(self, sink: SmtpSink) -> None:
        self.inbox = sink.inbox

    def messages_for(self, address: str) -> list[ConfirmationEmail]:
        """Return every email received so far for `address`."""
        with self.inbox.changed:
            return [
                ConfirmationEmail.from_bytes(raw)
                for rcpts, raw in self.inbox.received
                if address.lower() in rcpts
            ]

    def wait_for(self, address: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> ConfirmationEmail:
        """Return the first email for `address`, waiting on the server's condition."""
        with self.inbox.changed:
            ok = self.inbox.changed.wait_for(
                lambda: any(address.lower() in r for r, _ in self.inbox.received), timeout
            )
        if not ok:
            raise MailTimeout(f"no email for {address} within {timeout:.0f} s")
        return self.messages_for(address)[0]

    def wait_for_count(
        self, address: str, *, count: int, timeout: float
    ) -> list[ConfirmationEmail]:
        """Return the emails for `address` once `count` arrived, or those there at `timeout`."""
        with self.inbox.changed:
            self.inbox.changed.wait_for(
                lambda: sum(address.lower() in r for r, _ in self.inbox.received) >= count,
                timeout,
            )
        return self.messages_for(address)


class _PollingReader:
    """Wait for mail that arrives from another process by polling, with a deadline."""

    poll_interval_s: float

    def messages_for(self, address: str) -> list[ConfirmationEmail]:
        raise NotImplementedError

    def wait_for(self, address: str, *, timeout: float = DEFAULT_TIMEOUT_S) -> ConfirmationEmail:
        """Return the first email for `address`, polling until the deadline."""
        found = self.wait_for_count(address, count=1, timeout=timeout)
        if not found:
            raise MailTimeout(f"no email for {address} within {timeout:.0f} s in {self}")
        return found[0]

    def wait_for_count(
        self, address: str, *, count: int, timeout: float
    ) -> list[ConfirmationEmail]:
        """Return the emails for `address` once `count` arrived, or those there at `timeout`."""
        deadline = time.monotonic() + timeout
        pause = threading.Event()
        while True:
            found = self.messages_for(address)
            if len(found) >= count or time.monotonic() >= deadline:
                return found
            pause.wait(self.poll_interval_s)


class ImapReader(_PollingReader):
    """Read a real test mailbox over IMAP (the address may be a plus-address of it)."""

    name = "imap"
    # A remote mailbox offers no event the client can wait on (imaplib has no IDLE before 3.14).
    poll_interval_s = 0.25

    def __init__(self, *, host: str, port: int, user: str, password: str, tls: bool = True) -> None:
        self.host, self.port, self.user, self.password, self.tls = host, port, user, password, tls

    def __str__(self) -> str:
        return f"{self.user}'s mailbox at {self.host}:{self.port}"

    def _connect(self) -> imaplib.IMAP4:
        client = (imaplib.IMAP4_SSL if self.tls else imaplib.IMAP4)(
            self.host, self.port, timeout=10
        )
        client.login(self.user, self.password)
        return client

    def messages_for(self, address: str) -> list[ConfirmationEmail]:
        """Return every email in INBOX addressed to `address`."""
        client = self._connect()
        try:
            client.select("INBOX", readonly=True)
            # Bytes: imaplib sends them as they are, so a non-ASCII address reaches the server
            # in the UTF-8 the charset announces; typeshed only allows str here.
            criterion = f'"{address}"'.encode()
            status, data = client.search("UTF-8", "TO", criterion)  # type: ignore[arg-type]
            found = []
            for num in (data[0] or b"").split() if status == "OK" else []:
                _status, parts = client.fetch(num.decode(), "(RFC822)")
                raw = next(p[1] for p in parts if isinstance(p, tuple))
                found.append(ConfirmationEmail.from_bytes(raw))
            return found
        finally:
            client.logout()


class MaildirReader(_PollingReader):
    """Read the Maildir the controller's SMTP sink fills (xdist workers are other processes)."""

    name = "smtp"
    # Files appear from another process: no event crosses that boundary, so poll with a deadline.
    poll_interval_s = 0.1

    def __init__(self, path: Path) -> None:
        self.path = path

    def __str__(self) -> str:
        return f"the Maildir {self.path}"

    def messages_for(self, address: str) -> list[ConfirmationEmail]:
        """Return every stored email addressed to `address`."""
        if not self.path.exists():
            return []
        box = mailbox.Maildir(self.path, create=False)
        found = []
        for key in sorted(box.keys()):
            raw = box.get_bytes(key)
            parsed = ConfirmationEmail.from_bytes(raw)
            if address.lower() in parsed.to.lower():
                found.append(parsed)
        return found
