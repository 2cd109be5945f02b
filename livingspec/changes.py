"""What changed, rule by rule, since the previous run on the same target.

Each run's history line keeps its rules' statuses with one piece of evidence each (the scenario
that shows it, its message, the href of its screenshot). Screenshots are named by the hash of
their content, so the previous run's picture is still the right one wherever it is still found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from livingspec.history import HistoryEntry, RuleMark
from livingspec.matrix import MatrixRow, RuleStatus
from livingspec.view import RunView

ChangeKind = Literal["regressed", "fixed", "newly_tested", "newly_untested"]
CHANGE_LABEL: dict[ChangeKind, str] = {
    "regressed": "Régression",
    "fixed": "Corrigée",
    "newly_tested": "Nouvellement testée",
    "newly_untested": "Plus testée",
}
_TESTED: frozenset[str] = frozenset({"met", "unmet"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """One run's evidence for a rule, as the section links it."""

    status: str
    scenario: str | None
    message: str | None
    shot: str | None  # href from the report folder; None when the file is gone
    anchor: str | None  # the scenario in this page (current run only)


@dataclass(frozen=True, slots=True)
class RuleChange:
    """One rule whose status moved between the previous run and this one."""

    row: MatrixRow
    kind: ChangeKind
    before: Evidence | None
    after: Evidence

    @property
    def label(self) -> str:
        """Return the change in French."""
        return CHANGE_LABEL[self.kind]


def _evidence_run(row: MatrixRow) -> RunView | None:
    """Return the run that shows the rule's status: its first failure naming it, else a pass."""
    runs = [run for sc in row.scenarios for run in sc.runs if run.result is not None]
    for run in runs:
        r = run.result
        named = r is not None and (not r.failed_rule_ids or row.rule.id in r.failed_rule_ids)
        if r is not None and r.status == "failed" and named:
            return run
    return next((run for run in runs if run.status == "passed"), None)


def _shot(run: RunView) -> str | None:
    step = run.failing_step()
    if step and step.screenshot:
        return step.screenshot
    return next((s.screenshot for s in reversed(run.steps) if s.screenshot), None)


def rule_marks(matrix: list[MatrixRow]) -> dict[str, RuleMark]:
    """Return each rule's status and evidence, as this run's history line keeps them."""
    marks = {}
    for row in matrix:
        run = _evidence_run(row)
        marks[row.rule.id] = RuleMark(
            status=row.status,
            scenario=run.result.name if run and run.result else None,
            message=run.result.error if run and run.result else None,
            shot=_shot(run) if run else None,
        )
    return marks


def previous_run(history: list[HistoryEntry], current: HistoryEntry) -> HistoryEntry | None:
    """Return the last run before this one on the same target, or None."""
    earlier = [e for e in history if e.run_id != current.run_id and e.target == current.target]
    known = [e.run_id for e in history]
    if current.run_id in known:  # a rebuild: only runs recorded before this one count
        before = set(known[: known.index(current.run_id)])
        earlier = [e for e in earlier if e.run_id in before]
    return earlier[-1] if earlier else None


def _kind(before: str | None, after: RuleStatus) -> ChangeKind | None:
    if before == "met" and after == "unmet":
        return "regressed"
    if before == "unmet" and after == "met":
        return "fixed"
    if before not in _TESTED and after in _TESTED:
        return "newly_tested"
    if before in _TESTED and after not in _TESTED:
        return "newly_untested"
    return None


def _statuses_from_outcomes(entry: HistoryEntry, matrix: list[MatrixRow]) -> dict[str, str]:
    """Rebuild rule statuses for a history line written before lines kept them."""
    statuses = {}
    for row in matrix:
        keys = [r.result.nodeid for sc in row.scenarios for r in sc.runs if r.result]
        seen = [entry.outcomes[k] for k in keys if k in entry.outcomes]
        if "failed" in seen:
            statuses[row.rule.id] = "unmet"
        elif "passed" in seen:
            statuses[row.rule.id] = "met"
        elif row.scenarios:
            statuses[row.rule.id] = "untested"
    return statuses


def rule_changes(
    previous: HistoryEntry,
    matrix: list[MatrixRow],
    marks: dict[str, RuleMark],
    *,
    exists: Callable[[str], bool],
) -> list[RuleChange]:
    """Return the rules whose status moved since `previous`, in catalogue order."""
    before_status = (
        {rule: mark.status for rule, mark in previous.rules.items()}
        if previous.rules
        else _statuses_from_outcomes(previous, matrix)
    )
    changes = []
    for row in matrix:
        kind = _kind(before_status.get(row.rule.id), row.status)
        if kind is None:
            continue
        old = previous.rules.get(row.rule.id)
        before = None
        if row.rule.id in before_status:
            before = Evidence(
                status=before_status[row.rule.id],
                scenario=old.scenario if old else None,
                message=old.message if old else None,
                shot=old.shot if old and old.shot and exists(old.shot) else None,
                anchor=None,
            )
        mark = marks[row.rule.id]
        run = _evidence_run(row)
        anchor = run.anchor if run else None
        after = Evidence(row.status, mark.scenario, mark.message, mark.shot, anchor)
        changes.append(RuleChange(row, kind, before, after))
    return changes
