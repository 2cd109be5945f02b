"""The report is built from the saved run alone: same run, same bytes; statuses and history."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from markupsafe import escape

from catalogue.rules import PROJECT_ROOT, load_rules, rule_ids
from livingspec.__main__ import main, make_report, write_report
from livingspec.files import load_saved_run
from livingspec.gherkin_doc import load_features
from livingspec.report import build_report
from tests.livingspec.fakerun import results_from, write_run

FEATURES = Path(__file__).parent / "data" / "features"
REFUSED = "Le mot de passe « <mot> » est refusé"
WALKTHROUGH = "Le mot de passe du walkthrough termine l'inscription"
WELCOME = "Le courriel de bienvenue arrive"


def build(tmp_path: Path, outcome: dict, **run) -> str:
    run_dir = tmp_path / "reports" / "run"
    results = results_from(load_features(FEATURES), run_dir, outcome=outcome)
    write_run(run_dir, results, **run)
    built = make_report(run_dir=run_dir, out_dir=tmp_path / "reports", features_dir=FEATURES)
    return built.index.read_text(encoding="utf-8")


def matrix_status(page: str, rule_id: str) -> str:
    row = re.search(rf'<tr id="req-{rule_id}".*?</tr>', page, re.S)
    assert row, rule_id
    return re.findall(r'class="badge r-(\w+)"', row[0])[-1]


def test_rebuilding_from_the_saved_run_gives_the_same_page(tmp_path: Path) -> None:
    first = build(tmp_path, {})
    run_dir = tmp_path / "reports" / "run"
    again = make_report(run_dir=run_dir, out_dir=tmp_path / "reports", features_dir=FEATURES)
    assert again.index.read_text(encoding="utf-8") == first
    history = (tmp_path / "reports" / "history.jsonl").read_text().splitlines()
    assert len(history) == 1, "a rebuild must not count as a second run"


def test_matrix_reads_met_unmet_untested_and_uncovered(tmp_path: Path) -> None:
    page = build(tmp_path, {REFUSED.replace("<mot>", "ABCDE123"): "failed", WELCOME: "skipped"})
    assert matrix_status(page, "PWD-01") == "unmet"
    assert matrix_status(page, "PWD-05") == "met"
    assert matrix_status(page, "MAIL-01") == "untested"
    assert matrix_status(page, "NAV-01") == "uncovered"
    for rule_id in rule_ids():
        assert f'id="req-{rule_id}"' in page


def test_a_failure_names_its_rule_and_points_at_its_screenshot(tmp_path: Path) -> None:
    page = build(tmp_path, {REFUSED.replace("<mot>", "ABCDE123"): "failed"})
    failures = page[page.index('id="echecs"') : page.index('id="fonctionnalites"')]
    assert "PWD-01 : le texte attendu" in failures
    shots = re.findall(r'<img src="(run/attachments/[0-9a-f]+\.jpg)"', failures)
    assert shots and all((tmp_path / "reports" / s).is_file() for s in shots)


@pytest.mark.parametrize(
    ("second_commit", "flaky"), [("abc1234", True), ("def5678", False)], ids=["same", "other"]
)
def test_failed_then_passed_on_the_same_commit_is_flaky(
    tmp_path: Path, second_commit: str, flaky: bool
) -> None:
    build(tmp_path, {WALKTHROUGH: "failed"}, run_id="r1", commit="abc1234")
    page = build(tmp_path, {}, run_id="r2", commit=second_commit)
    summaries = re.findall(r"<summary>.*?</summary>", page, re.S)
    walkthrough = next(s for s in summaries if str(escape(WALKTHROUGH)) in s)
    assert walkthrough.count('class="badge flaky"') == (1 if flaky else 0)
    assert 'class="h-failed"' in walkthrough, "the earlier failure shows in its recent outcomes"
    assert ('class="tile t-flaky"' in page) is flaky


def test_defect_matrix_shows_only_when_defects_json_exists(tmp_path: Path) -> None:
    assert 'id="defauts"' not in build(tmp_path, {})
    defects = [
        {
            "defect": "captcha sensible à la casse",
            "rule": "CAP-02",
            "description": "the captcha answer must match the case",
            "caught": True,
            "suite_failed": True,
            "named_rule_ids": ["CAP-02"],
        }
    ]
    (tmp_path / "reports" / "defects.json").write_text(json.dumps(defects), encoding="utf-8")
    page = build(tmp_path, {})
    assert 'id="defauts"' in page and "captcha sensible à la casse" in page
    assert "the captcha answer must match the case" in page, "the row's description is shown"


def test_a_report_outside_the_run_folder_gets_its_own_copy_of_the_screenshots(
    tmp_path: Path,
) -> None:
    run_dir = tmp_path / "saved-run"
    write_run(run_dir, results_from(load_features(FEATURES), run_dir, outcome={}))
    built = make_report(run_dir=run_dir, out_dir=tmp_path / "site", features_dir=FEATURES)
    page = built.index.read_text(encoding="utf-8")
    shots = set(re.findall(r'src="([^"]+\.jpg)"', page))
    assert shots and all((tmp_path / "site" / s).is_file() for s in shots)
    assert all(f.is_relative_to(tmp_path / "site") for f in built.files)


def test_the_command_prints_the_size_and_ends_with_the_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_dir = tmp_path / "reports" / "run"
    write_run(run_dir, results_from(load_features(FEATURES), run_dir, outcome={}))
    argv = ["--run", str(run_dir), "--out", str(tmp_path / "reports")]
    assert main([*argv, "--features", str(FEATURES), "--no-pdf"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.match(r"Report size: \d+\.\d MB in \d+ files", lines[-2])
    assert lines[-1] == str(tmp_path / "reports" / "index.html")


def test_a_missing_run_is_one_line_and_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--run", str(tmp_path / "nothing"), "--no-pdf"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "run the suite first" in err


def test_results_whose_feature_file_is_gone_are_still_shown(tmp_path: Path) -> None:
    run_dir = tmp_path / "reports" / "run"
    write_run(run_dir, results_from(load_features(FEATURES), run_dir, outcome={}))
    empty = tmp_path / "no-features"
    empty.mkdir()
    page = make_report(run_dir=run_dir, out_dir=run_dir.parent, features_dir=empty).index
    text = page.read_text(encoding="utf-8")
    assert str(escape(WALKTHROUGH)) in text
    assert text.count('data-filter="example"') == 2, "one row per example of the outline"
    assert matrix_status(text, "PWD-05") == "met"


def test_a_failure_message_is_shown_as_text_never_as_markup(tmp_path: Path) -> None:
    run_dir = tmp_path / "reports" / "run"
    results = results_from(load_features(FEATURES), run_dir, outcome={WALKTHROUGH: "failed"})
    for r in results:
        if r.status == "failed":
            r.error = 'PWD-05: the page showed <script>alert("x")</script>'
    write_run(run_dir, results)
    text = make_report(run_dir=run_dir, out_dir=run_dir.parent, features_dir=FEATURES).index
    page = text.read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_a_missing_chromium_for_the_pdf_is_one_line_and_status_2(tmp_path: Path) -> None:
    run_dir = tmp_path / "reports" / "run"
    write_run(run_dir, results_from(load_features(FEATURES), run_dir, outcome={}))
    env = {**os.environ, "CPF_CHROMIUM": str(tmp_path / "no-such-chromium")}
    argv = ["--run", str(run_dir), "--out", str(tmp_path / "reports"), "--pdf"]
    # A process of its own: this test process may already drive a Chromium.
    done = subprocess.run(
        [sys.executable, "-m", "livingspec", *argv],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    err = done.stderr.strip().splitlines()
    assert len(err) == 1 and "--no-pdf" in err[0] and "CPF_CHROMIUM" in err[0]
    assert (tmp_path / "reports" / "index.html").is_file(), "the page itself is written"


def test_feature_files_saved_with_the_run_are_the_ones_shown(tmp_path: Path) -> None:
    run_dir = tmp_path / "reports" / "run"
    write_run(run_dir, results_from(load_features(FEATURES), run_dir, outcome={}))
    saved = run_dir / "features" / "motdepasse"
    saved.mkdir(parents=True)
    source = (FEATURES / "motdepasse" / "regles.feature").read_text(encoding="utf-8")
    edited = source.replace("Le mot de passe protège le compte.", "Description du jour du run.")
    (saved / "regles.feature").write_text(edited, encoding="utf-8")
    page = make_report(run_dir=run_dir, out_dir=run_dir.parent).index.read_text(encoding="utf-8")
    assert "Description du jour du run." in page


# Sentences of the team's upstream (English) catalogue, kept here as literals: this test must
# run without ../shared. The matrix must show the project's French rules instead.
UPSTREAM_ENGLISH = [
    "A person aged 16 or more can register.",
    "who may register",
    "Steps cannot be skipped",
    "Phone numbers are optional",
    "The answer is case-insensitive",
    "step 3, the password",
    "works on the login page too",
    "*(inferred)*",
    "Seed:",
]
ENGLISH_WORDS = {"the", "and", "must", "with", "when", "is", "are", "can", "shows", "which"}


def _visible_text(html: str) -> str:
    """Return what a reader sees, the non-breaking spaces of French typography read as spaces."""
    return unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


def test_the_matrix_speaks_french_only(tmp_path: Path) -> None:
    page = build(tmp_path, {})
    matrix = page[page.index('id="exigences"') : page.index('id="fonctionnalites"')]
    text = _visible_text(matrix)
    for sentence in UPSTREAM_ENGLISH:
        assert sentence not in text
    english = sorted(ENGLISH_WORDS & set(re.findall(r"[A-Za-z]+", text)))
    assert english == [], f"English words in the matrix: {english}"
    assert "ELIG · Qui peut s'inscrire" in text
    assert "Une personne de 16 ans ou plus peut s'inscrire." in text
    assert "« L'inscription est possible si vous avez plus de 16 ans »" in text
    assert "<code>aria-current=&#34;step&#34;</code>" in matrix, "code spans are marked as code"
    for rule in load_rules():
        row = re.search(rf'<tr id="req-{rule.id}".*?</tr>', matrix, re.S)
        assert row and rule.family_title in text
        assert (rule.seed_quote or "") in _visible_text(row[0])
        assert ("déduite" in row[0]) is rule.inferred


def test_building_writes_nothing_the_command_writes_the_page_and_history(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    run_dir = out / "run"
    write_run(run_dir, results_from(load_features(FEATURES), run_dir, outcome={}))
    before = sorted(out.rglob("*"))
    run = load_saved_run(run_dir, features_dir=FEATURES)
    report = build_report(run, out_dir=out, history=[], defects=None)
    assert build_report(run, out_dir=out, history=[], defects=None) == report
    assert sorted(out.rglob("*")) == before, "building alone writes nothing"
    write_report(report, out_dir=out)
    assert (out / "index.html").read_text(encoding="utf-8") == report.html
    lines = (out / "history.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["run_id"] for line in lines] == [report.history_entry.run_id]
