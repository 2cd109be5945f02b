"""The shared Chromium discovery finds a browser that really starts, or says how to get one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from walkthrough import browser


def test_the_discovered_chromium_reads_dates_as_a_person_in_paris(chromium: Browser) -> None:
    # The age rules (ELIG-04) and the portals' dates are judged on the day in Paris: a context
    # opened with the project's options must format and count time as a French user there does.
    context = chromium.new_context(**browser.context_options())
    try:
        page = context.new_page()
        shown = page.evaluate(
            "new Date(Date.UTC(2026, 11, 31, 23, 30)).toLocaleString(undefined,"
            " {dateStyle: 'full', timeStyle: 'short'})"
        )
        assert shown == "vendredi 1 janvier 2027 à 00:30", shown
        assert page.evaluate("navigator.language") == "fr-FR"
        assert page.viewport_size == {"width": 1280, "height": 720}
    finally:
        context.close()


def test_no_browser_anywhere_says_how_to_install_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CPF_CHROMIUM", raising=False)
    monkeypatch.setattr(browser, "SYSTEM_CANDIDATES", ())
    monkeypatch.setattr(browser, "HEADLESS_CANDIDATES", ())
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(browser.BrowserNotFound, match="playwright install chromium"):
        browser.find_chromium(None)


def test_a_wrong_override_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CPF_CHROMIUM", "/nonexistent/chrome")
    with pytest.raises(browser.BrowserNotFound, match="CPF_CHROMIUM=/nonexistent/chrome"):
        browser.find_chromium(None)


def _executable(path: Path) -> str:
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


def test_headless_runs_prefer_the_headless_shell_and_headed_runs_the_full_browser(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CPF_CHROMIUM", raising=False)
    shell = _executable(tmp_path / "chromium-headless-shell")
    full = _executable(tmp_path / "chromium")
    monkeypatch.setattr(browser, "HEADLESS_CANDIDATES", (shell,))
    monkeypatch.setattr(browser, "SYSTEM_CANDIDATES", (full,))
    assert browser.find_chromium(None) == shell
    assert browser.find_chromium(None, headless=False) == full
    assert browser.launch_args(None, headless=False)["executable_path"] == full
