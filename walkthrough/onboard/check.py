"""`--check`: which lines of an existing profile no longer match the deployment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from walkthrough.onboard.evidence import CheckLine, Exploration
from walkthrough.screens import ScreenName

_TABLE = re.compile(r"^\s*\[(?P<table>[^\]]+)\]")
_KEY = re.compile(r"^\s*(?P<key>[A-Za-z0-9_]+)\s*=")


@dataclass(frozen=True)
class Stale:
    """One entry that no longer matches: where it is written (0: a default), and what is seen."""

    line: int
    name: str
    screen: ScreenName
    says: str


def entry_lines(text: str) -> dict[tuple[str, str], int]:
    """Return the line number of each key, by (table, key)."""
    table, found = "", dict[tuple[str, str], int]()
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _TABLE.match(line):
            table = header.group("table").strip()
        elif key := _KEY.match(line):
            found.setdefault((table, key.group("key")), number)
    return found


def stale_lines(profile: Path, found: Exploration) -> list[Stale]:
    """Return the entries (or defaults) of `profile` that the walk saw fail, by line."""
    lines = entry_lines(profile.read_text(encoding="utf-8"))
    stale: dict[tuple[str, str], Stale] = {}
    for check in found.checks:
        if check.holds:
            continue
        line = lines.get((f"locators.{check.screen}", check.name)) or lines.get(
            ("locators", check.name), 0
        )
        stale.setdefault((check.name, check.screen), _stale(line, check))
    return sorted(stale.values(), key=lambda s: (s.line or 10**6, s.name))


def _stale(line: int, check: CheckLine) -> Stale:
    return Stale(line=line, name=check.name, screen=check.screen, says=check.says)


def report(profile: Path, found: Exploration) -> tuple[list[str], int]:
    """Return the lines to print and the exit status (1 when an entry no longer matches)."""
    stale = stale_lines(profile, found)
    held = sum(1 for c in found.checks if c.holds)
    out = []
    for one in stale:
        where = f"{profile}:{one.line}" if one.line else f"{profile}: (no entry, the default)"
        out.append(f"{where}: {one.name} on {one.screen} no longer matches: {one.says}")
    for finding in found.findings:
        out.append(f"finding {finding.rule}: {finding.says}")
    if stale:
        counted = (
            "1 entry no longer matches"
            if len(stale) == 1
            else f"{len(stale)} entries no longer match"
        )
        out.append(
            f"{counted}, {held} hold; "
            "`python -m walkthrough.onboard` without --check proposes a new profile"
        )
        return out, 1
    out.append(f"every entry checked still matches ({held} checked)")
    return out, 0
