"""The conformance statement: one dated French page, in HTML and PDF, and two dates compared."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from catalogue.rules import CATALOGUE_PATH, catalogue_version, rule_ids
from livingspec.__main__ import main
from livingspec.a11y import audit_page
from livingspec.gherkin_doc import load_features
from livingspec.pdf import export_pdf
from livingspec.statement import KnownLine, NotTestedLine, Statement, UnmetLine, render_statement
from tests.helpers import ROOT, assert_one_line_exit_2
from tests.livingspec.fakerun import results_from, write_run
from walkthrough.expectations import Deviation, Expectations, judge, write_judgement
from walkthrough.runmodel import Status

FEATURES = Path(__file__).parent / "data" / "features"
REFUSED = "Le mot de passe « ABCDE123 » est refusé"
WALKTHROUGH = "Le mot de passe du walkthrough termine l'inscription"
WELCOME = "Le courriel de bienvenue arrive"
TICKET = "https://suivi.example/browse/PORTAIL-412"
# What the harness records for a profile without a mailbox (steps/harness/plugin.py)
NO_MAILBOX = "not tested: the profile has no mailbox (mail kind = none)"


def _run(
    folder: Path, outcome: dict[str, Status], *, commit: str | None = "abc1234def", **info: str
) -> Path:
    run_dir = folder / "run"
    results = [
        r.model_copy(update={"skip_reason": NO_MAILBOX}) if r.status == "skipped" else r
        for r in results_from(load_features(FEATURES), run_dir, outcome=outcome)
    ]
    write_run(run_dir, results, commit=commit)
    run_json = json.loads((run_dir / "run.json").read_text())
    (run_dir / "run.json").write_text(json.dumps({**run_json, **info}))
    known = Deviation(rule="PWD-01", status="fail", reason="ABCDE123 est accepté", ticket=TICKET)
    write_judgement(run_dir, judge(Expectations(deviation=[known]), results, source="e.toml"))
    return run_dir


def _args(run_dir: Path, out: Path, *more: str) -> list[str]:
    """Return the command's arguments for a statement of run_dir written to out."""
    return ["--statement", "--features", str(FEATURES), "--run", str(run_dir), "--out", str(out),
            *more]  # fmt: skip


def _livingspec(*args: str) -> None:
    """Run the command as a person would (it prints with its own browser)."""
    done = subprocess.run(
        [sys.executable, "-m", "livingspec", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def _pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type /Page\b", pdf.read_bytes()))


def test_the_statement_says_what_was_met_on_one_page(tmp_path: Path, reader_page: Page) -> None:
    run_dir = _run(
        tmp_path, {REFUSED: "failed", WELCOME: "skipped"}, catalogue_version="0123abcd4567"
    )
    _livingspec(*_args(run_dir, tmp_path / "out"))
    html, pdf = tmp_path / "out" / "declaration.html", tmp_path / "out" / "declaration.pdf"
    assert _pages(pdf) == 1
    reader_page.goto(html.as_uri())
    table = reader_page.get_by_role("table")
    row = lambda name: table.get_by_role("row").filter(  # noqa: E731
        has=reader_page.get_by_role("rowheader", name=name, exact=True)
    )
    expect(row("Déploiement")).to_contain_text("portail de référence · http://127.0.0.1:8000/")
    expect(row("Date du run")).to_contain_text("26 novembre 2026 à 14:00 UTC")
    expect(row("Version du catalogue")).to_contain_text("0123abcd4567")  # the run's, recorded
    expect(row("Version de la suite")).to_contain_text("commit abc1234def")
    expect(row("Verdict").get_by_role("cell")).to_have_text(
        re.compile(r"^Conforme hors écarts connus : 1 règle respectée sur \d+, \d+ non testées\.$")
    )
    expect(row(re.compile(r"^Règles respectées \(1\)$"))).to_contain_text("PWD-05")
    assert audit_page(reader_page, screen="déclaration").violations == []
    known = row("Écarts connus")
    expect(known).to_contain_text("PWD-01 : ABCDE123 est accepté (PORTAIL-412)")
    expect(known.get_by_role("link", name="PORTAIL-412")).to_have_attribute("href", TICKET)
    expect(row("Non testées, et pourquoi")).to_contain_text(
        "le profil n'a pas de boîte aux lettres (courriel : aucun) : MAIL-01"
    )
    expect(row("Run d'origine")).to_contain_text("run-1 · 2 scénarios réussis")
    expect(row("Non testées, et pourquoi")).to_contain_text(
        "aucun scénario ne la vérifie : ELIG-01"  # the test's features cover three rules only
    )


def test_outside_a_git_checkout_the_harness_version_is_unknown(tmp_path: Path) -> None:
    run_dir = _run(tmp_path, {}, commit=None)
    assert (
        main(
            [
                "--statement",
                "--no-pdf",
                "--features",
                str(FEATURES),
                "--run",
                str(run_dir),
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    page = (tmp_path / "declaration.html").read_text(encoding="utf-8")
    assert "inconnue (hors d'un dépôt git)" in page
    # A run that did not record its catalogue is stated with the catalogue present.
    assert catalogue_version() in page and catalogue_version() == _sha(CATALOGUE_PATH)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def test_a_worst_case_comparison_still_fits_one_page(tmp_path: Path, chromium: Browser) -> None:
    ids = list(rule_ids())
    worst = Statement(
        target_name="recette", base_url="https://recette.example/", date="2026-12-05T09:30:00",
        run_id="r" * 12, run_dir="/un/très/long/chemin/" * 4, catalogue_version="0" * 12,
        harness_version="1" * 12, rules_total=len(ids), met=ids[:10],
        known=[KnownLine(subject=i, reason="Une raison un peu longue. " * 8, ticket=TICKET)
               for i in ids[10:20]],
        unmet=[UnmetLine(rule=i, message="X: " + "un message très long " * 20) for i in ids[20:]],
        not_tested=[NotTestedLine(why="captcha à réponse fixe", rules=ids[:5])],
    )  # fmt: skip
    page = tmp_path / "comparaison.html"
    page.write_text(render_statement(worst, before=worst), encoding="utf-8")
    assert _pages(export_pdf(index=page, pdf=tmp_path / "c.pdf", browser=chromium)) == 1


def test_two_dates_side_by_side_on_one_page(tmp_path: Path, reader_page: Page) -> None:
    old = _run(tmp_path / "a", {REFUSED: "failed", WALKTHROUGH: "failed"})
    assert (
        main(
            [
                "--statement",
                "--no-pdf",
                "--features",
                str(FEATURES),
                "--run",
                str(old),
                "--out",
                str(tmp_path / "a"),
            ]
        )
        == 0
    )
    new = _run(tmp_path / "b", {WALKTHROUGH: "passed"}, started_at="2026-12-05T09:30:00+00:00")
    _livingspec(*_args(new, tmp_path / "b", "--compare", str(tmp_path / "a" / "declaration.json")))
    assert _pages(tmp_path / "b" / "comparaison.pdf") == 1
    reader_page.goto((tmp_path / "b" / "comparaison.html").as_uri())
    headers = reader_page.get_by_role("columnheader")
    expect(headers).to_have_text([
        "Précédente : 26 novembre 2026 à 14:00 UTC", "Actuelle : 5 décembre 2026 à 09:30 UTC"
    ])  # fmt: skip
    expect(
        reader_page.get_by_role("listitem").filter(has_text="Désormais respectées")
    ).to_contain_text("PWD-01")


def test_comparing_with_another_deployment_is_one_line(tmp_path: Path) -> None:
    old = _run(tmp_path / "a", {}, target_name="une autre")
    assert (
        main(
            [
                "--statement",
                "--no-pdf",
                "--features",
                str(FEATURES),
                "--run",
                str(old),
                "--out",
                str(tmp_path / "a"),
            ]
        )
        == 0
    )
    new = _run(tmp_path / "b", {})
    result = subprocess.run(
        [sys.executable, "-m", "livingspec",
         *_args(new, tmp_path / "b", "--no-pdf", "--compare", f"{tmp_path}/a/declaration.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert_one_line_exit_2(result, "une autre", "compare two statements of one deployment")


@pytest.mark.parametrize("bad", ["missing.json", "run.json"], ids=["missing", "not-a-statement"])
def test_a_wrong_compare_file_is_one_line(tmp_path: Path, bad: str) -> None:
    run_dir = _run(tmp_path, {})
    result = subprocess.run(
        [sys.executable, "-m", "livingspec",
         *_args(run_dir, tmp_path, "--no-pdf", "--compare", str(run_dir / bad))],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert_one_line_exit_2(result, bad, prefix="livingspec: ")
