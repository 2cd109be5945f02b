"""The defect matrix driven by the profile onboarding proposes (`--onboard`), end to end."""

from __future__ import annotations

import contextlib
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.defect_matrix import main
from tests.helpers import serve_html
from walkthrough.defects_model import read_defects


def test_defects_are_caught_with_the_proposed_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Both rules are reached only through the buttons the third names its own way.
    out = tmp_path / "defects.json"
    argv = ["--impl", "third", "--only", "cgu-not-enforced", "--only", "password-two-digits"]
    assert main([*argv, "--onboard", "--no-baseline", "--jobs", "1", "--out", str(out)]) == 0
    rows = read_defects(out) or []
    assert [(r.defect, r.caught) for r in rows] == [
        ("cgu-not-enforced", True), ("password-two-digits", True),
    ]  # fmt: skip
    assert all(r.note.startswith("proposed profile") for r in rows), rows
    # The proposal is kept beside the matrix, and it is onboarding's, not the shipped file.
    proposal = out.with_name("defects-third-proposed.toml")
    text = proposal.read_text(encoding="utf-8")
    assert "# step_3: button “Créer mon compte”" in text
    assert tomllib.loads(text)["locators"]["validate"] == {
        "role": "button", "name": "Créer mon compte",
    }  # fmt: skip
    assert "onboarded third in" in capsys.readouterr().out


def test_onboarding_that_fails_stops_the_matrix_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The implementation serves something that is not the walkthrough: no profile to use.
    @contextlib.contextmanager
    def not_the_walkthrough(*_args: object, **_kwargs: object) -> Iterator[str]:
        with serve_html(lambda _path: "<h1>Bientôt</h1>") as url:
            yield url

    monkeypatch.setattr("bench.defect_matrix.serve", not_the_walkthrough)
    out = tmp_path / "defects.json"
    argv = ["--impl", "third", "--only", "cgu-not-enforced", "--onboard", "--no-baseline"]
    assert main([*argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("defect_matrix: onboarding failed: third: exit 2: onboard: "), err
    assert "not the walkthrough" in err[0]
    assert not out.exists()
