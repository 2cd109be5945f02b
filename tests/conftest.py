"""Fixtures shared by the tests of every part."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Playwright

from tests.helpers import serve_html
from walkthrough.browser import launch_args


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    """Launch one discovered Chromium per worker on pytest-playwright's own Playwright.

    One Playwright per process: a second `sync_playwright()` started while the suite's is
    running in the same xdist worker fails ("Sync API inside the asyncio loop").
    """
    browser = playwright.chromium.launch(**launch_args(playwright))
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def not_the_walkthrough() -> Iterator[str]:
    """Serve a page that answers 200 but is not the walkthrough's home page."""
    page = "<html><body><h1>Welcome to nginx!</h1></body></html>"
    with serve_html(lambda path: page if path == "/" else None) as url:
        yield url
