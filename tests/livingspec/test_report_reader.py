"""A reader opens the report from file:// in Chromium and sees the spec, evidence and filters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from catalogue.rules import rule_ids
from livingspec.__main__ import make_report
from livingspec.a11y import audit_page
from livingspec.gherkin_doc import load_features
from livingspec.pdf import export_pdf
from tests.livingspec.fakerun import results_from, write_run
from walkthrough.runmodel import Status

FEATURES = Path(__file__).parent / "data" / "features"
WALKTHROUGH = "Le mot de passe du walkthrough termine l'inscription"
WELCOME = "Le courriel de bienvenue arrive"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a report of a run with one failure and one skipped scenario."""
    out = tmp_path_factory.mktemp("reports")
    run_dir = out / "run"
    outcome: dict[str, Status] = {WALKTHROUGH: "failed", WELCOME: "skipped"}
    write_run(run_dir, results_from(load_features(FEATURES), run_dir, outcome=outcome))
    return make_report(run_dir=run_dir, out_dir=out, features_dir=FEATURES).index


@pytest.fixture
def opened(reader_page: Page, report: Path) -> Iterator[Page]:
    """Open the report the way a reader does, watching for errors and failed loads."""
    problems: list[str] = []
    reader_page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    reader_page.on("pageerror", lambda e: problems.append(str(e)))
    reader_page.on("requestfailed", lambda r: problems.append(f"failed load {r.url}"))
    reader_page.goto(report.as_uri())
    yield reader_page
    assert problems == [], "the report must open from file:// without errors"


def test_the_matrix_lists_every_catalogue_id(opened: Page) -> None:
    matrix = opened.locator("#exigences")
    ids = matrix.locator("tbody tr td.id").all_inner_texts()
    assert ids == list(rule_ids())
    expect(matrix.locator("#req-PWD-05 td.st")).to_have_text("Non respectée")
    expect(matrix.locator("#req-MAIL-01 td.st")).to_have_text("Non testée")
    expect(matrix.locator("#req-NAV-01 td.st")).to_have_text("Non couverte")


def test_a_filter_hides_passed_scenarios(opened: Page) -> None:
    passed = opened.locator("details.scenario[data-status=passed]")
    failed = opened.locator("details.scenario[data-status=failed]")
    expect(passed.first).to_be_visible()
    opened.get_by_label("Réussi", exact=True).uncheck()
    expect(passed).to_have_count(passed.count())
    for scenario in passed.all():
        expect(scenario).to_be_hidden()
    expect(failed).to_be_visible()
    expect(opened.locator("#filter-count")).to_have_text(re.compile(r"^2/3 scénarios"))


def test_text_search_and_rule_filter_narrow_the_spec(opened: Page) -> None:
    scenarios = opened.locator("details.scenario")
    opened.get_by_label("Rechercher").fill("walkthrough")
    expect(scenarios.filter(visible=True)).to_have_count(1)
    opened.get_by_role("button", name="Tout afficher").click()
    opened.get_by_label("Règle ou étiquette").select_option("MAIL-01")
    expect(scenarios.filter(visible=True)).to_have_count(1)
    expect(opened.locator("#req-MAIL-01")).to_be_visible()
    expect(opened.locator("#req-PWD-01")).to_be_hidden()


def test_a_failed_scenario_opens_on_its_screenshot_and_message(opened: Page) -> None:
    failure = opened.locator("#echecs article")
    expect(failure).to_contain_text("PWD-05 : le texte attendu n'est pas affiché")
    failure.get_by_role("link", name="voir le scénario").click()
    scenario = opened.locator("details.scenario[open]", has_text=WALKTHROUGH)
    failed_step = scenario.locator("li.st-failed")
    expect(failed_step).to_be_visible()
    thumbnail = failed_step.get_by_role("img")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth > 0")


def test_a_thumbnail_enlarges_on_click(opened: Page) -> None:
    opened.locator("#echecs").get_by_role("link", name="voir le scénario").click()
    opened.locator("li.st-failed a.shot").click()
    dialog = opened.get_by_role("dialog")
    expect(dialog).to_be_visible()
    big = dialog.get_by_role("img")
    expect(big).to_have_attribute("src", re.compile(r"\.jpg$"))
    assert big.evaluate("img => img.decode().then(() => img.naturalWidth)") > 200
    dialog.get_by_role("button", name="Fermer").click()
    expect(dialog).to_be_hidden()


def test_the_pdf_holds_the_whole_spec_on_several_pages(
    report: Path, tmp_path: Path, chromium: Browser
) -> None:
    pdf = export_pdf(index=report, pdf=tmp_path / "spec.pdf", browser=chromium)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type /Page\b", data)) > 3
    # Only the key screens go to paper: the failing one and each scenario's last one.
    assert 0 < len(re.findall(rb"/Subtype /Image", data)) <= 6


def test_the_report_itself_passes_an_accessibility_audit(opened: Page) -> None:
    opened.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    audit = audit_page(opened, screen="rapport")
    assert [(v.id, v.impact) for v in audit.violations] == []
