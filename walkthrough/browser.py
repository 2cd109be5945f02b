"""Find a Chromium for Playwright: a managed build first, then Debian's.

Headless runs prefer Debian's `chromium-headless-shell`, the build Playwright itself uses for
headless Chromium: the same Blink, without the desktop browser's processes, and about a third
less time per scenario on this 2-core machine (docs/suite.md). Headed runs need `chromium`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from playwright.sync_api import Playwright

INSTALL_HINT = (
    "no Chromium found: run `python -m playwright install chromium` "
    "or `sudo apt-get install chromium`, or set CPF_CHROMIUM=/path/to/chromium"
)
SYSTEM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
HEADLESS_CANDIDATES = ("/usr/bin/chromium-headless-shell",)
# Without these, Chromium keeps dialling Google's services, which a closed network refuses.
QUIET_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
# Every context opens as a French holder in Paris would, on a 1280x720 desktop screen.
LOCALE = "fr-FR"
TIMEZONE = "Europe/Paris"
SCREEN_WIDTH, SCREEN_HEIGHT = 1280, 720


class BrowserNotFound(RuntimeError):
    """No usable Chromium on this machine."""


def find_chromium(playwright: Playwright | None = None, *, headless: bool = True) -> str | None:
    """Return an executable path to pass to Playwright, or None to use its managed build."""
    override = os.environ.get("CPF_CHROMIUM")
    if override:
        if Path(override).is_file() and os.access(override, os.X_OK):
            return override
        raise BrowserNotFound(f"CPF_CHROMIUM={override} is not an executable file; {INSTALL_HINT}")
    if playwright is not None:
        managed = Path(playwright.chromium.executable_path)
        if managed.is_file():
            return None
    for candidate in (*HEADLESS_CANDIDATES, *SYSTEM_CANDIDATES) if headless else SYSTEM_CANDIDATES:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise BrowserNotFound(INSTALL_HINT)


def launch_args(
    playwright: Playwright | None = None, *, headless: bool = True, **extra: object
) -> dict[str, Any]:
    """Return keyword arguments for `chromium.launch()` that work on this machine."""
    # Any: the values are of the types `launch()` declares for each keyword, which a plain
    # dict cannot say; callers unpack it straight into `launch(**...)`.
    args: dict[str, Any] = {"args": list(QUIET_ARGS), "headless": headless, **extra}
    executable = find_chromium(playwright, headless=headless)
    if executable:
        args["executable_path"] = executable
    return args


def context_options(*, base_url: str | None = None, scale: int = 1) -> dict[str, Any]:
    """Return keyword arguments for `browser.new_context()`: French, in Paris, 1280x720."""
    options: dict[str, Any] = {
        "locale": LOCALE,
        "timezone_id": TIMEZONE,
        "viewport": {"width": SCREEN_WIDTH, "height": SCREEN_HEIGHT},
    }
    if scale != 1:
        options["device_scale_factor"] = scale
    if base_url is not None:
        options["base_url"] = base_url
    return options
