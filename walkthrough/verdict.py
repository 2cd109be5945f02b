"""Failure messages a product owner reads: the rule ID first, then what was seen and expected."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

RULE_PREFIX = re.compile(r"^(?P<ids>[A-Z]+-\d+(?:, [A-Z]+-\d+)*): ")


class RuleViolation(AssertionError):
    """A catalogue rule does not hold; the message starts with its ID."""


def pick_rule(tags: Iterable[str], *candidates: str) -> str:
    """Return the first candidate rule the scenario is tagged with (else the first candidate)."""
    tagged = set(tags)
    return next((c for c in candidates if c in tagged), candidates[0])


def verify(
    rule: str, check: Callable[..., object], *, seen: Callable[..., str], expected: str
) -> None:
    """Run a Playwright `expect` check; on failure raise 'RULE: seen; expected ...'."""
    # `...`: steps in a loop pass `lambda item=item: ...`, whose default binds the loop variable;
    # both are called without arguments.
    try:
        check()
    except (AssertionError, PlaywrightError):
        raise RuleViolation(f"{rule}: {seen()}; expected {expected}") from None


def fail(rule: str, seen: str, expected: str) -> RuleViolation:
    """Return the violation to raise when a plain comparison fails."""
    return RuleViolation(f"{rule}: {seen}; expected {expected}")


def rules_in(message: str) -> list[str]:
    """Return the rule IDs a failure message starts with."""
    match = RULE_PREFIX.match(message or "")
    return match["ids"].split(", ") if match else []


def page_state(page: Page) -> str:
    """Describe what the page shows now: its title, main heading and any alert, in a few words."""
    try:
        heading = page.get_by_role("heading", level=1).first.inner_text(timeout=1000)
    except PlaywrightError:
        heading = ""
    alerts = page.get_by_role("alert").all_inner_texts()
    alert = " ".join(" ".join(a.split()) for a in alerts)[:200]
    where = f'the page "{heading.strip() or page.title()}" was shown'
    return f"{where} with the alert “{alert}”" if alert else f"{where} without any alert"
