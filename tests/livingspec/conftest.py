"""Fixtures for the living-spec tests: one Chromium for the whole session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from steps.browser import launch_args


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Launch one Chromium for every test of this folder."""
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_args(p))
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def reader_page(chromium: Browser) -> Iterator[Page]:
    """Open a fresh page, as a reader opening the report would."""
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
