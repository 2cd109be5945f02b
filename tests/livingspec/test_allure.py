"""Allure results from the run model, and the Allure 3 report a reader opens in Chromium."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from livingspec.allure import RESULTS_DIR, write_results
from livingspec.gherkin_doc import load_features
from tests.helpers import run_suite
from tests.livingspec.fakerun import results_from, write_run
from walkthrough.expectations import Deviation, Expectations, judge, write_judgement
from walkthrough.runmodel import load_run

HERE = Path(__file__).parent / "allure"  # package.json: Allure 3, installed by bootstrap.sh
ALLURE = HERE / "node_modules" / ".bin" / "allure"
FEATURES = Path(__file__).parent / "data" / "features"
WALKTHROUGH = "Le mot de passe du walkthrough termine l'inscription"
REAL_FAILURE = "Continuer sans accepter les conditions est refusé"  # CGU-02, broken on purpose


def _results(folder: Path) -> dict[str, dict]:
    found = [json.loads(p.read_text()) for p in folder.glob("*-result.json")]
    return {r["fullName"]: r for r in found}


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def test_each_scenario_of_the_real_run_has_one_result_with_its_rules(real_run: Path) -> None:
    """The suite itself wrote allure-results beside cucumber.json, from the merged run model."""
    _, scenarios, _ = load_run(real_run / "run")
    results = _results(real_run / RESULTS_DIR)
    assert sorted(results) == sorted(s.nodeid for s in scenarios)
    for s in scenarios:
        r = results[s.nodeid]
        assert r["status"] == s.status and r["historyId"] == _md5(s.nodeid)
        assert {t["value"] for t in r["labels"] if t["name"] == "tag"} >= set(s.rule_ids)
        assert [link["name"] for link in r["links"]] == s.rule_ids
        shots = [a["source"] for step in r["steps"] for a in step["attachments"]]
        assert all((real_run / RESULTS_DIR / shot).is_file() for shot in shots)
    [failed] = [r for r in results.values() if r["status"] == "failed"]
    assert failed["statusDetails"]["message"].startswith("CGU-02: ")
    assert any(a["type"] == "application/zip" for a in failed["attachments"])  # the retry trace


def test_ids_are_stable_across_runs_and_outlines_keep_their_parameters(tmp_path: Path) -> None:
    features = load_features(FEATURES)
    for run_id in ("r1", "r2"):
        run_dir = tmp_path / run_id
        write_run(run_dir, results_from(features, run_dir), run_id=run_id)
        write_results(run_dir, tmp_path / f"allure-{run_id}")
    first, second = _results(tmp_path / "allure-r1"), _results(tmp_path / "allure-r2")
    assert first.keys() == second.keys()
    for key, r in first.items():
        assert (r["historyId"], r["testCaseId"]) == (
            second[key]["historyId"],
            second[key]["testCaseId"],
        )
        assert r["uuid"] != second[key]["uuid"]
    outline = [r for r in first.values() if r["parameters"]]
    assert outline and {p["name"] for p in outline[0]["parameters"]} == {"mot"}
    same_case = {r["testCaseId"] for r in outline}
    assert len(same_case) == 1 < len(outline)  # one test case, one history per example row


def test_an_intermittent_failure_and_a_known_deviation_are_marked(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    results = results_from(load_features(FEATURES), run_dir, outcome={WALKTHROUGH: "failed"})
    results = [
        r.model_copy(update={"retry_status": "passed"}) if r.status == "failed" else r
        for r in results
    ]
    write_run(run_dir, results)
    known = Deviation(rule="PWD-05", status="fail", ticket="https://suivi.example/T-9")
    write_judgement(run_dir, judge(Expectations(deviation=[known]), results, source="e.toml"))
    write_results(run_dir, tmp_path / "allure")
    [failed] = [r for r in _results(tmp_path / "allure").values() if r["status"] == "failed"]
    assert failed["statusDetails"]["flaky"] and failed["statusDetails"]["known"]
    assert {"name": "T-9", "url": "https://suivi.example/T-9", "type": "issue"} in failed["links"]
    assert "a réussi (échec intermittent)" in failed["description"]


@pytest.fixture(scope="module")
def allure_report(real_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the Allure 3 report of the real run, as docs/allure.md says."""
    if not ALLURE.is_file():
        pytest.fail("Allure 3 is not installed: run `bash scripts/bootstrap.sh .venv` "
                    "(npm ci in tests/livingspec/allure)")  # fmt: skip
    out = tmp_path_factory.mktemp("allure-report")
    done = subprocess.run(
        [str(ALLURE), "generate", "--config", str(HERE / "allurerc.mjs"),
         str(real_run / RESULTS_DIR), "-o", str(out)],
        cwd=HERE, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "NO_COLOR": "1", "ALLURE_NO_ANALYTICS": "true"},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return out / "index.html"


def _offline(route: Route) -> None:
    # The report is one file; Allure 3.18's page also asks for Google's tag manager: refused.
    url = route.request.url
    route.continue_() if url.startswith(("file:", "data:", "blob:")) else route.abort()


def test_the_allure_report_shows_a_failure_with_its_rule_message_and_screenshot(
    allure_report: Path, reader_page: Page, real_run: Path
) -> None:
    reader_page.route("**/*", _offline)
    reader_page.goto(allure_report.as_uri())
    # The single-file app unpacks its data before drawing: slow on a loaded machine.
    expect(reader_page.get_by_role("heading", level=2)).to_be_visible(timeout=60_000)
    _, scenarios, _ = load_run(real_run / "run")
    for s in scenarios:  # every scenario is listed, under its feature and rule (allurerc.mjs)
        listed = reader_page.get_by_role("button", name=s.name).first
        for group in (s.feature_name, s.rule_name):
            if group and not listed.is_visible():
                reader_page.get_by_text(group, exact=True).first.click()  # unfold it
        expect(listed).to_be_visible()
    reader_page.get_by_role("button", name=REAL_FAILURE).first.click()
    expect(reader_page.get_by_role("heading", level=1)).to_have_text(REAL_FAILURE)
    expect(reader_page.get_by_text("CGU-02", exact=True).first).to_be_visible()  # its link
    error = reader_page.get_by_role("button", name="Erreur")
    expect(error).to_contain_text("CGU-02: ")
    expect(error).to_contain_text("Texte attendu que le portail n'affiche pas")
    failing_step = reader_page.get_by_text("Alors le portail lui demande de valider", exact=False)
    expect(failing_step.first).to_be_visible()
    reader_page.get_by_role("button", name="1 Capture d'écran").last.click()
    shot = reader_page.locator("img[src^='blob:']").last
    expect(shot).to_be_visible()
    assert shot.evaluate("i => i.naturalWidth") == 1280  # the step's own 1280x720 screenshot


@pytest.fixture(scope="module")
def whole_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the whole suite on the bundled portal, as a QA team's CI job does; return its reports."""
    reports = tmp_path_factory.mktemp("whole-run")
    done = run_suite(
        "--no-a11y", "--traces", "off",
        run_root=reports, workers=2, timeout=1200,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]
    return reports


def test_the_allure_report_of_a_whole_run_lists_every_scenario_under_its_rules(
    whole_run: Path, reader_page: Page, tmp_path: Path
) -> None:
    _, scenarios, _ = load_run(whole_run / "run")
    results = _results(whole_run / RESULTS_DIR)
    assert len(scenarios) > 100 and sorted(results) == sorted(s.nodeid for s in scenarios)
    for s in scenarios:  # each result carries its rules as tags and as links
        tags = {t["value"] for t in results[s.nodeid]["labels"] if t["name"] == "tag"}
        assert s.rule_ids and tags >= set(s.rule_ids), s.nodeid
    if not ALLURE.is_file():
        pytest.fail("Allure 3 is not installed: run `bash scripts/bootstrap.sh .venv` "
                    "(npm ci in tests/livingspec/allure)")  # fmt: skip
    out = tmp_path / "allure-report"
    done = subprocess.run(
        [str(ALLURE), "generate", "--config", str(HERE / "allurerc.mjs"),
         str(whole_run / RESULTS_DIR), "-o", str(out)],
        cwd=HERE, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "NO_COLOR": "1", "ALLURE_NO_ANALYTICS": "true"},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    reader_page.route("**/*", _offline)
    reader_page.goto((out / "index.html").as_uri())
    expect(reader_page.get_by_role("heading", level=2)).to_be_visible(timeout=60_000)
    for s in scenarios:  # every scenario is listed, under its feature and rule (allurerc.mjs)
        listed = reader_page.get_by_role("button", name=s.name).first
        if not listed.is_visible():  # unfold its feature, then its rule (a click folds too)
            inner = s.rule_name or s.name
            if not reader_page.get_by_text(inner, exact=True).first.is_visible():
                reader_page.get_by_text(s.feature_name, exact=True).first.click()
            if s.rule_name and not listed.is_visible():
                reader_page.get_by_text(s.rule_name, exact=True).first.click()
        expect(listed).to_be_visible()
    # One scenario opened: its rule IDs are shown with it.
    sample = next(s for s in scenarios if len(s.rule_ids) > 1)
    reader_page.get_by_role("button", name=sample.name).first.click()
    for rule in sample.rule_ids:
        expect(reader_page.get_by_text(rule, exact=True).first).to_be_visible()
