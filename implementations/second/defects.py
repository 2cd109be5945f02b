"""Deliberate defects of the second portal: each breaks one catalogue rule, for the suite to see.

`python -m implementations.second --defect NAME` switches one on (repeatable). The server asks
`on(NAME)`; the browser app gets the list through the state API. Which switches this portal has,
the rule each breaks and its description are in the project's list, catalogue/defects.yaml.
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


DEFECTS: dict[str, Defect] = _listed("second")


def unknown(names: list[str]) -> list[str]:
    """Return the names that are not defects here."""
    return [name for name in names if name not in DEFECTS]
