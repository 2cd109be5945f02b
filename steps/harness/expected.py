"""The run judged against the deployment's known deviations: exit status and summary lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.rules import rule_ids
from livingspec.gherkin_doc import load_features
from walkthrough.expectations import (
    ExpectationError,
    Expectations,
    Judgement,
    expectations_path,
    judge,
    load_expectations,
    write_judgement,
)
from walkthrough.runmodel import ScenarioResult

EXPECTATIONS_KEY = pytest.StashKey[tuple[Path, Expectations] | None]()
JUDGEMENT_KEY = pytest.StashKey[Judgement | None]()


def add_option(group: pytest.OptionGroup) -> None:
    """Add --expectations (the profile's `expectations` key is the usual way)."""
    group.addoption(
        "--expectations",
        metavar="FILE.toml",
        help="the deployment's known deviations (default: the file the profile's "
        "`expectations` key names); exit 0 when every result is what they expect",
    )


def chosen_file(config: pytest.Config, *, profile_expectations: str | None) -> Path | None:
    """Return the expectations file of this run: --expectations, else the profile's."""
    given = config.getoption("--expectations")
    if given:
        return Path(given)
    target = config.getoption("--target")
    return expectations_path(Path(target), profile_expectations) if target else None


def scenario_titles(features_dir: Path) -> set[str]:
    """Return every scenario and outline title of the feature files."""
    return {sc.name for f in load_features(features_dir) for sc in f.scenarios()}


def load(path: Path | None, *, features_dir: Path) -> tuple[Path, Expectations] | None:
    """Read the run's expectations; raise ExpectationError (one line) on any mistake."""
    if path is None:
        return None
    expectations = load_expectations(
        path, rule_ids=set(rule_ids()), scenario_names=scenario_titles(features_dir)
    )
    return path, expectations


def finish(
    session: pytest.Session, *, run_dir: Path, results: list[ScenarioResult], complete: bool
) -> None:
    """Judge the run, record it in the run folder, and set the exit status from it.

    pytest's status 1 (some scenarios failed) becomes 0 when every failure was expected, and 0
    becomes 1 when an expected failure no longer happens: both are news to act on.
    """
    config = session.config
    loaded = config.stash.get(EXPECTATIONS_KEY, None)
    judgement = None
    if loaded is not None:
        path, expectations = loaded
        judgement = judge(expectations, results, source=str(path), complete=complete)
        if session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
            session.exitstatus = (
                pytest.ExitCode.TESTS_FAILED if judgement.unexpected else pytest.ExitCode.OK
            )
    write_judgement(run_dir, judgement)
    config.stash[JUDGEMENT_KEY] = judgement


def summary(terminal: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Print one line per known deviation seen and per unexpected result."""
    judgement = config.stash.get(JUDGEMENT_KEY, None)
    if judgement is None:
        return
    unexpected = judgement.unexpected
    known = len(judgement.findings) - len(unexpected)
    title = f"expectations ({Path(judgement.source).name})"
    terminal.write_sep("=", title, red=bool(unexpected), green=not unexpected)
    for finding in judgement.findings:
        terminal.write_line(finding.line(), red=finding.kind != "expected")
    verdict = f"{known} known deviation(s) as expected, {len(unexpected)} unexpected result(s)"
    if not judgement.complete:
        verdict += " (one shard: a known failure fixed is judged when the shards are merged)"
    terminal.write_line(verdict, bold=True)
    if unexpected:
        terminal.write_line(
            "accept this run's results: python -m livingspec --update-expectations "
            f"--run {config.getoption('--run-dir')} --expectations {judgement.source}"
        )


__all__ = ["ExpectationError", "add_option", "chosen_file", "finish", "load", "summary"]
