"""The third portal in Chromium: what its accessibility tree announces, its dialog, one journey."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from waitress.server import create_server

from implementations.third import rules
from implementations.third.store import Store
from implementations.third.web import create_app
from tests.implementations.conftest import Inbox
from tests.implementations.third.test_api import PASSWORD, nir_for

ANSWER = "K7PQ3"
NEXT = "Étape suivante"


@pytest.fixture
def page(chromium: Browser, tmp_path: Path, inbox: Inbox) -> Iterator[Page]:
    """Serve the portal with a fixed captcha in a thread; open a page on its home."""
    app = create_app(
        store=Store(str(tmp_path / "portal.sqlite3")),
        smtp=("127.0.0.1", inbox.port),
        captcha_fixed=ANSWER,
    )
    server: Any = create_server(app, host="127.0.0.1", port=0, threads=2)
    threading.Thread(target=server.run, daemon=True).start()
    context = chromium.new_context(
        base_url=f"http://127.0.0.1:{server.effective_port}", locale="fr-FR"
    )
    context.set_default_timeout(5_000)
    try:
        yield context.new_page()
    finally:
        context.close()
        server.close()


def to_step_2(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Mon compte formation", exact=True).click()
    page.get_by_role("link", name="Je m'inscris").click()
    page.get_by_role("checkbox", name="Je déclare avoir lu").check()
    page.get_by_role("button", name=NEXT).click()
    expect(page.locator("[aria-current=step]")).to_contain_text("S'inscrire")


def fill(page: Page, nir: tuple[str, str], **changes: str) -> None:
    values = {
        "N° de sécurité sociale *": nir[0], "clé *": nir[1], "Prénom": "Marion",
        "Nom de naissance *": "Roussarie", "Courriel *": "marion@exemple.fr",
        "Confirmation courriel *": "marion@exemple.fr",
        "Contrôle de sécurité : recopiez les caractères": ANSWER,
    } | changes  # fmt: skip
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)


def announced(page: Page) -> dict[str, tuple[str, bool]]:
    """Return each textbox Chromium announces: name -> (description, invalid)."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    found = {}
    for node in nodes:
        if node.get("role", {}).get("value") == "textbox" and not node.get("ignored"):
            states = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
            name = node.get("name", {}).get("value", "")
            invalid = states.get("invalid") not in (None, "false")  # a token, "true" or "false"
            found[name] = (node.get("description", {}).get("value", ""), invalid)
    return found


def test_each_error_is_announced_with_its_field_and_counted_by_the_toast(page: Page) -> None:
    to_step_2(page)
    wrong = {"clé *": "00", "Nom de naissance *": "", "Confirmation courriel *": "x@exemple.fr"}
    fill(page, nir_for(30), **wrong)
    page.get_by_role("button", name=NEXT).click()
    expect(page.get_by_role("alert").filter(has_text="erreur")).to_have_text(
        "Le formulaire comporte 3 erreurs."
    )
    said = announced(page)
    assert said["clé *"] == (f"{rules.KEY_WRONG} Les 2 derniers chiffres.", True)
    assert said["Nom de naissance *"] == (rules.NAME_EMPTY, True)
    assert said["Confirmation courriel *"] == (rules.EMAIL_DIFFERENT, True)
    assert not said["Courriel *"][1] and said["Prénom"] == ("", False), said
    expect(page.get_by_label("Prénom", exact=True)).to_have_value("Marion")


def test_a_15_year_old_declares_the_contract_in_a_dialog(page: Page) -> None:
    to_step_2(page)
    fill(page, nir_for(15))
    page.get_by_role("button", name=NEXT).click()
    dialog = page.get_by_role("dialog", name="Contrat d'apprentissage")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(rules.AGE_15)
    dialog.get_by_role("checkbox", name="J'ai signé un contrat d'apprentissage").check()
    expect(dialog).to_be_hidden()
    page.get_by_label("Contrôle de sécurité : recopiez les caractères").fill(ANSWER)
    page.get_by_role("button", name=NEXT).click()
    expect(page.locator("[aria-current=step]")).to_contain_text("Saisir son mot de passe")


def test_a_double_click_registers_once_and_the_holder_signs_in(page: Page, inbox: Inbox) -> None:
    nir = nir_for(30)
    to_step_2(page)
    fill(page, nir)
    page.get_by_role("button", name=NEXT).click()
    page.get_by_label("Mot de passe *", exact=True).fill(PASSWORD)
    page.get_by_label("Confirmation mot de passe *").fill(PASSWORD)
    expect(page.get_by_role("status")).to_have_text("Force du mot de passe : Fort")
    page.get_by_role("button", name="Créer mon compte").dblclick()
    expect(page.get_by_text("Bienvenue dans votre compte personnel")).to_be_visible()
    expect(page.get_by_text("MARION ROUSSARIE")).to_be_visible()
    page.get_by_role("button", name="Me déconnecter").click()
    page.get_by_label("Numéro de sécurité sociale").fill(f"{nir[0]} {nir[1]}")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Je m'identifie").click()
    expect(page.get_by_role("heading", name="Synthèse de votre compte")).to_be_visible()
    assert len(inbox.received) == 1
