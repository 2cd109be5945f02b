"""The deliberate defects an in-house portal has, read from the project's list as a data file.

The second and third portals stand for deployments nobody here wrote: they import nothing of
the suite or the catalogue's code, only this reader of catalogue/defects.yaml. Their own code
switches the behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFECTS_FILE = Path(__file__).resolve().parents[1] / "catalogue" / "defects.yaml"


@dataclass(frozen=True, slots=True)
class Defect:
    """One deliberate deviation: the rule it breaks and what a person would notice."""

    rule: str
    description: str


def listed(implementation: str) -> dict[str, Defect]:
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
