"""Keep one line per run in reports/history.jsonl and read each scenario's recent outcomes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from walkthrough.runmodel import RunInfo, ScenarioResult, Status

RECENT = 10


class RuleMark(BaseModel):
    """One rule's status in a run, with the evidence the next run's report links."""

    model_config = ConfigDict(extra="forbid")

    status: str  # met, unmet, untested, uncovered (livingspec.matrix.RuleStatus)
    scenario: str | None = None  # the scenario that shows it: its first failure, else a pass
    message: str | None = None
    shot: str | None = None  # its screenshot's href from the report folder (content-named)


class HistoryEntry(BaseModel):
    """One run as history remembers it."""

    model_config = ConfigDict(extra="forbid")

    run_id: str
    date: str
    git_commit: str | None
    target: str
    outcomes: dict[str, Status]
    # Lines written before rules were kept have none: their statuses are rebuilt from outcomes.
    rules: dict[str, RuleMark] = Field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One past outcome of a scenario."""

    run_id: str
    date: str
    status: Status
    current: bool


def scenario_key(result: ScenarioResult) -> str:
    """Return the key that follows one scenario (or example) from run to run."""
    return result.nodeid


def target_of(info: RunInfo) -> str:
    """Return how history names the target: profile name and URL."""
    return f"{info.target_name} · {info.base_url}"


def entry_for(info: RunInfo, scenarios: list[ScenarioResult]) -> HistoryEntry:
    """Return the history line of a run."""
    return HistoryEntry(
        run_id=info.run_id,
        date=info.started_at,
        git_commit=info.git_commit,
        target=target_of(info),
        outcomes={scenario_key(s): s.status for s in scenarios},
    )


def read_history(path: Path) -> list[HistoryEntry]:
    """Read every history line, skipping lines a newer or older schema cannot read."""
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            entries.append(HistoryEntry.model_validate(json.loads(line)))
        except ValueError:
            continue  # a hand-edited or foreign line must not stop the report
    return entries


def history_up_to(entries: list[HistoryEntry], entry: HistoryEntry) -> list[HistoryEntry]:
    """Return the history as the page of this run shows it: every run up to this one."""
    known = [e.run_id for e in entries]
    if entry.run_id not in known:
        return [*entries, entry]
    # Later runs stay out: a rebuild of this run must give the same page.
    return entries[: known.index(entry.run_id) + 1]


def append_run(path: Path, entry: HistoryEntry) -> None:
    """Append the run's line once: rebuilding the same run adds nothing."""
    if entry.run_id in {e.run_id for e in read_history(path)}:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(entry.model_dump_json() + "\n")


def recent_outcomes(history: list[HistoryEntry], key: str, *, limit: int = RECENT) -> list[Outcome]:
    """Return a scenario's last outcomes, oldest first, the current run last."""
    found = [
        Outcome(e.run_id, e.date, e.outcomes[key], current=False)
        for e in history
        if key in e.outcomes
    ]
    if found:
        last = found[-1]
        found[-1] = Outcome(last.run_id, last.date, last.status, current=True)
    return found[-limit:]


def is_flaky(history: list[HistoryEntry], key: str, *, commit: str | None, target: str) -> bool:
    """Return whether the scenario failed, then passed, on the same commit and target."""
    if commit is None:
        return False  # without a commit, two runs cannot be shown to test the same code
    failed = False
    for entry in history:
        if entry.git_commit != commit or entry.target != target or key not in entry.outcomes:
            continue
        status = entry.outcomes[key]
        if status == "failed":
            failed = True
        elif status == "passed" and failed:
            return True
    return False
