"""Known deviations of a deployment: the run passes on what is known, fails on any news.

The real runs drive the bundled portal with deliberate defects (`--test-mode --defect NAME`)
through a profile naming an expectations file; only FORM-05's and FORM-02's scenarios run.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.helpers import (
    assert_one_line_exit_2,
    free_port,
    output_lines,
    run_suite,
    serve_html,
)
from walkthrough.expectations import (
    Deviation,
    ExpectationError,
    Expectations,
    judge,
    load_expectations,
    read_judgement,
    updated,
)
from walkthrough.runmodel import ScenarioResult, Status
from walkthrough.targets import portal_process

SELECTION = "FORM-05 or FORM-02"
TICKET = "https://suivi.example/PORTAIL-412"
KNOWN_FORM_05 = f"""\
[[deviation]]
rule = "FORM-05"
status = "fail"
reason = "Un mobile en 08 est accepté."
ticket = "{TICKET}"
"""
PROFILE = """\
name = "recette"
base_url = "{url}"
expectations = "recette.expectations.toml"

[mail]
kind = "none"

[report]
screenshots = false
accessibility = false
"""


def _result(
    name: str, status: Status, rules: Sequence[str], *, failed: Sequence[str] = ()
) -> ScenarioResult:
    return ScenarioResult(
        nodeid=f"steps/test_features.py::{name}",
        feature_file="x.feature",
        feature_name="X",
        name=name,
        line=1,
        tags=list(rules),
        rule_ids=list(rules),
        status=status,
        error=f"{failed[0]}: refusé" if failed else None,
        failed_rule_ids=list(failed),
        started_at="2026-12-05T10:00:00+00:00",
        duration_s=1.0,
    )


def _known(*deviations: Deviation) -> Expectations:
    return Expectations(deviation=list(deviations))


FORM_05 = Deviation(rule="FORM-05", status="fail", reason="08 accepté", ticket=TICKET)


def test_a_known_failure_is_expected_and_a_new_one_is_a_regression() -> None:
    results = [
        _result("mobile 08", "failed", ["FORM-05"], failed=["FORM-05"]),
        _result("mobile 06", "passed", ["FORM-05"]),
        _result("clé fausse", "failed", ["FORM-02"], failed=["FORM-02"]),
    ]
    judgement = judge(_known(FORM_05), results, source="x.toml")
    assert [(f.kind, f.rule) for f in judgement.findings] == [
        ("expected", "FORM-05"),
        ("regression", "FORM-02"),
    ]
    assert judgement.unexpected[0].line().startswith("REGRESSION FORM-02: failed, not expected")


def test_an_expected_failure_that_passes_is_stale() -> None:
    results = [_result("mobile 08", "passed", ["FORM-05"])]
    [finding] = judge(_known(FORM_05), results, source="x.toml").unexpected
    assert (finding.kind, finding.got) == ("stale", "pass")
    assert finding.line() == (
        f"STALE FORM-05: expected fail ({TICKET}), got pass: update the expectations"
    )


def test_a_rule_the_run_did_not_select_is_not_judged() -> None:
    results = [_result("clé fausse", "passed", ["FORM-02"])]
    assert judge(_known(FORM_05), results, source="x.toml").findings == []


@pytest.mark.parametrize(
    ("deviation", "status", "kind"),
    [
        pytest.param(
            Deviation(rule="FORM-05", status="flaky", outcomes=["pass", "fail"]),
            "passed",
            "expected",
            id="flaky-passes",
        ),
        pytest.param(
            Deviation(rule="FORM-05", status="flaky", outcomes=["pass", "fail"]),
            "failed",
            "expected",
            id="flaky-fails",
        ),
        pytest.param(
            Deviation(rule="FORM-05", status="not tested"), "skipped", "expected", id="nt"
        ),
        pytest.param(
            Deviation(rule="FORM-05", status="not tested"), "passed", "stale", id="nt-now-passes"
        ),
        pytest.param(
            Deviation(scenario="mobile 08", status="fail"), "failed", "expected", id="scenario"
        ),
    ],
)
def test_each_status_expected(deviation: Deviation, status: Status, kind: str) -> None:
    failed = ["FORM-05"] if status == "failed" else []
    results = [_result("mobile 08", status, ["FORM-05"], failed=failed)]
    judgement = judge(_known(deviation), results, source="x.toml")
    assert [f.kind for f in judgement.findings] == [kind]


def test_one_shard_leaves_a_fixed_rule_to_the_merge() -> None:
    results = [_result("mobile 06", "passed", ["FORM-05"])]  # its failure may be in another shard
    judgement = judge(_known(FORM_05), results, source="x.toml", complete=False)
    assert judgement.findings == [] and not judgement.complete


def test_update_keeps_what_still_holds_drops_what_is_fixed_and_adds_news() -> None:
    stale = Deviation(rule="FORM-02", status="fail", reason="corse", ticket="T-2")
    results = [
        _result("mobile 08", "failed", ["FORM-05"], failed=["FORM-05"]),
        _result("clé fausse", "passed", ["FORM-02"]),
        _result("trop jeune", "failed", ["ELIG-03"], failed=["ELIG-03"]),
    ]
    new = updated(_known(FORM_05, stale), results)
    assert [(d.rule, d.reason, d.ticket) for d in new.deviation] == [
        ("ELIG-03", "", ""),
        ("FORM-05", FORM_05.reason, TICKET),
    ]
    assert judge(new, results, source="x.toml").unexpected == []


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        pytest.param('[[deviation]]\nrule = "FORM-99"\nstatus = "fail"\n', "'FORM-99' is no rule"),
        pytest.param(
            '[[deviation]]\nscenario = "Nulle part"\nstatus = "fail"\n',
            "no scenario titled 'Nulle part'",
        ),
        pytest.param('[[deviation]]\nrule = "FORM-05"\nstatus = "flaky"\n', "needs `outcomes`"),
        pytest.param('[[deviation]]\nstatus = "fail"\n', "either `rule` or `scenario`"),
        pytest.param('[[deviation]]\nrule = "FORM-05"\nstatus = "broken"\n', "deviation.0.status"),
        pytest.param('[[deviation]]\nrule = "FORM-05"\nstatus = "fail"\nowner = "x"\n', "unknown"),
        pytest.param(KNOWN_FORM_05 * 2, "listed twice"),
    ],
)
def test_a_wrong_file_is_one_line(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "e.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExpectationError) as caught:
        load_expectations(path, rule_ids={"FORM-05"}, scenario_names={"Le téléphone"})
    assert needle in str(caught.value) and "\n" not in str(caught.value)


def test_the_suite_stops_in_one_line_on_an_expectation_naming_no_rule(tmp_path: Path) -> None:
    (tmp_path / "recette.expectations.toml").write_text(
        KNOWN_FORM_05.replace("FORM-05", "FORM-55"), encoding="utf-8"
    )
    with serve_html(lambda _path: "<h1>Mon compte formation</h1>") as url:
        profile = tmp_path / "recette.toml"
        profile.write_text(PROFILE.format(url=url), encoding="utf-8")
        result = run_suite("--target", str(profile), run_root=tmp_path, timeout=120)
    assert_one_line_exit_2(result, "recette.expectations.toml", "'FORM-55' is no rule")


# -- real runs ----------------------------------------------------------------------------


def _run(
    folder: Path, defects: Sequence[str], *, port: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run FORM-05's and FORM-02's scenarios against the bundled portal with `defects`.

    `port`: the same deployment run after run (history follows a target by name and URL).
    """
    with portal_process(smtp=("127.0.0.1", 9), defects=defects, port=port) as url:
        profile = folder / "recette.toml"
        profile.write_text(PROFILE.format(url=url), encoding="utf-8")
        return run_suite(
            "--target", str(profile), "--traces", "off", "--tb", "no",
            path="steps/test_features.py", select=SELECTION, run_root=folder, timeout=400,
        )  # fmt: skip


def _python_m(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr
    return done


def _living_spec(folder: Path) -> str:
    _python_m("livingspec", "--run", str(folder / "run"), "--out", str(folder), "--no-pdf")
    return (folder / "index.html").read_text(encoding="utf-8")


def _matrix_row(page: str, rule: str) -> str:
    row = re.search(rf'<tr id="req-{rule}".*?</tr>', page, re.S)
    assert row, rule
    return row[0]


def _flagged(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in output_lines(result) if line.startswith(("REGRESSION", "STALE"))]


@pytest.fixture
def recette(tmp_path: Path) -> Path:
    (tmp_path / "recette.expectations.toml").write_text(KNOWN_FORM_05, encoding="utf-8")
    return tmp_path


def test_a_second_defect_fails_the_run_naming_only_its_rule(recette: Path) -> None:
    result = _run(recette, ["phone-unchecked", "nir-key-unchecked"])
    assert result.returncode == 1, result.stdout[-2000:]
    [line] = _flagged(result)
    assert line.startswith("REGRESSION FORM-02: failed, not expected: FORM-02: ")
    judgement = read_judgement(recette / "run")
    assert judgement and [(f.kind, f.rule) for f in judgement.unexpected] == [
        ("regression", "FORM-02")
    ]


def test_the_story_of_one_deployment(recette: Path) -> None:
    """Known defect, then fixed (stale expectation), then expectations updated: three runs."""
    port = free_port()
    known = _run(recette, ["phone-unchecked"], port=port)
    assert known.returncode == 0, known.stdout[-2000:]
    assert f"known FORM-05: fail as expected ({TICKET})" in known.stdout
    judgement = read_judgement(recette / "run")
    assert judgement and [f.kind for f in judgement.findings] == ["expected"]
    page = _living_spec(recette)
    assert 'class="badge known"' in _matrix_row(page, "FORM-05") and "PORTAIL-412" in page

    fixed = _run(recette, [], port=port)
    assert fixed.returncode == 1, fixed.stdout[-2000:]
    assert _flagged(fixed) == [
        f"STALE FORM-05: expected fail ({TICKET}), got pass: update the expectations"
    ]
    page = _living_spec(recette)
    assert 'class="badge stale"' in _matrix_row(page, "FORM-05")
    story = page[page.index('id="depuis"') : page.index('id="exigences"')]
    assert re.findall(r'<tr data-tags="([A-Z]+-\d+)">.*?class="badge c-\w+">([^<]+)<', story) == [
        ("FORM-05", "Corrigée")
    ]
    assert re.search(r"FORM-05: \S", story)  # the earlier run's failure, as evidence

    # The run names its profile: the command finds the file from the saved run alone.
    update = _python_m("livingspec", "--update-expectations", "--run", str(recette / "run"))
    assert "dropped FORM-05: the run no longer shows it" in update.stdout
    assert "FORM-05" not in (recette / "recette.expectations.toml").read_text(encoding="utf-8")
    again = _run(recette, [], port=port)
    assert again.returncode == 0, again.stdout[-2000:]
    assert _flagged(again) == []
