"""The run model: what one run of the suite did, the one source every report is built from.

Layout under a run folder (default reports/run/):
  run.json               RunInfo: target, browser, timings, counts.
  scenarios.jsonl        one ScenarioResult a line, merged from every worker, in feature order.
  scenarios.<worker>.<uid>.jsonl  what each worker recorded before the merge.
  attachments/<sha256>.jpg screenshots as the browser took them, once per content hash.
  traces/<slug>.zip      a Playwright trace for each failed scenario.
  a11y.jsonl             one ScreenAudit a line (axe-core results per distinct screen).
Paths inside the model are relative to the run folder. docs/run-model.md documents the fields.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["passed", "failed", "skipped"]
SCHEMA_VERSION = 1
M = TypeVar("M", bound=BaseModel)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StepResult(_Model):
    """One Gherkin step as it ran."""

    keyword: str = Field(description="The keyword as written in the feature file, e.g. 'Soit'.")
    text: str
    line: int
    status: Status
    duration_s: float = 0.0
    screenshot: str | None = Field(None, description="attachments/<sha256>.jpg after the step")
    error: str | None = None


class ScenarioResult(_Model):
    """One scenario (or one example row of an outline) as it ran."""

    nodeid: str
    feature_file: str = Field(description="Path relative to features/.")
    feature_name: str
    feature_description: str = ""
    rule_name: str | None = Field(None, description="The Règle the scenario belongs to.")
    name: str
    line: int
    tags: list[str] = Field(default_factory=list)
    rule_ids: list[str] = Field(default_factory=list, description="Catalogue IDs among tags.")
    outline_name: str | None = None
    example: dict[str, str] | None = Field(None, description="The example row, for outlines.")
    status: Status
    skip_reason: str | None = None
    error: str | None = Field(None, description="Failure message; starts with the rule ID.")
    failed_rule_ids: list[str] = Field(default_factory=list)
    started_at: str
    duration_s: float
    worker: str = "main"
    trace: str | None = None
    retry_status: Status | None = Field(
        None,
        description="How the traced second run of a failed scenario ended (--traces "
        "on-first-retry): passed means the failure is intermittent. The verdict is `status`.",
    )
    steps: list[StepResult] = Field(default_factory=list)


class RunInfo(_Model):
    """The run as a whole."""

    schema_version: int = SCHEMA_VERSION
    run_id: str
    started_at: str
    finished_at: str
    duration_s: float
    target_name: str
    base_url: str
    captcha: str
    mail: str
    browser_name: str
    browser_version: str
    workers: int
    git_commit: str | None = None
    catalogue_version: str | None = Field(
        None, description="SHA-256 (12 hex digits) of the catalogue/regles.yaml the run judged by."
    )
    argv: list[str] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)


class Violation(_Model):
    """One axe-core rule broken on one screen."""

    id: str
    impact: str | None
    description: str
    help_url: str
    wcag: list[str] = Field(default_factory=list)
    nodes: int


class ScreenAudit(_Model):
    """The accessibility audit of one distinct screen."""

    screen: str
    url: str
    violations: list[Violation] = Field(default_factory=list)


# Attachments by file extension; WebP for run folders written before screenshots were JPEG.
MIME_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
_EXTENSIONS = {b"\xff\xd8\xff": "jpg", b"\x89PN": "png"}  # by the image's first bytes


def mime_type(rel: str) -> str:
    """Return the MIME type of a stored attachment from its name."""
    return MIME_TYPES[rel.rsplit(".", 1)[-1]]


class ScreenshotStore:
    """Store step screenshots once per content hash, as the browser encoded them.

    The browser's JPEG is kept as it is: encoding it again (as WebP, about a third of the
    size) cost about 30 ms of CPU a shot, a fifth of what the plain happy path spends
    (docs/suite.md, "Where the CPU goes").
    """

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir

    def store(self, image: bytes) -> str:
        """Write a JPEG or PNG screenshot unless stored already; return attachments/<hash>.<ext>."""
        ext = _EXTENSIONS.get(image[:3])
        if ext is None:
            raise ValueError("a screenshot must be a JPEG or a PNG image")
        rel = f"attachments/{hashlib.sha256(image).hexdigest()[:32]}.{ext}"
        target = self.run_dir / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(image)
            tmp.replace(target)
        return rel


def append_jsonl(path: Path, model: BaseModel) -> None:
    """Append one model as a JSON line (one writer per file: each worker has its own)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(model.model_dump_json() + "\n")


def read_jsonl(path: Path, model: type[M]) -> Iterator[M]:
    """Read the models of a JSON lines file."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield model.model_validate_json(line)


def write_jsonl(path: Path, models: Iterable[BaseModel]) -> None:
    """Write models as JSON lines, atomically."""
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for m in models:
            handle.write(m.model_dump_json() + "\n")
    tmp.replace(path)


def load_run(run_dir: Path) -> tuple[RunInfo, list[ScenarioResult], list[ScreenAudit]]:
    """Load a saved run: its info, scenarios and accessibility audits."""
    info = RunInfo.model_validate(json.loads((run_dir / "run.json").read_text(encoding="utf-8")))
    scenarios = list(read_jsonl(run_dir / "scenarios.jsonl", ScenarioResult))
    audits = list(read_jsonl(run_dir / "a11y.jsonl", ScreenAudit))
    return info, scenarios, audits
