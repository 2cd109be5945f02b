"""What pytest-bdd's events and pytest's reports say of a scenario, as run-model results."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from catalogue.rules import rule_ids
from walkthrough.runmodel import ScenarioResult, Status, StepResult
from walkthrough.verdict import rules_in

RECORD_KEY = pytest.StashKey["ScenarioRecord"]()
REPORTS_KEY = pytest.StashKey[dict[str, pytest.TestReport]]()  # setup, call, teardown
TRACE_KEY = pytest.StashKey[str]()  # the kept trace (steps/conftest.py's `context` fixture)
RULE_IDS = frozenset(rule_ids())


@dataclass
class ScenarioRecord:
    """What the bdd hooks saw of one scenario while it ran."""

    started: float
    started_at: str
    steps: list[StepResult] = field(default_factory=list)
    step_started: float = 0.0
    shots: dict[str, str] = field(default_factory=dict)  # screen state → its screenshot


def now() -> str:
    """Return the current UTC time as the run model writes it."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def scenario_template(item: pytest.Item) -> Any:
    """Return pytest-bdd's ScenarioTemplate behind a test item, or None for a plain test."""
    from pytest_bdd.scenario import scenario_wrapper_template_registry

    test_function = getattr(item, "obj", None)
    if test_function is None:
        return None
    return scenario_wrapper_template_registry.get(test_function)


def step_result(
    step: Any, record: ScenarioRecord, status: Status, error: str | None, shot: str | None
) -> StepResult:
    """Return one step as it ran, timed from the record's step start."""
    return StepResult(
        keyword=step.keyword.strip(),
        text=step.name,
        line=step.line_number,
        status=status,
        duration_s=round(time.perf_counter() - record.step_started, 4),
        screenshot=shot,
        error=error,
    )


def step_error(node: Any, step: Any, exception: Exception) -> str:
    """Return a failed step's message; one that names no rule gets its scenario's rules."""
    message = str(exception).strip()
    if rules_in(message):
        return message
    # A step that could not even act (element missing, timeout) still names its rules.
    tagged = sorted({m.name for m in node.iter_markers()} & RULE_IDS)
    first = message.splitlines()[0] if message else type(exception).__name__
    return f"{', '.join(tagged) or 'UNTAGGED'}: could not do “{step.name}”: {first}"


def _outcome(reports: dict[str, pytest.TestReport]) -> tuple[Status, str | None, str | None]:
    """Return the status, skip reason and error that setup, call and teardown add up to."""
    for when in ("setup", "call", "teardown"):
        rep = reports.get(when)
        if rep is None:
            continue
        if rep.skipped:
            longrepr = rep.longrepr
            reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
            return "skipped", reason.removeprefix("Skipped: "), None
        if rep.failed:
            return "failed", None, _message(rep)
    return "passed", None, None


def scenario_result(
    item: pytest.Item,
    template: Any,
    reports: dict[str, pytest.TestReport],
    *,
    worker: str,
    retry_status: Status | None = None,
) -> ScenarioResult:
    """Return the run-model result of one scenario (or example row) from what was recorded."""
    record = item.stash.get(RECORD_KEY, None)
    example = getattr(getattr(item, "callspec", None), "params", {}).get("_pytest_bdd_example")
    scenario = template.render(example or {})
    status, reason, error = _outcome(reports)
    steps = list(record.steps) if record else []
    for step in scenario.steps[len(steps) :]:
        keyword = step.keyword.strip()
        steps.append(StepResult(keyword=keyword, text=step.name, line=step.line_number,
                                status="skipped"))  # fmt: skip
    step_error = next((s.error for s in steps if s.error), None)
    if status == "failed" and step_error:
        error = step_error  # the step's message names the rule; pytest's may not
    tags = sorted(scenario.tags | template.feature.tags)
    feature = template.feature
    return ScenarioResult(
        nodeid=item.nodeid,
        feature_file=feature.rel_filename,
        feature_name=feature.name,
        feature_description=feature.description or "",
        rule_name=template.rule.name if template.rule else None,
        name=scenario.name,
        line=template.line_number,
        tags=tags,
        rule_ids=[tag for tag in tags if tag in RULE_IDS],
        outline_name=template.name if template.templated else None,
        example=dict(example) if example else None,
        status=status,
        skip_reason=reason,
        error=error,
        failed_rule_ids=rules_in(error or ""),
        started_at=record.started_at if record else now(),
        duration_s=round(sum(r.duration for r in reports.values()), 4),
        worker=worker,
        trace=item.stash.get(TRACE_KEY, None),
        retry_status=retry_status,
        steps=steps,
    )


def _message(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    # Drop the exception class name pytest puts first, keep the rule ID at the start.
    for prefix in ("walkthrough.verdict.RuleViolation: ", "RuleViolation: ", "AssertionError: "):
        text = text.removeprefix(prefix)
    return text.strip()
