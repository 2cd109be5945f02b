"""`--shard K/N`: hand the slicing to pytest-split, balanced by the last whole run's durations."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from steps.harness.settings import Settings, stop
from walkthrough.runmodel import ScenarioResult

DURATIONS_NAME = "durations.json"
# pytest-split's own default; when the option still holds it, the harness's file is used.
_SPLIT_DEFAULT_PATH = os.path.join(os.getcwd(), ".test_durations")


def durations_path(config: pytest.Config, settings: Settings) -> Path:
    """Return pytest-split's --durations-path if given, else <reports-dir>/durations.json."""
    given = config.getoption("durations_path", None)
    if given and given != _SPLIT_DEFAULT_PATH:
        return Path(given)
    return settings.reports_dir / DURATIONS_NAME


def configure_split(config: pytest.Config, settings: Settings) -> None:
    """Turn `--shard K/N` into pytest-split's `--splits N --group K` (before it configures)."""
    if settings.shard is None:
        return
    if not hasattr(config.option, "splits"):  # pytest-split registers --splits
        stop("--shard needs pytest-split: `.venv/bin/pip install pytest-split`")
    if config.getoption("splits", None) or config.getoption("group", None):
        stop("--shard K/N replaces pytest-split's --splits/--group: give one or the other")
    group, splits = settings.shard
    config.option.splits = splits
    config.option.group = group
    config.option.durations_path = str(durations_path(config, settings))
    if config.getoption("splitting_algorithm", None) == "duration_based_chunks":
        # Greedy by duration balances better than contiguous chunks; order does not matter here.
        config.option.splitting_algorithm = "least_duration"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_suffix(".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def store_durations(path: Path, results: Iterable[ScenarioResult]) -> None:
    """Merge this run's scenario durations into the file pytest-split reads.

    Called after whole runs only: shards that rewrote it while others were still collecting
    would slice the scenarios differently, and some would run twice or never.
    """
    fresh = {r.nodeid: r.duration_s for r in results}
    if not fresh:
        return
    with _locked(path):
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        if not isinstance(known, dict):
            known = {}
        known.update(fresh)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(known, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(path)
