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


class DictCache(dict):
    """The two methods of pytest's `config.cache` that the audit uses, in memory."""

    def set(self, key: str, value: object) -> None:
        self[key] = value


WELCOME = """<!doctype html><html lang="fr"><head><title>Mon compte</title></head>
<body><main><h1>Bonjour {name}</h1><img src="/photo/{token}.png"{alt}>
<form action="/s?t={token}"><input type="hidden" name="csrf" value="{token}"></form>
</main></body></html>"""


def _axe_ran(page: Page) -> bool:
    """Tell whether axe-core was injected since the last call (set_content keeps the window)."""
    return page.evaluate(
        "() => { const ran = typeof window.axe === 'object'; delete window.axe; return ran; }"
    )


def test_the_same_screen_for_another_person_reuses_the_cached_audit(reader_page: Page) -> None:
    cache = DictCache()
    reader_page.set_content(WELCOME.format(name="Marion DUPONT", token="a1", alt=""))
    first = audit_page(reader_page, screen="Mon compte", cache=cache)
    assert [v.id for v in first.violations] == ["image-alt"]
    assert _axe_ran(reader_page) and len(cache) == 1
    reader_page.set_content(WELCOME.format(name="Jean Martin-Leroy", token="b22", alt=""))
    again = audit_page(reader_page, screen="Mon compte", cache=cache)
    assert not _axe_ran(reader_page), "a cached screen is not audited again"
    assert again.violations == first.violations and len(cache) == 1


def test_a_screen_whose_structure_changed_is_audited_again(reader_page: Page) -> None:
    cache = DictCache()
    reader_page.set_content(WELCOME.format(name="Marion", token="a1", alt=""))
    audit_page(reader_page, screen="Mon compte", cache=cache)
    assert _axe_ran(reader_page)
    reader_page.set_content(WELCOME.format(name="Marion", token="a1", alt=' alt="Photo de Marion"'))
    fixed = audit_page(reader_page, screen="Mon compte", cache=cache)
    assert _axe_ran(reader_page) and len(cache) == 2
    assert fixed.violations == []


def test_a_changed_stylesheet_is_audited_again(reader_page: Page) -> None:
    cache = DictCache()
    page = "<!doctype html><html lang='fr'><head><title>T</title><style>p{{color:{c}}}</style>"
    page += "</head><body><main><h1>T</h1><p>Texte</p></main></body></html>"
    reader_page.set_content(page.format(c="#000"))
    assert audit_page(reader_page, screen="T", cache=cache).violations == []
    reader_page.set_content(page.format(c="#ccc"))
    pale = audit_page(reader_page, screen="T", cache=cache)
    assert [v.id for v in pale.violations] == ["color-contrast"]
