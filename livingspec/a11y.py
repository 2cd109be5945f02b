"""Audit the screen a Playwright page shows with axe-core, offline, into the run model."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from playwright.sync_api import Page

from walkthrough.runmodel import ScreenAudit, Violation

# Criterion tags read principle, guideline, then criterion: wcag143 is 1.4.3, wcag1410 is 1.4.10.
_CRITERION = re.compile(r"^wcag(?P<p>\d)(?P<g>\d)(?P<c>\d{1,2})$")
_IMPACT_ORDER = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}


@cache
def french_locale() -> dict[str, Any]:
    """Return axe-core's French messages (locales/fr.json of the npm package axe-core 4.12.1)."""
    # Vendored because the Python package bundles only the English messages; MPL-2.0.
    return json.loads(resources.files("livingspec").joinpath("axe-fr.json").read_text("utf-8"))


@cache
def axe_script() -> str:
    """Return the axe-core script bundled with axe-playwright-python (no network needed)."""
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def wcag_criteria(tags: list[str]) -> list[str]:
    """Return the WCAG success criteria named by axe tags (wcag143 → "1.4.3")."""
    found = []
    for tag in tags:
        if m := _CRITERION.match(tag):
            found.append(f"{m['p']}.{m['g']}.{m['c']}")
    return sorted(set(found), key=lambda c: tuple(int(part) for part in c.split(".")))


def _violation(raw: dict[str, Any]) -> Violation:
    return Violation(
        id=raw["id"],
        impact=raw.get("impact"),
        description=raw.get("help") or raw.get("description", ""),
        help_url=raw.get("helpUrl", ""),
        wcag=wcag_criteria(raw.get("tags", [])),
        nodes=len(raw.get("nodes", [])),
    )


def audit_page(page: Page, *, screen: str, options: dict[str, Any] | None = None) -> ScreenAudit:
    """Run axe-core on the page as it is now and return the violations of this screen."""
    # evaluate() runs through the DevTools protocol, so a strict Content-Security-Policy
    # on the audited site does not block the injected script.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_script())
        page.evaluate("locale => axe.configure({ locale })", french_locale())
    results = page.evaluate(
        "options => axe.run(document, options)",
        options or {"resultTypes": ["violations"]},
    )
    violations = sorted(
        (_violation(raw) for raw in results["violations"]),
        key=lambda v: (_IMPACT_ORDER.get(v.impact or "", 9), v.id),
    )
    return ScreenAudit(screen=screen, url=page.url, violations=violations)
