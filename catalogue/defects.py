"""Read the list of deliberate defects (catalogue/defects.yaml): names, rules, descriptions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from catalogue.rules import read_checked

DEFECTS_PATH = Path(__file__).with_name("defects.yaml")

Implementation = Literal["reference", "second", "third"]


class DefectEntry(BaseModel):
    """One switch as catalogue/defects.yaml writes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str = Field(pattern=r"^[A-Z]+-\d{2}$")
    description: str = Field(min_length=1, description="What a person would notice.")
    implementations: tuple[Implementation, ...] = Field(min_length=1)
    per_implementation: dict[Implementation, str] = Field(
        default_factory=dict, description="How one implementation breaks the rule, if its own way."
    )
    beyond_perception: str = Field(
        "",
        description="Why no check from outside can see it (a known limit of the suite, as a "
        "web-platform-tests expectation): the matrix reports it 'n/t', never passed or missed.",
    )

    @model_validator(mode="after")
    def _details_of_holders_only(self) -> DefectEntry:
        strays = sorted(set(self.per_implementation) - set(self.implementations))
        if strays:
            raise ValueError(f"per_implementation names implementations without it: {strays}")
        return self


class DefectsFile(RootModel[dict[str, DefectEntry]]):
    """The whole of catalogue/defects.yaml: switch name to entry."""


@dataclass(frozen=True, slots=True)
class Defect:
    """One deliberate deviation of one implementation: the rule it breaks, what a person sees."""

    rule: str
    description: str
    beyond_perception: str = ""


def read_defects_file(path: Path = DEFECTS_PATH) -> dict[str, DefectEntry]:
    """Read and check the file; raise ValueError naming the file and the first problem."""
    return read_checked(path, DefectsFile).root


@cache
def defects_of(implementation: str) -> dict[str, Defect]:
    """Return the switches `implementation` has, by name, with its own description."""
    if implementation not in get_args(Implementation):
        raise KeyError(f"{DEFECTS_PATH.name} knows no implementation named {implementation!r}")
    return {
        name: Defect(
            entry.rule,
            entry.per_implementation.get(implementation, entry.description),
            entry.beyond_perception,
        )
        for name, entry in read_defects_file().items()
        if implementation in entry.implementations
    }
