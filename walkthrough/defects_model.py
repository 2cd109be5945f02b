"""The model of `reports/defects.json`: the defect matrix bench writes and the living spec reads."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError


class DefectRow(BaseModel):
    """One deliberate defect of one implementation, and whether the suite caught it."""

    model_config = ConfigDict(extra="forbid")

    defect: str = Field(description="The defect's switch name (`--defect NAME`).")
    rule: str = Field(description="The catalogue rule the defect breaks.")
    description: str = ""
    implementation: str = Field("reference", description="Which portal ran with the defect.")
    caught: bool = Field(description="The suite failed and a failure named the broken rule.")
    not_testable: bool = Field(
        False,
        description="Not caught because every scenario of the rule was reported `not tested:`: "
        "the implementation's profile cannot show it (a fixed captcha, no mailbox).",
    )
    suite_failed: bool
    named_rule_ids: list[str] = Field(default_factory=list)
    failed_scenarios: list[str] = Field(default_factory=list)
    scenarios: int = Field(0, description="Scenarios that ran before the run stopped.")
    duration_s: float = 0.0
    cpu_s: float = Field(0.0, description="CPU-seconds of the suite, browser and portal.")
    note: str = ""


class DefectMatrix(RootModel[list[DefectRow]]):
    """Every row of a matrix run, in the order they ran."""


def read_defects(path: Path) -> list[DefectRow] | None:
    """Read a matrix; None when there is none; ValueError with one line when it is unreadable."""
    if not path.is_file():
        return None
    try:
        return DefectMatrix.model_validate_json(path.read_bytes()).root
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValueError(f"{path}: {where}: {first['msg']}; fix or delete it") from None


def write_defects(path: Path, rows: list[DefectRow]) -> None:
    """Write a matrix atomically: an interrupted run leaves the last complete file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.part")
    tmp.write_text(DefectMatrix(rows).model_dump_json(indent=2), encoding="utf-8")
    os.replace(tmp, path)
