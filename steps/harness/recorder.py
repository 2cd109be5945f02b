"""Record each scenario and step on the worker that runs it, into the run model."""

from __future__ import annotations

import base64
import time
import weakref
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import CDPSession, Page

from catalogue.rules import rule_ids
from walkthrough import runmodel
from walkthrough.runmodel import ScenarioResult, ScreenshotStore, StepResult
from walkthrough.verdict import rules_in

RECORD_KEY = pytest.StashKey["ScenarioRecord"]()
PAGE_KEY = pytest.StashKey[Page]()
REPORTS_KEY = pytest.StashKey[dict[str, pytest.TestReport]]()
TRACE_KEY = pytest.StashKey[str]()
RETRY_KEY = pytest.StashKey[bool]()  # set while a failed scenario runs again, traced
RULE_IDS = frozenset(rule_ids())
SHOT_QUALITY = 80  # JPEG, kept as taken: about 85 KB for a 1280x720 screen


def is_retry(node: pytest.Item) -> bool:
    """Tell whether `node` is the traced second run of a failed scenario (on-first-retry)."""
    return node.stash.get(RETRY_KEY, False)


# What a screenshot would show, read in one round trip (about 2 ms against 30 ms for a shot):
# the address; the body's elements, attributes and texts, leaving out what is never drawn
# (scripts, hidden inputs such as a form's token, an emptied style attribute); the styles;
# what the fields hold, which element has focus, scroll and which images have loaded.
SCREEN_STATE_JS = """() => {
  const out = [location.href];
  const walk = node => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) { out.push(n.data); continue; }
      if (n.nodeType !== 1) continue;
      const tag = n.localName;
      if (tag === 'script' || tag === 'template') continue;
      if (tag === 'input' && n.type === 'hidden') continue;
      out.push('<' + tag + [...n.attributes]
        .filter(a => !(a.name === 'style' && !a.value))
        .map(a => ' ' + a.name + '=' + a.value).join(''));
      walk(n);
      if (n.shadowRoot) walk(n.shadowRoot);
      out.push('>');
    }
  };
  if (document.body) walk(document.body);
  const styles = document.querySelectorAll('head style, head link[rel~=stylesheet]');
  for (const s of styles) out.push(s.outerHTML);
  out.push([...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .map(e => (e.type === 'checkbox' || e.type === 'radio') ? String(e.checked) : e.value)
    .join('\\u0001'));
  out.push(String([...document.querySelectorAll('*')].indexOf(document.activeElement)));
  out.push([scrollX, scrollY, innerWidth, innerHeight].join(','));
  out.push([...document.images].map(i => String(i.complete && i.naturalWidth)).join(','));
  return out.join('\\u0002');
}"""


@dataclass
class ScenarioRecord:
    """What the bdd hooks saw of one scenario while it ran."""

    started: float
    started_at: str
    steps: list[StepResult] = field(default_factory=list)
    step_started: float = 0.0
    shots: dict[str, str] = field(default_factory=dict)  # screen state → its screenshot


def capture(page: Page) -> bytes:
    """Return a JPEG of the screen, through Chromium's own capture when it can be reached.

    Chromium's `Page.captureScreenshot` with `optimizeForSpeed` costs about a third less CPU
    than Playwright's screenshot, which also waits for fonts and hides the caret around it.
    Playwright's screenshot takes over when the DevTools protocol cannot be reached, or when
    Chromium has no frame to give yet ("Unable to capture screenshot" just after a load).
    """
    if page not in _cdp_sessions:
        try:
            _cdp_sessions[page] = page.context.new_cdp_session(page)
        except Exception:  # not Chromium, or a remote browser that refuses CDP
            _cdp_sessions[page] = None
    session = _cdp_sessions[page]
    if session is not None:
        try:
            shot = session.send(
                "Page.captureScreenshot",
                {"format": "jpeg", "quality": SHOT_QUALITY, "optimizeForSpeed": True},
            )
            return base64.b64decode(shot["data"])
        except Exception:
            pass
    return page.screenshot(type="jpeg", quality=SHOT_QUALITY)


# One DevTools session per page, or None where there is none; forgotten with the page.
_cdp_sessions: weakref.WeakKeyDictionary[Page, CDPSession | None] = weakref.WeakKeyDictionary()


def scenario_template(item: pytest.Item) -> Any:
    """Return pytest-bdd's ScenarioTemplate behind a test item, or None for a plain test."""
    from pytest_bdd.scenario import scenario_wrapper_template_registry

    test_function = getattr(item, "obj", None)
    if test_function is None:
        return None
    return scenario_wrapper_template_registry.get(test_function)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


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
        self.run_dir = run_dir
        self.part = run_dir / part
        self.worker = worker
        self.screenshots = screenshots
        self.retry = retry  # run a failed scenario once more, traced (Playwright's on-first-retry)
        self.shots = ScreenshotStore(run_dir)
        self.stop_on_rule = stop_on_rule

    # pytest-bdd hooks -------------------------------------------------------------
    def pytest_bdd_before_scenario(self, request: pytest.FixtureRequest) -> None:
        if not is_retry(request.node):
            request.node.stash[RECORD_KEY] = ScenarioRecord(time.perf_counter(), _now())

    def pytest_bdd_before_step(self, request: pytest.FixtureRequest) -> None:
        if not is_retry(request.node):
            request.node.stash[RECORD_KEY].step_started = time.perf_counter()

    def _step(
        self, request: pytest.FixtureRequest, step: Any, status: str, error: str | None
    ) -> None:
        record = request.node.stash.get(RECORD_KEY, None)
        if record is None or is_retry(request.node):
            return  # the retry only makes the trace; the verdict is the first run's
        shot = None
        page = request.node.stash.get(PAGE_KEY, None)
        if self.screenshots and page is not None and not page.is_closed():
            try:
                shot = self._screenshot(page, record)
            except Exception:  # a screenshot must never turn a verdict into an error
                shot = None
        if page is not None and not page.is_closed():
            # Once per distinct screen and worker (the fixture remembers which it has seen).
            request.getfixturevalue("a11y_audit")(page)
        record.steps.append(
            StepResult(
                keyword=step.keyword.strip(),
                text=step.name,
                line=step.line_number,
                status=status,
                duration_s=round(time.perf_counter() - record.step_started, 4),
                screenshot=shot,
                error=error,
            )
        )

    def _screenshot(self, page: Page, record: ScenarioRecord) -> str:
        """Shoot the page, or reuse a shot of this scenario when nothing it shows has changed.

        A "Alors" step mostly reads the screen the step before left, and a journey comes back
        to screens it saw before: same state, same picture.
        """
        state = page.evaluate(SCREEN_STATE_JS)
        shot = record.shots.get(state)
        if shot is None:
            shot = record.shots[state] = self.shots.store(capture(page))
        return shot

    def pytest_bdd_after_step(self, request: pytest.FixtureRequest, step: Any) -> None:
        self._step(request, step, "passed", None)

    def pytest_bdd_step_error(
        self, request: pytest.FixtureRequest, step: Any, exception: Exception
    ) -> None:
        message = str(exception).strip()
        if not rules_in(message):
            # A step that could not even act (element missing, timeout) still names its rules.
            tagged = sorted({m.name for m in request.node.iter_markers()} & RULE_IDS)
            first = message.splitlines()[0] if message else type(exception).__name__
            message = f"{', '.join(tagged) or 'UNTAGGED'}: could not do “{step.name}”: {first}"
        self._step(request, step, "failed", message)

    def pytest_bdd_step_func_lookup_error(
        self, request: pytest.FixtureRequest, step: Any, exception: Exception
    ) -> None:
        self._step(request, step, "failed", f"step not defined: {step.name}")

    # pytest hooks -------------------------------------------------------------------
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Any:
        """Run a scenario; if it fails, run it once more with a trace, then report the first run.

        Playwright Test's `trace: "on-first-retry"`: passing scenarios pay nothing for tracing.
        Only the first run's reports reach the terminal, JUnit and the run model.
        """
        template = scenario_template(item)
        if not self.retry or template is None:
            return None
        from _pytest.runner import runtestprotocol

        item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        first = runtestprotocol(item, nextitem=nextitem, log=False)
        if any(r.failed for r in first) and not item.session.shouldstop:
            item.stash[RETRY_KEY] = True
            second = runtestprotocol(item, nextitem=nextitem, log=False)
            retry_status = "failed" if any(r.failed for r in second) else "passed"
            self._write(item, template, item.stash[REPORTS_KEY], retry_status=retry_status)
        for report in first:
            item.ihook.pytest_runtest_logreport(report=report)
        item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
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
        retry_status: str | None = None,
    ) -> None:
        record = item.stash.get(RECORD_KEY, None)
        example = getattr(getattr(item, "callspec", None), "params", {}).get("_pytest_bdd_example")
        scenario = template.render(example or {})
        status, reason, error = "passed", None, None
        for when in ("setup", "call", "teardown"):
            rep = reports.get(when)
            if rep is None:
                continue
            if rep.skipped:
                status = "skipped"
                longrepr = rep.longrepr
                reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
                reason = reason.removeprefix("Skipped: ")
                break
            if rep.failed:
                status = "failed"
                error = _message(rep)
                break
        steps = list(record.steps) if record else []
        for step in scenario.steps[len(steps) :]:
            steps.append(
                StepResult(
                    keyword=step.keyword.strip(),
                    text=step.name,
                    line=step.line_number,
                    status="skipped",
                )
            )
        step_error = next((s.error for s in steps if s.error), None)
        if status == "failed" and step_error:
            error = step_error  # the step's message names the rule; pytest's may not
        tags = sorted(scenario.tags | template.feature.tags)
        feature = template.feature
        duration = sum(r.duration for r in reports.values())
        result = ScenarioResult(
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
            started_at=record.started_at if record else _now(),
            duration_s=round(duration, 4),
            worker=self.worker,
            trace=item.stash.get(TRACE_KEY, None),
            retry_status=retry_status,
            steps=steps,
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


def _message(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    # Drop the exception class name pytest puts first, keep the rule ID at the start.
    for prefix in ("walkthrough.verdict.RuleViolation: ", "RuleViolation: ", "AssertionError: "):
        text = text.removeprefix(prefix)
    return text.strip()
