"""Deliberate defects of the second portal: each breaks one catalogue rule, for the suite to see.

`python -m implementations.second --defect NAME` switches one on (repeatable). The server asks
`on(NAME)`; the browser app gets the list through the state API. Which switches this portal has,
the rule each breaks and its description are in the project's list, catalogue/defects.yaml.
"""

from __future__ import annotations

from implementations.switches import Defect, listed

DEFECTS: dict[str, Defect] = listed("second")


def unknown(names: list[str]) -> list[str]:
    """Return the names that are not defects here."""
    return [name for name in names if name not in DEFECTS]
