"""What the in-house implementations' tests share: an SMTP server that keeps what it is given."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.helpers import free_port


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps every email it is given."""

    received: list[EmailMessage] = field(default_factory=list)
    port: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Keep the message."""
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append(parsed)
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    """Run an SMTP server on a free loopback port."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()
