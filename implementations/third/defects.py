"""Deliberate defects of the third portal: each breaks one catalogue rule, for the suite to see.

`python -m implementations.third --defect NAME` switches one on (repeatable). The server asks
`Defects.on(NAME)`; the page learns the ones it must honour from the session API. Which switches
this portal has, the rule each breaks and its description are in catalogue/defects.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True, slots=True)
class Defect:
    """One deliberate deviation: the rule it breaks and what a person would notice."""

    rule: str
    description: str


# The project's list of switches, read as a data file: this portal imports nothing of the
# project (it stands for a deployment nobody here wrote), only its code switches behaviour.
DEFECTS_FILE = Path(__file__).resolve().parents[2] / "catalogue" / "defects.yaml"


def _listed(implementation: str) -> dict[str, Defect]:
    """Return the switches catalogue/defects.yaml gives `implementation`, by name."""
    entries: dict[str, dict[str, Any]] = yaml.safe_load(DEFECTS_FILE.read_text(encoding="utf-8"))
    return {
        name: Defect(
            entry["rule"],
            entry.get("per_implementation", {}).get(implementation, entry["description"]),
        )
        for name, entry in entries.items()
        if implementation in entry["implementations"]
    }


DEFECTS: dict[str, Defect] = _listed("third")

# The ones the page must honour too (it validates first); the others live on the server only.
PAGE: frozenset[str] = frozenset(
    {
        "home-no-account-button", "progress-no-current", "step-skippable", "cgu-link-missing",
        "cgu-not-enforced", "nir-key-unchecked", "birth-name-optional",
        "email-mismatch-accepted", "phone-unchecked", "errors-not-tied", "typed-values-lost",
        "password-two-digits", "password-confirmation-unchecked", "show-password-broken",
        "strength-indicator-wrong", "long-password-refused", "welcome-banner-missing",
        "name-not-capitals", "space-link-missing", "dif-above-cap", "double-submit-two-emails",
        "login-show-password-broken", "email-confirmation-case-only", "mobile-08-accepted",
        "month-43-49-accepted", "age-14-accepted", "age-15-no-declaration",
    }
)  # fmt: skip


def unknown(names: list[str]) -> list[str]:
    """Return the names that are not defects here."""
    return [name for name in names if name not in DEFECTS]
