"""Read the project's French rule catalogue (catalogue/regles.yaml): IDs, texts, seed quotes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_PATH = Path(__file__).with_name("regles.yaml")


M = TypeVar("M", bound=BaseModel)


class CatalogueError(ValueError):
    """The catalogue file cannot be read; the text names the file and the first problem."""


class RuleEntry(BaseModel):
    """One rule as catalogue/regles.yaml writes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z]+-\d{2}$")
    text: str = Field(min_length=1, description="The rule, in French.")
    inferred: bool = Field(False, description="Not said by the seed; follows from it.")
    seed_quote: str | None = Field(None, description="The seed's own words, when quoted.")
    quotes: tuple[str, ...] = Field((), description="Visible French texts the rule quotes.")

    @model_validator(mode="after")
    def _quotes_stand_in_the_text(self) -> RuleEntry:
        # A French rewrite must keep the portal's texts letter for letter.
        missing = [q for q in self.quotes if q not in self.text]
        if missing:
            raise ValueError(f"{self.id}: quoted but not in its text: {missing}")
        return self


class FamilyEntry(BaseModel):
    """One family of rules (ELIG, NAV…) with its French title."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z]+$")
    title: str = Field(min_length=1)
    rules: tuple[RuleEntry, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_carry_the_family(self) -> FamilyEntry:
        strays = [r.id for r in self.rules if not r.id.startswith(f"{self.id}-")]
        if strays:
            raise ValueError(f"family {self.id} holds rules of another family: {strays}")
        return self


class CatalogueFile(BaseModel):
    """The whole of catalogue/regles.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    families: tuple[FamilyEntry, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _each_id_once(self) -> CatalogueFile:
        ids = [r.id for f in self.families for r in f.rules]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"rule IDs given twice: {twice}")
        return self


@dataclass(frozen=True, slots=True)
class Rule:
    """One catalogue rule, with its family."""

    id: str
    family: str
    family_title: str
    text: str
    inferred: bool
    seed_quote: str | None
    quotes: tuple[str, ...] = ()


def read_checked(path: Path, model: type[M]) -> M:
    """Read a YAML file of the catalogue into `model`; raise CatalogueError naming the problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return model.model_validate(data)
    except (OSError, yaml.YAMLError) as error:
        raise CatalogueError(f"{path}: {error}") from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CatalogueError(f"{path}: {where}: {first['msg']}") from error


def read_catalogue(path: Path = CATALOGUE_PATH) -> CatalogueFile:
    """Read and check a catalogue file; raise CatalogueError naming the first problem."""
    return read_checked(path, CatalogueFile)


@cache
def load_rules(path: Path = CATALOGUE_PATH) -> tuple[Rule, ...]:
    """Return every rule of the catalogue, in catalogue order."""
    return tuple(
        Rule(
            id=rule.id,
            family=family.id,
            family_title=family.title,
            text=rule.text,
            inferred=rule.inferred,
            seed_quote=rule.seed_quote,
            quotes=rule.quotes,
        )
        for family in read_catalogue(path).families
        for rule in family.rules
    )


def rule_ids() -> tuple[str, ...]:
    """Return every rule ID of the catalogue."""
    return tuple(rule.id for rule in load_rules())


def catalogue_version(path: Path = CATALOGUE_PATH) -> str:
    """Return the catalogue's version: the first 12 hex digits of the SHA-256 of its file."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
