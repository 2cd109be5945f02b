"""Fixtures of the second portal's tests: the portal in a thread, an SMTP sink, a browser page."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from implementations.second import rules
from implementations.second.api import Portal
from implementations.second.server import PortalServer
from implementations.second.store import Store
from tests.implementations.conftest import Inbox

FIXED = "K7PQ3"


def serve(tmp_path: Path, inbox: Inbox, *, defects: frozenset[str] = frozenset()) -> Iterator[str]:
    """Serve a portal with a fixed captcha; yield its base URL."""
    portal = Portal(
        store=Store(str(tmp_path / "portal.sqlite3")),
        smtp=("127.0.0.1", inbox.port),
        captcha_fixed=FIXED,
        defects=defects,
    )
    server = PortalServer(("127.0.0.1", 0), portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def base_url(tmp_path: Path, inbox: Inbox, request: pytest.FixtureRequest) -> Iterator[str]:
    """Serve the portal; `@pytest.mark.parametrize("defects", ...)` switches defects on."""
    defects = frozenset(getattr(request, "param", ()))
    yield from serve(tmp_path, inbox, defects=defects)


@pytest.fixture
def page(chromium: Browser, base_url: str) -> Iterator[Page]:
    """Open a fresh browser context on the portal."""
    context = chromium.new_context(
        base_url=base_url, locale="fr-FR", viewport={"width": 1200, "height": 900}
    )
    context.set_default_timeout(5_000)
    yield context.new_page()
    context.close()


def nir_for(age: int, *, department: str = "75") -> tuple[str, str]:
    """Return a NIR and its key for someone turning `age` this month."""
    today = date.today()
    number = f"2{(today.year - age) % 100:02d}{today.month:02d}{department}123456"
    assert rules.nir_error(number) is None and rules.age(number, today) == age
    return number, f"{rules.expected_key(number):02d}"
