"""Record each scenario and step on the worker that runs it, into the run model.

The recorder is the pytest plugin that wires three jobs together, each in its own module:
the evidence after each step (`evidence`: screenshots, screen fingerprints, audits), the
traced retry of a failed scenario (`retry`), and what pytest-bdd's events and pytest's
reports make of a scenario (`results`). It writes one worker's results to its own file.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from steps.harness.evidence import PAGE_KEY, SCREEN_STATE_JS, StepEvidence, capture
from steps.harness.results import (
    RECORD_KEY,
    REPORTS_KEY,
    TRACE_KEY,
    ScenarioRecord,
    now,
    scenario_result,
    scenario_template,
    step_error,
    step_result,
)
from steps.harness.retry import is_retry, log_first_run, run_twice_if_failed
from walkthrough import runmodel
from walkthrough.runmodel import Status

# What other modules (steps/conftest.py, tests) import from here.
__all__ = [
    "PAGE_KEY",
    "RECORD_KEY",
    "REPORTS_KEY",
    "SCREEN_STATE_JS",
    "TRACE_KEY",
    "Recorder",
    "ScenarioRecord",
    "capture",
    "is_retry",
    "scenario_template",
]


class Recorder:
    """The pytest plugin that records one worker's scenarios into its own JSON lines file."""

    def __init__(
        self,
        *,
        run_dir: Path,
        part: str,
        worker: str,
        screenshots: bool,
        retry: bool = False,
        stop_on_rule: str | None = None,
    ) -> None:
        self.part = run_dir / part
        self.worker = worker
        self.evidence = StepEvidence(run_dir=run_dir, screenshots=screenshots)
        self.retry = retry  # run a failed scenario once more, traced (Playwright's on-first-retry)
        self.stop_on_rule = stop_on_rule

    # pytest-bdd hooks -------------------------------------------------------------
    def pytest_bdd_before_scenario(self, request: pytest.FixtureRequest) -> None:
        if not is_retry(request.node):
            request.node.stash[RECORD_KEY] = ScenarioRecord(time.perf_counter(), now())

    def pytest_bdd_before_step(self, request: pytest.FixtureRequest) -> None:
        if not is_retry(request.node):
            request.node.stash[RECORD_KEY].step_started = time.perf_counter()

    def _step(
        self, request: pytest.FixtureRequest, step: Any, status: Status, error: str | None
    ) -> None:
        record = request.node.stash.get(RECORD_KEY, None)
        if record is None or is_retry(request.node):
            return  # the retry only makes the trace; the verdict is the first run's
        shot = self.evidence.after_step(request, record.shots)
        record.steps.append(step_result(step, record, status, error, shot))

    def pytest_bdd_after_step(self, request: pytest.FixtureRequest, step: Any) -> None:
        self._step(request, step, "passed", None)

    def pytest_bdd_step_error(
        self, request: pytest.FixtureRequest, step: Any, exception: Exception
    ) -> None:
        self._step(request, step, "failed", step_error(request.node, step, exception))

    def pytest_bdd_step_func_lookup_error(
        self, request: pytest.FixtureRequest, step: Any, exception: Exception
    ) -> None:
        self._step(request, step, "failed", f"step not defined: {step.name}")

    # pytest hooks -------------------------------------------------------------------
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Any:
        """Run a scenario; if it fails, run it once more with a trace, then report the first run."""
        template = scenario_template(item)
        if not self.retry or template is None:
            return None
        first, retry_status = run_twice_if_failed(item, nextitem)
        if retry_status is not None:
            self._write(item, template, item.stash[REPORTS_KEY], retry_status=retry_status)
        log_first_run(item, first)
        return True

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        template = scenario_template(item)
        if template is None or is_retry(item):
            return
        reports = item.stash.setdefault(REPORTS_KEY, {})
        reports[report.when] = report
        if report.when != "teardown":
            return
        if self.retry and any(r.failed for r in reports.values()):
            return  # written once the traced retry has run (pytest_runtest_protocol)
        self._write(item, template, reports)

    def _write(
        self,
        item: pytest.Item,
        template: Any,
        reports: dict[str, pytest.TestReport],
        *,
        retry_status: Status | None = None,
    ) -> None:
        result = scenario_result(
            item, template, reports, worker=self.worker, retry_status=retry_status
        )
        runmodel.append_jsonl(self.part, result)
        if self.stop_on_rule and self.stop_on_rule in result.failed_rule_ids:
            # As -x does: the session ends as failed after this item, its reports still written.
            item.session.shouldfail = f"{self.stop_on_rule} named by “{result.name}”"

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """With --stop-on-rule, run the rule's own scenarios first: they name it soonest."""
        if self.stop_on_rule:
            rule = self.stop_on_rule
            items.sort(key=lambda item: item.get_closest_marker(rule) is None)
