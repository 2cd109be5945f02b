"""A sample of the defect matrix: the suite fails on each defect and names the broken rule.

The full matrix is `bench/defect_matrix.py`; here three defects from three families (a page
rule, a captcha rule the oracle must see, a mail rule) run in one portal and one suite run,
so that `make test` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.defect_matrix import main, run_suite
from bench.implementations import IMPLEMENTATIONS, Implementation
from mock_portal.defects import DEFECTS
from walkthrough.defects_model import read_defects

SAMPLE = ("cgu-not-enforced", "captcha-replayable", "email-contains-password")


def test_the_suite_names_the_rule_each_sampled_defect_breaks() -> None:
    rules = sorted({DEFECTS[name].rule for name in SAMPLE})
    assert len(rules) == len(SAMPLE)  # disjoint rules: each failure is the work of one defect
    row = run_suite(
        IMPLEMENTATIONS["reference"],
        defects=SAMPLE,
        rule=rules[0],
        pick=["-m", " or ".join(rules)],
        stop=False,  # three rules to name: run to the end
    )
    assert row.suite_failed, row.note
    missing = [rule for rule in rules if rule not in row.named_rule_ids]
    assert not missing, f"not named: {missing}; failures: {row.failed_scenarios} {row.note}"
    assert set(row.named_rule_ids) <= set(rules), row.named_rule_ids
    assert row.cpu_s > 0, "the suite, the browser and the portal spent CPU"


def test_a_caught_defect_stops_at_the_first_failure_naming_its_rule(tmp_path) -> None:
    out = tmp_path / "defects.json"
    argv = ["--impl", "reference", "--only", "cgu-not-enforced", "--no-baseline"]
    assert main([*argv, "--out", str(out)]) == 0
    (row,) = read_defects(out) or []
    assert row.caught and row.named_rule_ids == ["CGU-02"]
    # CGU's family has 5 scenarios; CGU-02's own runs first, fails, and ends the run.
    assert row.scenarios == 1, row.failed_scenarios


@pytest.mark.parametrize("impl", ["second", "third"])
def test_an_answer_replayed_after_success_is_caught_through_the_oracle(
    impl: str, tmp_path: Path
) -> None:
    # The matrix starts them in test mode: their captchas change and the oracle tells each one.
    out = tmp_path / "defects.json"
    argv = ["--impl", impl, "--only", "captcha-replay-after-success", "--no-baseline"]
    assert main([*argv, "--out", str(out)]) == 0
    (row,) = read_defects(out) or []
    assert row.caught and row.named_rule_ids == ["CAP-03"], row


class _OperatorCaptcha(Implementation):
    """The second implementation driven with its operator's profile as written: a fixed captcha."""

    def base_profile(self) -> dict[str, Any]:
        """Return the shipped profile, its fixed captcha included."""
        return self.operator_profile()


def test_a_defect_its_profile_cannot_show_is_not_testable_rather_than_missed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With a fixed captcha (no oracle), a replayable answer cannot be seen.
    fixed = _OperatorCaptcha(**vars(IMPLEMENTATIONS["second"]))
    monkeypatch.setitem(IMPLEMENTATIONS, "second", fixed)
    out = tmp_path / "defects.json"
    argv = ["--impl", "second", "--only", "captcha-replayable", "--no-baseline"]
    assert main([*argv, "--out", str(out)]) == 0
    (row,) = read_defects(out) or []
    assert not row.caught and row.not_testable, row
    assert "fixed captcha" in row.note and not row.suite_failed


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--only", "no-such-defect"], "no defect named 'no-such-defect'"),
        (["--shard", "3/2"], "--shard: expected K/N"),
    ],
)
def test_bad_matrix_options_are_one_line_and_status_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    assert main([*argv, "--out", str(tmp_path / "d.json")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
