"""Check once, before any test, that the browser starts: one line, not a traceback a scenario."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from steps.harness.settings import Settings, stop
from walkthrough.browser import BrowserNotFound, launch_args

STEPS_DIR = Path(__file__).resolve().parent.parent


def runs_scenarios(config: pytest.Config) -> bool:
    """Tell whether this run collects the suite's scenarios (not only other tests)."""
    for arg in config.args or ["."]:
        path = Path(config.invocation_params.dir, arg.split("::")[0]).resolve()
        if path == STEPS_DIR or STEPS_DIR in path.parents or path in STEPS_DIR.parents:
            return True
    return False


def check_browser(settings: Settings) -> None:
    """Start and close the browser the scenarios will use; stop the run if it cannot start."""
    if settings.ws_endpoint:
        return  # a remote grid's browser is checked by connecting, in the fixture
    executable = "Playwright's Chromium"
    try:
        with sync_playwright() as p:
            args = launch_args(p)
            executable = str(args.get("executable_path", executable))
            browser = p.chromium.launch(**args, timeout=15_000)
            browser.close()
    except BrowserNotFound as exc:
        stop(f"browser: {exc}")
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        stop(
            f"browser: {executable} could not start ({first}); install Chromium "
            "(`sudo apt-get install chromium` or `python -m playwright install chromium`) "
            "or set CPF_CHROMIUM=/path/to/chromium"
        )
