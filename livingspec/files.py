"""Read a saved run and the report folder; publish the run files the page links."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalogue.rules import PROJECT_ROOT
from livingspec.gherkin_doc import DocFeature, load_features
from walkthrough.defects_model import read_defects
from walkthrough.expectations import Judgement, read_judgement
from walkthrough.runmodel import RunInfo, ScenarioResult, ScreenAudit, load_run

HISTORY_FILE = "history.jsonl"
DEFECTS_FILE = "defects.json"


class ReportError(RuntimeError):
    """A problem the person running the command can fix; its text says how."""


@dataclass(frozen=True, slots=True)
class SavedRun:
    """Everything the report reads from one run folder."""

    run_dir: Path
    info: RunInfo
    scenarios: list[ScenarioResult]
    audits: list[ScreenAudit]
    features: list[DocFeature]
    traces: frozenset[str]  # the trace files named by results that are really in the folder
    judgement: Judgement | None = None  # the run against its known deviations, if it had any


def load_saved_run(run_dir: Path, *, features_dir: Path | None = None) -> SavedRun:
    """Read a run folder and the feature files it ran; raise ReportError saying what to do."""
    if not (run_dir / "run.json").is_file():
        raise ReportError(
            f"no run found in {run_dir} (run.json missing): run the suite first, "
            "or pass --run with the folder of a saved run"
        )
    try:
        info, scenarios, audits = load_run(run_dir)
        judgement = read_judgement(run_dir)
    except ValueError as error:
        first = str(error).splitlines()[0]
        raise ReportError(f"the run in {run_dir} cannot be read ({first})") from error
    traces = {s.trace for s in scenarios if s.trace and (run_dir / s.trace).is_file()}
    return SavedRun(
        run_dir=run_dir,
        info=info,
        scenarios=scenarios,
        audits=audits,
        features=load_features(features_dir or _features_of(run_dir)),
        traces=frozenset(traces),
        judgement=judgement,
    )


def _features_of(run_dir: Path) -> Path:
    """Prefer the feature files saved with the run: the spec as it was when it ran."""
    saved = run_dir / "features"
    return saved if saved.is_dir() else PROJECT_ROOT / "features"


def load_defects(path: Path) -> list[dict[str, Any]] | None:
    """Read the defect matrix (bench/defect_matrix.py writes it), or None when there is none."""
    try:
        rows = read_defects(path)
    except ValueError as error:  # read_defects says which row and field, in one line
        raise ReportError(str(error)) from None
    return None if rows is None else [row.model_dump() for row in rows]


def publish(run_dir: Path, out_dir: Path, rel: str, *, copy: bool) -> Path:
    """Make one run file reachable from the report folder; return where it is."""
    source = run_dir / rel
    if not copy:
        return source
    target = out_dir / "run" / rel
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)  # same content, no second copy on disk
        except OSError:
            shutil.copyfile(source, target)
    return target
