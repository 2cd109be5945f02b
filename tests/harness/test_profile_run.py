"""A portal started on its own, driven through --target with a profile, under -n 2.

One run of a few features checks what a staging operator relies on: the fixed captcha, the
harness's SMTP listener, locator overrides, skipped-not-passed rules, and complete reports
(run model, cucumber.json valid against the published schema, junit.xml).
"""

from __future__ import annotations

import json
import socket
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from tests.helpers import assert_one_line_exit_2, free_port, run_suite
from walkthrough import runmodel
from walkthrough.targets import portal_process

SCHEMA = Path(__file__).parent / "data" / "cucumber-json-schema.json"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
SELECTION = "CGU-02 or CGU-03 or CAP-02 or CAP-04 or PWD-01 or MAIL-01 or MAIL-02"


@dataclass
class Run:
    returncode: int
    output: str
    run_dir: Path
    reports: Path
    scenarios: list[runmodel.ScenarioResult]


@pytest.fixture(scope="module")
def staging_portal() -> Iterator[tuple[str, int]]:
    """Start the portal on its own, as a staging operator would: fixed captcha, no test mode."""
    smtp_port = free_port()
    with portal_process(
        smtp=("127.0.0.1", smtp_port), captcha_fixed="ABCDE", test_mode=False
    ) as url:
        yield url, smtp_port


def _staging_profile(folder: Path, url: str, smtp_port: int) -> Path:
    profile = folder / "staging.toml"
    profile.write_text(
        f'name = "staging-test"\nbase_url = "{url}"\n'
        '[captcha]\nstrategy = "fixed"\nanswer = "ABCDE"\n'
        f'[mail]\nkind = "smtp"\nhost = "127.0.0.1"\nport = {smtp_port}\n'
        "[report]\naccessibility = false\n"
        # A deliberately wrong expected message: CGU-02 must fail, and say so.
        '[locators]\ncgu_required = { text = "Cochez la case pour continuer." }\n',
        encoding="utf-8",
    )
    return profile


@pytest.fixture(scope="module")
def profile_run(
    tmp_path_factory: pytest.TempPathFactory, staging_portal: tuple[str, int]
) -> Iterator[Run]:
    tmp = tmp_path_factory.mktemp("profile-run")
    profile = _staging_profile(tmp, *staging_portal)
    result = run_suite(
        "--target", str(profile), workers=2, select=SELECTION, run_root=tmp, timeout=400
    )
    scenarios = list(runmodel.read_jsonl(tmp / "run" / "scenarios.jsonl", runmodel.ScenarioResult))
    yield Run(result.returncode, result.stdout + result.stderr, tmp / "run", tmp, scenarios)


def test_the_separately_started_portal_passes_what_the_profile_can_show(profile_run: Run) -> None:
    by_status: dict[str, set[str]] = {}
    for s in profile_run.scenarios:
        for rule in s.rule_ids:
            by_status.setdefault(s.status, set()).add(rule)
    assert {"CGU-03", "CAP-02", "PWD-01", "MAIL-01", "MAIL-02"} <= by_status["passed"], (
        profile_run.output[-3000:]
    )
    assert by_status["failed"] == {"CGU-02"}


def test_a_fixed_captcha_reports_renewal_as_not_tested(profile_run: Run) -> None:
    skipped = [s for s in profile_run.scenarios if "CAP-04" in s.rule_ids]
    assert skipped and all(s.status == "skipped" for s in skipped)
    assert all((s.skip_reason or "").startswith("not tested") for s in skipped)


def test_the_failure_names_the_rule_and_keeps_a_trace(profile_run: Run) -> None:
    [failed] = [s for s in profile_run.scenarios if s.status == "failed"]
    assert failed.error and failed.error.startswith("CGU-02: ")
    assert "Cochez la case pour continuer." in failed.error
    assert failed.failed_rule_ids == ["CGU-02"]
    assert failed.trace and (profile_run.run_dir / failed.trace).stat().st_size > 1000
    # --traces on-first-retry (the default): the trace comes from a second, traced run, which
    # fails the same way; the trace viewer gets its filmstrip. Passing scenarios cost no trace.
    assert failed.retry_status == "failed"
    with zipfile.ZipFile(profile_run.run_dir / failed.trace) as trace:
        assert any(name.endswith(".jpeg") for name in trace.namelist())
    passed = [s for s in profile_run.scenarios if s.status == "passed"]
    assert passed and all(s.trace is None and s.retry_status is None for s in passed)


def test_retain_on_failure_traces_the_failing_run_itself(
    tmp_path: Path, staging_portal: tuple[str, int]
) -> None:
    profile = _staging_profile(tmp_path, *staging_portal)
    run_suite(
        "--target", str(profile), "--traces", "retain-on-failure", select="CGU-02",
        run_root=tmp_path, timeout=300,
    )  # fmt: skip
    scenarios = list(
        runmodel.read_jsonl(tmp_path / "run" / "scenarios.jsonl", runmodel.ScenarioResult)
    )
    [failed] = [s for s in scenarios if s.status == "failed"]
    assert failed.trace and (tmp_path / "run" / failed.trace).is_file()
    assert failed.retry_status is None  # no second run under this policy
    assert all(s.trace is None for s in scenarios if s.status == "passed")


def test_both_workers_recorded_and_the_merge_is_complete(profile_run: Run) -> None:
    assert {s.worker for s in profile_run.scenarios} == {"gw0", "gw1"}
    info = json.loads((profile_run.run_dir / "run.json").read_text())
    assert info["counts"]["total"] == len(profile_run.scenarios) > 10
    assert info["captcha"] == "fixed" and info["target_name"] == "staging-test"
    assert not list(profile_run.run_dir.glob("scenarios.gw*.jsonl"))
    # The run keeps the feature files it ran, so its report can be rebuilt after they change.
    saved = profile_run.run_dir / "features"
    for s in profile_run.scenarios:
        assert (saved / s.feature_file).read_text(encoding="utf-8") == (
            PROJECT_ROOT / "features" / s.feature_file
        ).read_text(encoding="utf-8")


def test_cucumber_json_is_valid_and_complete(profile_run: Run) -> None:
    report = json.loads((profile_run.reports / "cucumber.json").read_text())
    schema = json.loads(SCHEMA.read_text())
    # The schema says draft-04 but uses if/then (draft-07): validate with draft-07 to honour them.
    jsonschema.Draft7Validator(schema).validate(report)
    elements = [e for f in report for e in f["elements"]]
    assert len(elements) == len(profile_run.scenarios)
    statuses = {s["result"]["status"] for e in elements for s in e["steps"]}
    assert {"passed", "failed", "skipped"} <= statuses
    shots = [s for e in elements for s in e["steps"] if s.get("embeddings")]
    assert shots and shots[0]["embeddings"][0]["mime_type"] == "image/jpeg"


def test_junit_xml_lists_every_scenario(profile_run: Run) -> None:
    suite = ET.parse(profile_run.reports / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    assert int(suite.get("tests", "0")) == len(profile_run.scenarios)
    assert int(suite.get("failures", "0")) == 1
    assert int(suite.get("skipped", "0")) >= 1


def test_without_a_mailbox_the_mail_rules_are_not_tested(
    tmp_path: Path, staging_portal: tuple[str, int]
) -> None:
    profile = tmp_path / "nomail.toml"
    profile.write_text(
        f'base_url = "{staging_portal[0]}"\n[captcha]\nstrategy = "fixed"\nanswer = "ABCDE"\n'
        '[mail]\nkind = "none"\n',
        encoding="utf-8",
    )
    result = run_suite(
        "--target",
        str(profile),
        select="MAIL-01 or MAIL-02 or MAIL-03",
        run_root=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    scenarios = list(
        runmodel.read_jsonl(tmp_path / "run" / "scenarios.jsonl", runmodel.ScenarioResult)
    )
    assert len(scenarios) >= 4
    assert all(s.status == "skipped" for s in scenarios)
    assert all("mail kind = none" in (s.skip_reason or "") for s in scenarios)
    report = json.loads((tmp_path / "cucumber.json").read_text())
    assert sum(len(f["elements"]) for f in report) == len(scenarios)


def test_a_busy_mail_port_is_named_in_one_line(
    tmp_path: Path, staging_portal: tuple[str, int]
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        profile = tmp_path / "busy.toml"
        profile.write_text(
            f'base_url = "{staging_portal[0]}"\n[captcha]\nstrategy = "fixed"\nanswer = "ABCDE"\n'
            f'[mail]\nkind = "smtp"\nport = {port}\n',
            encoding="utf-8",
        )
        result = run_suite("--target", str(profile), run_root=tmp_path, timeout=120)
    assert_one_line_exit_2(result, f"127.0.0.1:{port}")
