"""Fixtures shared by the tests of every part."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Playwright

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
