"""The second portal walked in Chromium as a person would: registration, refusals, age 15, email."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from implementations.second import rules
from tests.implementations.second.conftest import FIXED, Inbox, nir_for

CGU_BOX = "Je déclare avoir lu, compris et accepté les Conditions Générales d'Utilisation"
SHOTS = os.environ.get("SECOND_PORTAL_SHOTS")  # a folder: save a screenshot of each screen


def shot(page: Page, name: str) -> None:
    """Save a screenshot when SECOND_PORTAL_SHOTS names a folder."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def error_of(page: Page, label: str) -> str:
    """Return the error message tied to a field by aria-errormessage."""
    field = page.get_by_label(label, exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    return page.locator(f"#{field.get_attribute('aria-errormessage')}").inner_text()


def to_step_2(page: Page) -> None:
    """Open the login page from the home page and accept the terms."""
    page.goto("/")
    page.get_by_role("link", name="Mon compte formation").click()
    page.get_by_role("link", name="Je m'inscris").click()
    page.get_by_label("Je déclare avoir lu, compris et accepté").check()
    page.get_by_role("button", name="Suivant").click()
    expect(page.get_by_label("N° de sécurité sociale *")).to_be_visible()


def fill_identity(page: Page, nir: tuple[str, str], email: str, **more: str) -> None:
    """Fill step 2 with a valid identity and the fixed captcha."""
    values = {
        "N° de sécurité sociale *": nir[0],
        "clé *": nir[1],
        "Prénom": "Marion",
        "Nom de naissance *": "Roussarie",
        "Courriel *": email,
        "Confirmation courriel *": email,
        **more,
    }
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Contrôle de sécurité", exact=False).fill(FIXED.lower())


def test_full_registration_email_dif_logout_and_login(page: Page, inbox: Inbox) -> None:
    page.goto("/")
    shot(page, "0-accueil")
    page.get_by_role("link", name="Mon compte formation").click()
    expect(page.get_by_role("heading", name="Accès à mon espace sécurisé")).to_be_visible()
    shot(page, "1-connexion")
    page.get_by_role("link", name="Je m'inscris").click()
    expect(page.locator('[aria-current="step"]')).to_contain_text("Valider les CGU")
    page.get_by_role("button", name="Suivant").click()
    assert error_of(page, CGU_BOX) == rules.CGU_REQUIRED
    shot(page, "2-cgu-refus")
    page.get_by_label(CGU_BOX).check()
    page.get_by_role("button", name="Suivant").click()
    expect(page.locator('[aria-current="step"]')).to_contain_text("S'inscrire")

    # Every error at once, each worded for its kind, typed values kept but the captcha.
    nir, key = nir_for(40)
    wrong_key = f"{(int(key) + 1) % 97:02d}"
    fill_identity(page, (nir, wrong_key), "marion@exemple.fr", **{"Téléphone portable": "0112"})
    page.get_by_label("Confirmation courriel *").fill("autre@exemple.fr")
    page.get_by_role("button", name="Suivant").click()
    assert error_of(page, "clé *") == rules.KEY_WRONG
    assert error_of(page, "Téléphone portable") == rules.MOBILE_BAD
    assert error_of(page, "Confirmation courriel *") == rules.EMAIL_DIFFERENT
    expect(page.get_by_label("N° de sécurité sociale *")).to_have_value(nir)
    expect(page.get_by_label("Contrôle de sécurité", exact=False)).to_have_value("")
    expect(page.get_by_text("Votre saisie contient")).to_have_count(0)
    shot(page, "3-identite-refus")
    impossible = nir[:3] + "13" + nir[5:]
    page.get_by_label("N° de sécurité sociale *").fill(impossible)
    page.get_by_role("button", name="Suivant").click()
    assert error_of(page, "N° de sécurité sociale *") == rules.NIR_MONTH

    fill_identity(
        page, (nir, key), "marion@exemple.fr", **{"Téléphone portable": "+33 6 12 34 56 78"}
    )
    page.get_by_role("button", name="Suivant").click()
    expect(page.locator('[aria-current="step"]')).to_contain_text("Saisir son mot de passe")

    # PWD-01: the refusal is an alert with the catalogue's sentence; PWD-04: the meter's word.
    password = page.get_by_label("Mot de passe *", exact=True)
    password.fill("abcde123")
    page.get_by_label("Confirmation mot de passe *").fill("abcde123")
    expect(page.get_by_text("Faible", exact=True)).to_be_visible()
    page.get_by_role("button", name="Terminer").click()
    expect(page.get_by_role("alert")).to_have_text(rules.PASSWORD_RULE)
    shot(page, "4-mot-de-passe-refus")
    password.fill("Moncompte2015")
    page.get_by_label("Confirmation mot de passe *").fill("Moncompte2015")
    expect(page.locator("meter")).to_have_attribute("aria-valuetext", "Fort")
    page.get_by_label("Afficher le mot de passe").check()
    expect(password).to_have_attribute("type", "text")
    page.get_by_role("button", name="Terminer").click()

    # The account space.
    expect(page.get_by_role("heading", name="Synthèse de votre compte")).to_be_visible()
    expect(page.get_by_text("Bienvenue dans votre compte personnel de formation.")).to_be_visible()
    assert page.locator("#titulaire").inner_text() == "MARION ROUSSARIE"
    expect(page.get_by_text("0 dossiers")).to_have_count(2)
    shot(page, "5-synthese")
    figure = page.locator(".compteur").nth(2).inner_text()
    assert " ".join(figure.split()) == "0 Heures DIF disponibles"

    # SYN-06: the inline form updates the figures; a refused value changes nothing.
    page.get_by_label("Nouveau solde DIF (en heures)").fill("40")
    page.get_by_role("button", name="Mettre à jour").click()
    expect(page.locator("#n-utilisables")).to_have_text("40")
    expect(page.locator("#n-dif")).to_have_text("40")
    page.get_by_label("Nouveau solde DIF (en heures)").fill("121")
    page.get_by_role("button", name="Mettre à jour").click()
    assert error_of(page, "Nouveau solde DIF (en heures)") == rules.DIF_BAD
    expect(page.locator("#n-dif")).to_have_text("40")

    # MAIL-01..03: one plain-text email, the login address beside "à cette adresse".
    assert len(inbox.received) == 1
    message = inbox.received[0]
    assert message.get_content_type() == "text/plain"
    body = message.get_content()
    origin = page.url.split("/espace/")[0]
    assert f"à cette adresse : {origin}/espace/connexion " in body
    assert "Moncompte2015" not in body and "Caisse des Dépôts" in body

    # SYN-05: personal information can be completed.
    page.get_by_role("link", name="Modifier mes informations personnelles").click()
    page.get_by_label("Téléphone fixe").fill("06 12 34 56 78")
    page.get_by_role("button", name="Enregistrer mes informations").click()
    assert error_of(page, "Téléphone fixe") == rules.LANDLINE_BAD
    page.get_by_label("Téléphone fixe").fill("01 23 45 67 89")
    page.get_by_label("Prénom").fill("Marion-Anne")
    page.get_by_role("button", name="Enregistrer mes informations").click()
    expect(page.get_by_role("status")).to_have_text("Vos informations ont été mises à jour.")
    expect(page.locator("#titulaire")).to_have_text("Marion-Anne Roussarie")
    assert page.locator("#titulaire").inner_text() == "MARION-ANNE ROUSSARIE"
    shot(page, "6-informations")
    page.get_by_role("link", name="Synthèse de mon compte").click()

    # Logout behind the holder's menu, then sign in with spaces in the NIR.
    page.get_by_role("button", name="Marion-Anne Roussarie", exact=True).click()
    shot(page, "7-menu")
    page.get_by_role("button", name="Se déconnecter").click()
    spaced = " ".join(re.findall(r".{1,3}", nir + key))
    page.get_by_label("Numéro de sécurité sociale").fill(spaced)
    page.get_by_label("Mot de passe", exact=True).fill("Moncompte2015")
    page.get_by_role("button", name="Je m'identifie").click()
    expect(page.get_by_role("heading", name="Synthèse de votre compte")).to_be_visible()
    expect(page.locator("#n-dif")).to_have_text("40")


def test_age_15_is_asked_for_the_declaration_after_a_first_submit(page: Page, inbox: Inbox) -> None:
    to_step_2(page)
    expect(page.get_by_label("J'ai signé un contrat d'apprentissage")).to_have_count(0)
    fill_identity(page, nir_for(15), "apprenti@exemple.fr")
    page.get_by_role("button", name="Suivant").click()
    declaration = page.get_by_label("J'ai signé un contrat d'apprentissage")
    assert error_of(page, "J'ai signé un contrat d'apprentissage") == rules.AGE_DECLARE
    shot(page, "8-age-15")
    page.get_by_label("Contrôle de sécurité", exact=False).fill(FIXED)
    page.get_by_role("button", name="Suivant").click()
    assert error_of(page, "J'ai signé un contrat d'apprentissage") == rules.AGE_NOT_DECLARED
    declaration.check()
    page.get_by_label("Contrôle de sécurité", exact=False).fill(FIXED)
    page.get_by_role("button", name="Suivant").click()
    expect(page.locator('[aria-current="step"]')).to_contain_text("Saisir son mot de passe")


def test_age_14_is_refused_without_account_or_email(page: Page, inbox: Inbox) -> None:
    to_step_2(page)
    fill_identity(page, nir_for(14), "jeune@exemple.fr")
    page.get_by_role("button", name="Suivant").click()
    assert error_of(page, "N° de sécurité sociale *") == rules.AGE_TOO_YOUNG
    page.goto("/espace/inscription/mot-de-passe")
    expect(page).to_have_url(re.compile("/espace/inscription/identite$"))
    assert inbox.received == []


@pytest.mark.parametrize("base_url", [["password-no-uppercase"]], indirect=True)
def test_a_defect_switch_breaks_its_rule(page: Page, inbox: Inbox) -> None:
    to_step_2(page)
    fill_identity(page, nir_for(30, department="2A"), "corse@exemple.fr")
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Mot de passe *", exact=True).fill("abcde123")
    page.get_by_label("Confirmation mot de passe *").fill("abcde123")
    page.get_by_role("button", name="Terminer").click()
    expect(page.get_by_role("heading", name="Synthèse de votre compte")).to_be_visible()


def test_login_refusals_read_the_same(page: Page) -> None:
    page.goto("/espace/connexion")
    texts = []
    for nir in ("2 85 07 75 123 456 12", "1 70 01 75 123 456 99"):
        page.get_by_label("Numéro de sécurité sociale").fill(nir)
        page.get_by_label("Mot de passe", exact=True).fill("Faux12345")
        page.get_by_role("button", name="Je m'identifie").click()
        expect(page.get_by_role("alert")).to_have_text(rules.LOGIN_REFUSED)
        texts.append(page.locator("main").inner_text().replace(nir, ""))
    assert texts[0] == texts[1]


def test_a_nir_with_an_account_points_to_login_and_forgotten_password(page: Page) -> None:
    nir = nir_for(50, department="2B")
    for attempt in range(2):
        to_step_2(page)
        fill_identity(page, nir, "double@exemple.fr")
        page.get_by_role("button", name="Suivant").click()
        if attempt == 0:
            page.get_by_label("Mot de passe *", exact=True).fill("Moncompte2015")
            page.get_by_label("Confirmation mot de passe *").fill("Moncompte2015")
            page.get_by_role("button", name="Terminer").click()
            expect(page.get_by_role("heading", name="Synthèse de votre compte")).to_be_visible()
            page.context.clear_cookies()
    assert error_of(page, "N° de sécurité sociale *") == rules.ALREADY
    message = page.locator("#nir-erreur")
    expect(message.get_by_role("link", name="Je m'identifie")).to_be_visible()
    expect(message.get_by_role("link", name="Mot de passe oublié")).to_be_visible()
