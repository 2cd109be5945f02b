"""The accessibility audit finds what axe-core finds, offline, with WCAG criteria."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from livingspec.a11y import audit_page, wcag_criteria

CLEAN = """<!doctype html><html lang="fr"><head><title>Accueil</title></head>
<body><main><h1>Mon compte formation</h1><p>Bienvenue.</p></main></body></html>"""
BROKEN = """<!doctype html><html lang="fr"><head><title>Accueil</title></head>
<body><main><h1>Accueil</h1><img src="logo.png">
<p style="color:#bbb;background:#fff">Texte pâle</p></main></body></html>"""


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["wcag2aa", "wcag143", "cat.color"], ["1.4.3"]),
        (["wcag21aa", "wcag1410"], ["1.4.10"]),
        (["wcag2a", "wcag412", "wcag111"], ["1.1.1", "4.1.2"]),
        (["best-practice", "cat.keyboard"], []),
    ],
)
def test_wcag_criteria_are_read_from_axe_tags(tags: list[str], expected: list[str]) -> None:
    assert wcag_criteria(tags) == expected


def test_a_clean_screen_has_no_violation(reader_page: Page) -> None:
    reader_page.set_content(CLEAN)
    audit = audit_page(reader_page, screen="Accueil")
    assert audit.screen == "Accueil"
    assert audit.violations == []


def test_a_broken_screen_lists_violations_with_impact_and_criterion(reader_page: Page) -> None:
    # Any request leaving the page would mean axe is fetched from the network.
    requests: list[str] = []
    reader_page.on("request", lambda r: requests.append(r.url))
    reader_page.set_content(BROKEN)
    audit = audit_page(reader_page, screen="Accueil")
    by_id = {v.id: v for v in audit.violations}
    assert by_id["image-alt"].impact == "critical"
    assert by_id["image-alt"].wcag == ["1.1.1"]
    assert by_id["color-contrast"].wcag == ["1.4.3"]
    assert "alternative textuelle" in by_id["image-alt"].description, "axe speaks French"
    assert all(url.endswith("logo.png") for url in requests)
