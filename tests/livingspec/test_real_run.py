"""The report of a real failing run: the suite drove the bundled portal with one rule broken."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from catalogue.rules import rule_ids
from livingspec.__main__ import make_report
from walkthrough.runmodel import load_run


@pytest.fixture(scope="module")
def report(real_run: Path) -> Path:
    """Build the report of the real run, as `python -m livingspec --no-pdf` would."""
    return make_report(run_dir=real_run / "run", out_dir=real_run).index


@pytest.fixture
def opened(reader_page: Page, report: Path) -> Iterator[Page]:
    """Open the report from file://, watching for errors and failed loads."""
    problems: list[str] = []
    reader_page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    reader_page.on("pageerror", lambda e: problems.append(str(e)))
    reader_page.on("requestfailed", lambda r: problems.append(f"failed load {r.url}"))
    reader_page.goto(report.as_uri())
    yield reader_page
    assert problems == [], "the report must open from file:// without errors"


def test_the_run_really_failed_on_the_broken_rule(real_run: Path) -> None:
    _, scenarios, _ = load_run(real_run / "run")
    statuses = {s.name: (s.status, s.failed_rule_ids) for s in scenarios}
    assert ("failed", ["CGU-02"]) in statuses.values()
    assert any(status == "passed" for status, _ in statuses.values())
    assert any(status == "skipped" for status, _ in statuses.values())


def test_the_header_names_the_browser_and_its_version(opened: Page) -> None:
    browser = opened.locator("dt", has_text="Navigateur").locator("xpath=following-sibling::dd[1]")
    expect(browser).to_have_text(re.compile(r"^Chromium \d+\.\d+\.\d+\.\d+$"))


def test_the_matrix_lists_every_catalogue_id(opened: Page) -> None:
    ids = opened.locator("#exigences tbody tr td.id").all_inner_texts()
    assert ids == list(rule_ids())
    expect(opened.locator("#req-CGU-02 td.st")).to_have_text("Non respectée")
    expect(opened.locator("#req-CGU-01 td.st")).to_have_text("Respectée")
    expect(opened.locator("#req-MAIL-03 td.st")).to_have_text("Non testée")


def test_the_failed_scenario_opens_on_its_screenshot_and_message(opened: Page) -> None:
    failure = opened.locator("#echecs article").filter(has_text="CGU-02")
    expect(failure.locator("pre.error")).to_contain_text(re.compile(r"^CGU-02\b"))
    expect(failure.get_by_text("playwright show-trace run/traces/")).to_be_visible()
    # The trace comes from the traced second run (--traces on-first-retry); it failed again.
    expect(failure.locator("p.retry")).to_have_text(re.compile(r"^Échec reproduit"))
    failure.get_by_role("link", name="voir le scénario").click()
    scenario = opened.locator("details.scenario[open][data-status=failed]")
    expect(scenario).to_be_visible()
    failed_step = scenario.locator("li.st-failed")
    expect(failed_step.locator("pre.error")).to_contain_text("CGU-02")
    thumbnail = failed_step.get_by_role("img")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth)") >= 1280
    thumbnail.click()
    expect(opened.get_by_role("dialog").get_by_role("img")).to_be_visible()


def test_a_filter_hides_passed_scenarios(opened: Page) -> None:
    passed = opened.locator("details.scenario[data-status=passed]")
    expect(passed.first).to_be_visible()
    opened.get_by_label("Réussi", exact=True).uncheck()
    assert passed.count() > 0
    for scenario in passed.all():
        expect(scenario).to_be_hidden()
    expect(opened.locator("details.scenario[data-status=failed]").first).to_be_visible()


def test_the_trace_of_the_failure_is_there_to_download(opened: Page, report: Path) -> None:
    link = opened.locator("#echecs").get_by_role("link", name="Télécharger la trace Playwright")
    href = link.first.get_attribute("href")
    assert href and (report.parent / href).is_file()
    assert (report.parent / href).read_bytes()[:2] == b"PK", "a trace is a zip archive"


def test_rebuilding_the_real_run_gives_the_same_page(report: Path, real_run: Path) -> None:
    again = make_report(run_dir=real_run / "run", out_dir=real_run)
    assert again.index.read_bytes() == report.read_bytes()


def test_each_audited_screen_is_listed_with_its_verdict(opened: Page, real_run: Path) -> None:
    _, _, audits = load_run(real_run / "run")
    screens = [a for a in audits if a.url.startswith("http")]
    assert screens, "the run audited the screens it went through"
    section = opened.locator("#accessibilite")
    for audit in screens:
        card = section.locator(".a11y-screen").filter(has_text=audit.screen)
        expected = f"{len(audit.violations)} violation" if audit.violations else "Aucune violation"
        expect(card).to_contain_text(expected)
