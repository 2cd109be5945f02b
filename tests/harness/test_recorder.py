"""A step that fails without a verdict of its own still reports the rules of its scenario."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from steps.harness.recorder import RECORD_KEY, Recorder, ScenarioRecord


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
    Recorder(
        run_dir=tmp_path, part="p.jsonl", worker="main", screenshots=False
    ).pytest_bdd_step_error(request, step, exc)  # type: ignore[arg-type]
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


def test_screenshots_are_stored_once_as_webp_after_wait(tmp_path: Path) -> None:
    import io

    from PIL import Image

    from steps.runmodel import ScreenshotStore

    buffer = io.BytesIO()
    Image.new("RGB", (64, 32), (106, 27, 154)).save(buffer, "JPEG")
    store = ScreenshotStore(tmp_path)
    first = store.store(buffer.getvalue())
    assert store.store(buffer.getvalue()) == first
    store.wait()
    assert first.startswith("attachments/") and first.endswith(".webp")
    assert Image.open(tmp_path / first).format == "WEBP"
    assert len(list((tmp_path / "attachments").iterdir())) == 1
