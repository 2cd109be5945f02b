"""The run model: what one run of the suite did, the one source every report is built from.

Layout under a run folder (default reports/run/):
  run.json               RunInfo: target, browser, timings, counts.
  scenarios.jsonl        one ScenarioResult a line, merged from every worker, in feature order.
  scenarios.<worker>.<uid>.jsonl  what each worker recorded before the merge.
  attachments/<sha256>.webp screenshots, stored once per content hash.
  traces/<slug>.zip      a Playwright trace for each failed scenario.
  a11y.jsonl             one ScreenAudit a line (axe-core results per distinct screen).
Paths inside the model are relative to the run folder. docs/run-model.md documents the fields.
"""

from __future__ import annotations

import hashlib
import io
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
    screenshot: str | None = Field(None, description="attachments/<sha256>.webp after the step")
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


def store_screenshot(run_dir: Path, png: bytes, *, quality: int = 70) -> str:
    """Store a screenshot once per content hash as WebP; return its path relative to run_dir."""
    from PIL import Image

    digest = hashlib.sha256(png).hexdigest()[:32]
    rel = f"attachments/{digest}.webp"
    target = run_dir / rel
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        Image.open(io.BytesIO(png)).save(buffer, "WEBP", quality=quality, method=4)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(buffer.getvalue())
        tmp.replace(target)
    return rel


class ScreenshotStore:
    """Store step screenshots like `store_screenshot`, encoding WebP on a background thread.

    `store()` returns the path at once (the content hash is known), so a step does not wait
    for the encoder; call `wait()` before anything reads the attachments.
    """

    def __init__(self, run_dir: Path, *, quality: int = 70) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.run_dir = run_dir
        self.quality = quality
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cpf-webp")
        self.pending: set[str] = set()

    def store(self, image: bytes) -> str:
        """Queue one PNG or JPEG screenshot; return attachments/<sha256>.webp."""
        rel = f"attachments/{hashlib.sha256(image).hexdigest()[:32]}.webp"
        if rel not in self.pending and not (self.run_dir / rel).exists():
            self.pending.add(rel)
            self.pool.submit(self._encode, image, self.run_dir / rel)
        return rel

    def _encode(self, image: bytes, target: Path) -> None:
        from PIL import Image

        target.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        # method 2: as small as method 4 for screenshots, in less time.
        Image.open(io.BytesIO(image)).save(buffer, "WEBP", quality=self.quality, method=2)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(buffer.getvalue())
        tmp.replace(target)

    def wait(self) -> None:
        """Finish every queued encoding."""
        self.pool.shutdown(wait=True)


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
