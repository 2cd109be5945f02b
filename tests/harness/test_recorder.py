"""A step that fails without a verdict of its own still reports the rules of its scenario."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from steps.harness.recorder import RECORD_KEY, Recorder, ScenarioRecord
from tests.helpers import ROOT, run_pytest


class _Node:
    def __init__(self, tags: list[str]) -> None:
        self.stash = pytest.Stash()
        self._tags = tags

    def iter_markers(self) -> list[SimpleNamespace]:
        return [SimpleNamespace(name=t) for t in self._tags]


def _fail_step(tmp_path: Path, tags: list[str], exc: Exception) -> str | None:
    node = _Node(tags)
    node.stash[RECORD_KEY] = ScenarioRecord(0.0, "2026-01-01T00:00:00+00:00")
    request = SimpleNamespace(node=node, getfixturevalue=lambda _name: None)
    step = SimpleNamespace(keyword="Quand", name="elle remplit le formulaire", line_number=7)
    recorder = Recorder(run_dir=tmp_path, part="p.jsonl", worker="main", screenshots=False)
    # The request is a stand-in with only what the hook reads (node, getfixturevalue).
    recorder.pytest_bdd_step_error(request, step, exc)  # type: ignore[arg-type]
    return node.stash[RECORD_KEY].steps[0].error


def test_a_timeout_is_reported_under_the_scenario_rules(tmp_path: Path) -> None:
    error = _fail_step(tmp_path, ["FORM-05", "slow"], TimeoutError("Locator.fill: Timeout 10000ms"))
    assert (
        error == "FORM-05: could not do “elle remplit le formulaire”: Locator.fill: Timeout 10000ms"
    )


def test_a_verdict_keeps_its_own_rule(tmp_path: Path) -> None:
    error = _fail_step(
        tmp_path, ["ELIG-01", "ELIG-03"], AssertionError("ELIG-03: seen; expected x")
    )
    assert error == "ELIG-03: seen; expected x"


def test_screenshots_are_stored_once_as_taken(tmp_path: Path) -> None:
    import io

    from PIL import Image

    from walkthrough.runmodel import ScreenshotStore

    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), (106, 27, 154)).save(buffer, "JPEG")
    store = ScreenshotStore(tmp_path)
    first = store.store(buffer.getvalue())
    assert store.store(buffer.getvalue()) == first
    assert first.startswith("attachments/") and first.endswith(".jpg")
    assert (tmp_path / first).read_bytes() == buffer.getvalue()
    assert Image.open(tmp_path / first).format == "JPEG"
    assert len(list((tmp_path / "attachments").iterdir())) == 1


FLAKY_FEATURE = """Feature: Retries
  Scenario: Intermittent
    Given a step that fails the first time only

  Scenario: Broken
    Given a step that always fails

  Scenario: Sound
    Given a step that passes
"""

FLAKY_STEPS = """
from pathlib import Path

from pytest_bdd import given, scenarios

scenarios("retries.feature")
COUNTER = Path(__file__).with_name("attempts.txt")


@given("a step that fails the first time only")
def fails_once():
    attempts = int(COUNTER.read_text()) if COUNTER.exists() else 0
    COUNTER.write_text(str(attempts + 1))
    assert attempts > 0, "FORM-05: first attempt fails"


@given("a step that always fails")
def always_fails():
    raise AssertionError("FORM-06: always fails")


@given("a step that passes")
def passes():
    pass
"""

FLAKY_CONFTEST = """
from pathlib import Path

from steps.harness.recorder import Recorder


def pytest_configure(config):
    recorder = Recorder(
        run_dir=Path(__file__).parent, part="scenarios.jsonl", worker="main",
        screenshots=False, retry=True,
    )
    config.pluginmanager.register(recorder, "cpf-recorder")
"""


def test_a_failed_scenario_runs_again_and_keeps_its_first_verdict(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    from walkthrough import runmodel

    (tmp_path / "retries.feature").write_text(FLAKY_FEATURE, encoding="utf-8")
    (tmp_path / "test_retries.py").write_text(FLAKY_STEPS, encoding="utf-8")
    (tmp_path / "conftest.py").write_text(FLAKY_CONFTEST, encoding="utf-8")
    done = run_pytest(
        "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:playwright",
        "--junitxml", "junit.xml", "test_retries.py",
        cwd=tmp_path, timeout=120, env={"PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert "2 failed, 1 passed" in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]
    results = {
        s.name: s
        for s in runmodel.read_jsonl(tmp_path / "scenarios.jsonl", runmodel.ScenarioResult)
    }
    assert set(results) == {"Intermittent", "Broken", "Sound"}  # one record each, no duplicate
    # The verdict is the first run's; the second run says whether the failure is intermittent.
    assert (results["Intermittent"].status, results["Intermittent"].retry_status) == (
        "failed",
        "passed",
    )
    assert (results["Broken"].status, results["Broken"].retry_status) == ("failed", "failed")
    assert (results["Sound"].status, results["Sound"].retry_status) == ("passed", None)
    assert results["Intermittent"].failed_rule_ids == ["FORM-05"]
    assert (tmp_path / "attempts.txt").read_text() == "2"  # ran exactly twice
    suite = ET.parse(tmp_path / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("3", "2")
