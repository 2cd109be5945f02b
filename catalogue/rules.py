"""Read the rule IDs, texts and seed quotes from the catalogue file itself."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_ROW = re.compile(r"^\| (?P<id>[A-Z]+-\d+) \| (?P<text>.*) \|\s*$")
_FAMILY = re.compile(r"^## (?P<family>[A-Z]+): (?P<title>.*)$")
_SEED = re.compile(r'Seed: "(?P<quote>[^"]+)"')


@dataclass(frozen=True, slots=True)
class Rule:
    """One catalogue rule."""

    id: str
    family: str
    family_title: str
    text: str
    inferred: bool
    seed_quote: str | None


def shared_dir() -> Path:
    """Return the shared folder (../shared beside the project, or $CPF_SHARED_DIR)."""
    return Path(os.environ.get("CPF_SHARED_DIR", PROJECT_ROOT.parent / "shared"))


def catalogue_path() -> Path:
    """Return the path of the conformance catalogue."""
    return shared_dir() / "spec" / "requirements.md"


def seed_path() -> Path:
    """Return the path of the narrated walkthrough."""
    return shared_dir() / "seeds" / "000_775d7321eda51040.txt"


@cache
def load_rules(path: Path | None = None) -> tuple[Rule, ...]:
    """Parse every rule row of the catalogue, in catalogue order."""
    source = (path or catalogue_path()).read_text(encoding="utf-8")
    rules: list[Rule] = []
    family, title = "", ""
    for line in source.splitlines():
        if m := _FAMILY.match(line):
            family, title = m["family"], m["title"]
        elif m := _ROW.match(line):
            text = m["text"].strip()
            seed = _SEED.search(text)
            rules.append(
                Rule(
                    id=m["id"],
                    family=family,
                    family_title=title,
                    text=text,
                    inferred="*(inferred" in text,
                    seed_quote=seed["quote"] if seed else None,
                )
            )
    return tuple(rules)


def rule_ids() -> tuple[str, ...]:
    """Return every rule ID of the catalogue."""
    return tuple(rule.id for rule in load_rules())
