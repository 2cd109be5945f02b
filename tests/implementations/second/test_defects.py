"""Each defect switch the browser app must honour really breaks its rule (the app checks first)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from implementations.second import rules
from implementations.second.defects import DEFECTS
from tests.implementations.second.conftest import Inbox, nir_for, serve
from tests.implementations.second.test_walkthrough import CGU_BOX, fill_identity, to_step_2

SYNTHESE = "Synthèse de votre compte"


def to_step_3(page: Page, nir: tuple[str, str] | None = None) -> None:
    to_step_2(page)
    fill_identity(page, nir or nir_for(30), "defaut@exemple.fr")
    page.get_by_role("button", name="Suivant").click()
    expect(page.get_by_label("Mot de passe *", exact=True)).to_be_visible()


def finish(page: Page, password: str = "Moncompte2015", confirm: str | None = None) -> None:
    page.get_by_label("Mot de passe *", exact=True).fill(password)
    page.get_by_label("Confirmation mot de passe *").fill(confirm or password)
    page.get_by_role("button", name="Terminer").click()


def accepted(page: Page) -> None:
    expect(page.get_by_label("Mot de passe *", exact=True)).to_be_visible()


def cgu_not_enforced(page: Page) -> None:
    page.goto("/espace/inscription/conditions")
    page.get_by_role("button", name="Suivant").click()
    expect(page.get_by_label("N° de sécurité sociale *")).to_be_visible()
    expect(page.get_by_label(CGU_BOX)).to_have_count(0)


def nir_key_unchecked(page: Page) -> None:
    nir, key = nir_for(30)
    to_step_3(page, (nir, f"{(int(key) + 1) % 97:02d}"))


def age_14(page: Page) -> None:
    to_step_3(page, nir_for(14))


def age_15(page: Page) -> None:
    to_step_3(page, nir_for(15))


def step_2_refused(page: Page) -> None:
    to_step_2(page)
    fill_identity(page, nir_for(30), "a@exemple.fr", **{"Téléphone fixe": "0612345678"})
    page.get_by_label("Nom de naissance *").fill("")
    page.get_by_role("button", name="Suivant").click()
    expect(page.locator(".erreur:visible").first).to_be_visible()


def typed_values_lost(page: Page) -> None:
    step_2_refused(page)
    expect(page.get_by_label("Courriel *", exact=True)).to_have_value("")


def first_error_only(page: Page) -> None:
    step_2_refused(page)
    expect(page.locator(".erreur:visible")).to_have_count(1)


def errors_not_tied(page: Page) -> None:
    step_2_refused(page)
    expect(page.locator("[aria-errormessage]")).to_have_count(0)


def weak_password_accepted(password: str) -> Callable[[Page], None]:
    def check(page: Page) -> None:
        to_step_3(page)
        finish(page, password)
        expect(page.get_by_role("heading", name=SYNTHESE)).to_be_visible()

    return check


def any_password_accepted(page: Page) -> None:
    to_step_3(page)
    expect(page.get_by_label("Mot de passe *", exact=True)).to_have_attribute(
        "aria-describedby", "mdp-consigne"
    )
    finish(page, "abc")
    expect(page.get_by_role("heading", name=SYNTHESE)).to_be_visible()


def very_strong(page: Page) -> None:
    to_step_3(page)
    page.get_by_label("Mot de passe *", exact=True).fill("abcde123")
    expect(page.locator("meter")).to_have_attribute("aria-valuetext", "Très fort")


def show_password_broken(page: Page) -> None:
    to_step_3(page)
    page.get_by_label("Mot de passe *", exact=True).fill("Moncompte2015")
    page.get_by_label("Afficher le mot de passe").check()
    expect(page.get_by_label("Mot de passe *", exact=True)).to_have_attribute("type", "password")


def registered(page: Page) -> None:
    to_step_3(page)
    finish(page)
    expect(page.get_by_role("heading", name=SYNTHESE)).to_be_visible()


def name_not_capitals(page: Page) -> None:
    registered(page)
    assert page.locator("#titulaire").inner_text() == "Marion Roussarie"


def links_hidden(page: Page) -> None:
    registered(page)
    expect(page.get_by_role("link", name="Gérer mes délégations")).to_be_hidden()


def dif(typed: str, shown: str) -> Callable[[Page], None]:
    def check(page: Page) -> None:
        registered(page)
        page.get_by_label("Nouveau solde DIF (en heures)").fill(typed)
        page.get_by_role("button", name="Mettre à jour").click()
        expect(page.locator("#n-dif")).to_have_text(shown)
        page.reload()
        expect(page.locator("#n-dif")).not_to_have_text("0")

    return check


def login_messages_differ(page: Page) -> None:
    page.goto("/espace/connexion")
    page.get_by_label("Numéro de sécurité sociale").fill("".join(nir_for(40)))
    page.get_by_label("Mot de passe", exact=True).fill("Moncompte2015")
    page.get_by_role("button", name="Je m'identifie").click()
    expect(page.get_by_role("alert")).to_contain_text(rules.LOGIN_REFUSED)
    expect(page.get_by_role("alert")).not_to_have_text(rules.LOGIN_REFUSED)


CHECKS: dict[str, Callable[[Page], None]] = {
    "cgu-not-enforced": cgu_not_enforced,
    "nir-key-unchecked": nir_key_unchecked,
    "age-14-accepted": age_14,
    "age-note-only": age_14,
    "age-15-no-declaration": age_15,
    "typed-values-lost": typed_values_lost,
    "first-error-only": first_error_only,
    "errors-not-tied": errors_not_tied,
    "password-no-uppercase": weak_password_accepted("abcde123"),
    "password-two-digits": weak_password_accepted("Abcdef12"),
    "password-rule-hint-only": any_password_accepted,
    "strength-very-strong-refused": very_strong,
    "show-password-broken": show_password_broken,
    "name-not-capitals": name_not_capitals,
    "space-links-hidden": links_hidden,
    "dif-above-cap": dif("500", "500"),
    "dif-figures-stale": dif("40", "0"),
    "dif-refused-changes-figures": dif("130", "120"),
    "login-messages-differ": login_messages_differ,
}


@pytest.fixture
def base_url(tmp_path: Path, inbox: Inbox, defect: str) -> Iterator[str]:
    """Serve the portal with one defect switched on."""
    yield from serve(tmp_path, inbox, defects=frozenset({defect}))


@pytest.mark.parametrize("defect", list(CHECKS))
def test_the_defect_breaks_its_rule_in_the_browser(page: Page, defect: str) -> None:
    CHECKS[defect](page)


def test_every_check_names_a_real_defect() -> None:
    assert set(CHECKS) <= set(DEFECTS)
