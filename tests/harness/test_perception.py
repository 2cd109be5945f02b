"""What a person perceives: errors that appear (not standing texts), figures, names as rendered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from walkthrough.locators import Locators, Message
from walkthrough.pages import AccountSpace, PasswordStep
from walkthrough.perception import figure_near, new_error, snapshot, wait_for_result

RULE = "Pour être valide, votre mot de passe doit compter 5 lettres et 3 chiffres."
# Step 3 drawn by script: the rule stands above the field; Valider shows `error_js` or nothing.
STEP3 = """<html lang="fr"><body><form onsubmit="event.preventDefault(); {error_js}">
<p id="rule">{rule}</p><div role="alert" id="alert"></div>
<label for="pw">Mot de passe *</label><input id="pw" type="password" aria-describedby="rule"
 aria-errormessage="pw-err"><p id="pw-err" hidden></p>
<button type="submit">Valider</button></form></body></html>"""


@pytest.fixture(scope="module")
def page(chromium: Browser) -> Iterator[Page]:
    page = chromium.new_page()
    yield page
    page.close()


def _submit(page: Page, error_js: str) -> None:
    page.set_content(STEP3.format(rule=RULE, error_js=error_js))
    before = snapshot(page)
    page.get_by_role("button", name="Valider").click()
    wait_for_result(page, before, timeout_ms=500)


@pytest.mark.parametrize(
    ("error_js", "where"),
    [
        (f"document.getElementById('alert').textContent = {RULE!r}", "in an alert"),
        (
            "const e = document.getElementById('pw-err'); e.hidden = false;"
            f" e.textContent = {RULE!r}; document.getElementById('pw').ariaInvalid = 'true'",
            "tied to the field",
        ),
        ("document.getElementById('pw').setAttribute('aria-invalid', 'true')", "tied to the field"),
    ],
)
def test_an_error_that_appears_is_a_refusal(page: Page, error_js: str, where: str) -> None:
    _submit(page, error_js)
    field = page.get_by_label("Mot de passe *")
    assert new_error(page, Message.literal(RULE), field=field, timeout_ms=1000) == where


def test_the_standing_instruction_alone_is_no_refusal(page: Page) -> None:
    _submit(page, "")
    field = page.get_by_label("Mot de passe *")
    assert new_error(page, Message.literal(RULE), field=field, timeout_ms=300) is None


def test_an_error_inside_the_label_counts(page: Page) -> None:
    _submit(page, f"document.querySelector('label').append(' ' + {RULE!r})")
    field = page.locator("#pw")
    assert new_error(page, Message.literal(RULE), field=field, timeout_ms=1000)


def test_a_submit_that_validates_in_the_page_returns_without_a_page_load(page: Page) -> None:
    step = PasswordStep(page, Locators())
    page.set_content(
        STEP3.format(rule=RULE, error_js="document.getElementById('alert').textContent='x'")
    )
    step.submit("validate")  # would time out waiting for a navigation before issue 11
    assert page.locator("#alert").inner_text() == "x"


@pytest.mark.parametrize(
    "html",
    [
        "<div><span>0</span> <span>Heures CPF disponibles</span></div>",
        "<dl><dt>Heures CPF disponibles</dt><dd>0</dd></dl>",
        "<p>0 Heures CPF disponibles</p><p>5 Heures CPF réservées</p>",
    ],
)
def test_a_figure_is_read_beside_its_label(page: Page, html: str) -> None:
    page.set_content(f"<html><body>{html}</body></html>")
    label = "Heures CPF disponibles"
    pattern = r"(\d+)\s*Heures\s+CPF\s+disponibles|Heures\s+CPF\s+disponibles\s*:?\s*(\d+)"
    assert figure_near(page, label, pattern=pattern)[0] == "0"


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ('<button style="text-transform: uppercase">Marion Roussarie</button>', True),
        ("<p>Bonjour MARION ROUSSARIE</p>", True),
        ("<p>HÉLÈNE ÉTÉ</p>", False),
        ("<p>Marion Roussarie</p>", False),
    ],
)
def test_the_holders_name_is_read_as_rendered(page: Page, html: str, shown: bool) -> None:
    page.set_content(f"<html><body><header>{html}</header></body></html>")
    space = AccountSpace(page, Locators())
    assert space.shows_name("MARION ROUSSARIE") is shown


def test_capitals_without_accents_are_the_name(page: Page) -> None:
    page.set_content("<html><body><header><p>HELENE ETE</p></header></body></html>")
    assert AccountSpace(page, Locators()).shows_name("HÉLÈNE ÉTÉ")
