"""The living spec tells a deployment's story: what changed since the previous run, rule by rule."""

from __future__ import annotations

import json
import re
from pathlib import Path

from markupsafe import escape
from playwright.sync_api import Page, expect

from livingspec.__main__ import make_report
from livingspec.a11y import audit_page
from livingspec.gherkin_doc import load_features
from tests.livingspec.fakerun import results_from, write_run
from walkthrough.expectations import Deviation, Expectations, judge, write_judgement
from walkthrough.runmodel import Status

FEATURES = Path(__file__).parent / "data" / "features"
REFUSED = "Le mot de passe « ABCDE123 » est refusé"
WALKTHROUGH = "Le mot de passe du walkthrough termine l'inscription"
WELCOME = "Le courriel de bienvenue arrive"


def _run(
    tmp_path: Path, name: str, outcome: dict[str, Status], *, target: str | None = None
) -> str:
    """Save a run in reports/runs/NAME (kept, as CI keeps each run's artifact); build its page."""
    run_dir = tmp_path / "reports" / "runs" / name
    results = results_from(load_features(FEATURES), run_dir, outcome=outcome)
    write_run(run_dir, results, run_id=name)
    if target:
        info = json.loads((run_dir / "run.json").read_text())
        (run_dir / "run.json").write_text(json.dumps({**info, "target_name": target}))
    built = make_report(run_dir=run_dir, out_dir=tmp_path / "reports", features_dir=FEATURES)
    return built.index.read_text(encoding="utf-8")


def _changes(page: str) -> dict[str, str]:
    """Return {rule ID: change} as the section "Depuis le run précédent" lists them."""
    section = page[page.index('id="depuis"') : page.index('id="exigences"')]
    rows = re.findall(r'<tr data-tags="([A-Z]+-\d+)">.*?class="badge c-\w+">([^<]+)<', section)
    return dict(rows)


def test_the_first_run_has_no_previous_one(tmp_path: Path) -> None:
    page = _run(tmp_path, "r1", {})
    assert 'id="depuis"' not in page


def test_a_second_run_lists_regressed_fixed_and_no_longer_tested_rules(tmp_path: Path) -> None:
    _run(tmp_path, "r1", {REFUSED: "failed"})
    page = _run(tmp_path, "r2", {WALKTHROUGH: "failed", WELCOME: "skipped"})
    assert _changes(page) == {
        "PWD-01": "Corrigée",
        "PWD-05": "Régression",
        "MAIL-01": "Plus testée",
    }
    section = page[page.index('id="depuis"') : page.index('id="exigences"')]
    assert "Comparé au run r1" in section
    # Both runs' evidence: the earlier failure's message and screenshot, this run's scenario.
    fixed = re.search(r'<tr data-tags="PWD-01">.*?</tr>', section, re.S)
    assert fixed and "PWD-01 : le texte attendu" in fixed[0]
    shots = re.findall(r'<img src="([^"]+)"', fixed[0])
    assert shots and all((tmp_path / "reports" / s).is_file() for s in shots)
    assert "runs/r1/attachments/" in shots[0]
    regressed = re.search(r'<tr data-tags="PWD-05">.*?</tr>', section, re.S)
    assert regressed and re.search(
        r'<a href="#run-[^"]+">' + re.escape(str(escape(WALKTHROUGH))), regressed[0]
    )


def test_a_rule_that_runs_again_is_newly_tested(tmp_path: Path) -> None:
    _run(tmp_path, "r1", {WELCOME: "skipped"})
    assert _changes(_run(tmp_path, "r2", {})) == {"MAIL-01": "Nouvellement testée"}


def test_only_the_same_target_counts_and_nothing_changed_says_so(tmp_path: Path) -> None:
    _run(tmp_path, "r1", {})
    _run(tmp_path, "r2", {REFUSED: "failed"}, target="une autre cible")
    page = _run(tmp_path, "r3", {})
    assert "Comparé au run r1" in page and _changes(page) == {}
    assert "Aucune règle n'a changé de statut." in page


def test_a_rebuild_compares_with_the_same_previous_run(tmp_path: Path) -> None:
    _run(tmp_path, "r1", {REFUSED: "failed"})
    first = _run(tmp_path, "r2", {})
    _run(tmp_path, "r3", {WALKTHROUGH: "failed"})
    run_dir = tmp_path / "reports" / "runs" / "r2"
    again = make_report(run_dir=run_dir, out_dir=tmp_path / "reports", features_dir=FEATURES)
    assert again.index.read_text(encoding="utf-8") == first


def test_the_matrix_marks_known_deviations_apart_from_regressions(tmp_path: Path) -> None:
    run_dir = tmp_path / "reports" / "run"
    results = results_from(
        load_features(FEATURES), run_dir, outcome={REFUSED: "failed", WALKTHROUGH: "failed"}
    )
    write_run(run_dir, results)
    known = Deviation(rule="PWD-01", status="fail", reason="Accepte ABCDE123",
                      ticket="https://suivi.example/browse/PORTAIL-412")  # fmt: skip
    write_judgement(run_dir, judge(Expectations(deviation=[known]), results, source="e.toml"))
    built = make_report(run_dir=run_dir, out_dir=tmp_path / "reports", features_dir=FEATURES)
    page = built.index.read_text(encoding="utf-8")
    pwd01 = re.search(r'<tr id="req-PWD-01".*?</tr>', page, re.S)
    pwd05 = re.search(r'<tr id="req-PWD-05".*?</tr>', page, re.S)
    assert pwd01 and 'class="badge known"' in pwd01[0] and ">PORTAIL-412</a>" in pwd01[0]
    assert 'href="https://suivi.example/browse/PORTAIL-412"' in pwd01[0]
    assert pwd05 and 'class="badge regression"' in pwd05[0] and "known" not in pwd05[0]
    assert "dont 1 écart(s) connu(s)" in page


def test_a_reader_follows_a_change_to_its_evidence(tmp_path: Path, reader_page: Page) -> None:
    _run(tmp_path, "r1", {REFUSED: "failed"})
    _run(tmp_path, "r2", {WALKTHROUGH: "failed"})
    reader_page.goto((tmp_path / "reports" / "index.html").as_uri())
    story = reader_page.get_by_role("region", name="Depuis le run précédent")
    reader_page.get_by_role("navigation", name="Sommaire").get_by_role(
        "link", name="Depuis le run précédent"
    ).click()
    expect(story).to_be_in_viewport()
    regressed = story.get_by_role("row").filter(has_text="Régression")
    expect(regressed.get_by_role("cell").first).to_have_text("PWD-05")
    regressed.get_by_role("link", name=WALKTHROUGH, exact=True).click()
    shown = reader_page.locator(":target")  # the scenario's run, with its failing step
    expect(shown).to_be_visible()
    expect(shown).to_contain_text("Échoué")
    # The earlier run's screenshot still loads: screenshots are named by their content.
    fixed = story.get_by_role("row").filter(has_text="Corrigée")
    before = fixed.get_by_role("img", name="Capture d'écran du run précédent")
    expect(before).to_be_visible()
    assert before.evaluate("i => i.complete && i.naturalWidth > 0")
    audit = audit_page(reader_page, screen="rapport")
    assert [(v.id, v.impact) for v in audit.violations] == []
