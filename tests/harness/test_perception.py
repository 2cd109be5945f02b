"""What a person perceives: errors that appear (not standing texts), figures, names as rendered.

Each page below is drawn in one of the styles a front end may use: plain DOM, web components
with open shadow roots, a toast, a modal dialog, a same-origin frame, hash routes; and broken
ones whose standing or misplaced texts must never count as a refusal.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from catalogue import texts
from tests.helpers import serve_html
from walkthrough.locators import AGE_MEANING, Expected, Locators, LocatorSpec, Message
from walkthrough.pages import AccountSpace, IdentityStep, PasswordStep
from walkthrough.perception import (
    Snapshot,
    figure_near,
    new_error,
    read_screen,
    script,
    wait_for_result,
)

RULE = "Pour être valide, votre mot de passe doit compter 5 lettres et 3 chiffres."
# Step 3 drawn by script: the rule stands above the field; Valider shows `error_js` or nothing.
STEP3 = """<html lang="fr"><body><form onsubmit="event.preventDefault(); {error_js}">
<p id="rule">{rule}</p><div role="alert" id="alert"></div>
<label for="pw">Mot de passe *</label><input id="pw" type="password" aria-describedby="rule"
 aria-errormessage="pw-err"><p id="pw-err" hidden></p>
<label for="pc">Confirmation *</label><input id="pc" type="password" aria-describedby="pc-err">
<p id="pc-err"></p>
<button type="submit">Valider</button></form></body></html>"""

# A field as a web component: label, input, hint and error in its open shadow root, tied by
# aria-describedby inside the root; the page's toast counts the errors without repeating them.
COMPONENTS = """<html lang="fr"><body>
<form onsubmit="event.preventDefault(); refuse()">
<cpf-field label="Nom de naissance *" hint="Tel qu'il figure sur votre pièce d'identité."
 ></cpf-field><cpf-field label="Courriel *" hint="Exemple : prenom.nom@exemple.fr"></cpf-field>
<div role="status" id="toast"></div><button type="submit">Continuer</button></form>
<script>
customElements.define('cpf-field', class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({mode: 'open'});
    root.innerHTML = `<label for="i">${this.getAttribute('label')}</label>
      <input id="i" aria-describedby="h e"><p id="h">${this.getAttribute('hint')}</p>
      <p id="e"></p>`;
  }
  fail(text) {
    this.shadowRoot.getElementById('e').textContent = text;
    this.shadowRoot.getElementById('i').setAttribute('aria-invalid', 'true');
  }
});
function refuse() { ERRORS }
</script></body></html>"""
BIRTH_NAME_ERROR = "Renseignez votre nom de naissance."


@pytest.fixture(scope="module")
def page(chromium: Browser) -> Iterator[Page]:
    page = chromium.new_page()
    yield page
    page.close()


def _press(page: Page, button: str) -> Snapshot:
    """Click `button` as Screen.submit does: return what was announced before."""
    before = read_screen(page, state=True)
    page.get_by_role("button", name=button).click()
    wait_for_result(page, before, timeout_ms=1000)
    return before


def _submit(page: Page, error_js: str) -> Snapshot:
    page.set_content(STEP3.format(rule=RULE, error_js=error_js))
    return _press(page, "Valider")


def _where(page: Page, before: Snapshot, expected: object = None, **kw: object) -> str | None:
    judged = new_error(page, before, expected, timeout_ms=kw.pop("timeout_ms", 800), **kw)  # type: ignore[arg-type]
    return judged.finding.where if judged.finding else None


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
    before = _submit(page, error_js)
    field = page.get_by_label("Mot de passe *")
    assert _where(page, before, Message.literal(RULE), field=field) == where


def test_the_standing_instruction_alone_is_no_refusal(page: Page) -> None:
    before = _submit(page, "")
    field = page.get_by_label("Mot de passe *")
    assert _where(page, before, Message.literal(RULE), field=field, timeout_ms=300) is None
    assert _where(page, before, field=field, timeout_ms=300) is None


def test_an_error_inside_the_label_counts(page: Page) -> None:
    before = _submit(page, f"document.querySelector('label').append(' ' + {RULE!r})")
    field = page.locator("#pw")
    assert _where(page, before, Message.literal(RULE), field=field) == "tied to the field"


def test_an_error_on_another_field_is_no_refusal_of_this_one(page: Page) -> None:
    before = _submit(page, "document.getElementById('pc-err').textContent = 'Différent.'")
    assert _where(page, before, field=page.get_by_label("Mot de passe *"), regions=False) is None
    confirmation = page.get_by_label("Confirmation *")
    assert _where(page, before, field=confirmation, regions=False) == "tied to the field"


def test_any_words_count_when_none_are_pinned(page: Page) -> None:
    before = _submit(page, "document.getElementById('pc-err').textContent = 'Pas pareil.'")
    judged = new_error(page, before, field=page.get_by_label("Confirmation *"), timeout_ms=800)
    assert judged.finding is not None and judged.finding.said == "Pas pareil."


def test_a_submit_that_validates_in_the_page_returns_without_a_page_load(page: Page) -> None:
    step = PasswordStep(page, Locators())
    page.set_content(
        STEP3.format(rule=RULE, error_js="document.getElementById('alert').textContent='x'")
    )
    submitted = step.submit("validate")  # would time out waiting for a navigation before issue 11
    assert page.locator("#alert").inner_text() == "x"
    assert submitted.before.regions[0].said.text == ""


def _components(page: Page, errors: str) -> Snapshot:
    page.set_content(COMPONENTS.replace("ERRORS", errors))
    return _press(page, "Continuer")


def test_an_error_inside_a_shadow_root_is_tied_to_its_field(page: Page) -> None:
    before = _components(
        page,
        f"document.querySelector('cpf-field').fail({BIRTH_NAME_ERROR!r});"
        " document.getElementById('toast').textContent = '1 erreur';",
    )
    field = page.get_by_label("Nom de naissance *")
    message = Message.literal(BIRTH_NAME_ERROR)
    assert _where(page, before, message, field=field, regions=False) == "tied to the field"
    # The toast counts the errors without repeating them: the error is on the field.
    assert _where(page, before, message, field=field) == "tied to the field"
    other = page.get_by_label("Courriel *")
    assert _where(page, before, field=other, regions=False, timeout_ms=300) is None


def test_a_hint_standing_inside_a_shadow_root_is_no_refusal(page: Page) -> None:
    before = _components(page, "")
    field = page.get_by_label("Nom de naissance *")
    hint = Message.literal("Tel qu'il figure sur votre pièce d'identité.")
    assert _where(page, before, hint, field=field, timeout_ms=300) is None
    assert _where(page, before, field=field, any_field=True, timeout_ms=300) is None


def test_a_toast_alone_is_a_refusal_only_where_an_alert_may_be_one(page: Page) -> None:
    before = _components(page, "document.getElementById('toast').textContent = '2 erreurs';")
    field = page.get_by_label("Nom de naissance *")
    assert _where(page, before, field=field, regions=False, timeout_ms=300) is None
    assert _where(page, before, field=field) == "in an alert"


ELIG = "L'inscription est possible à partir de 16 ans, ou 15 ans avec un contrat d'apprentissage."
# Step 2 refused by the server: a new page, an alert and the NIR field's own error.
REFUSED_PAGE = f"""<html lang="fr"><body><div role="alert">Le formulaire comporte des erreurs :
<p class="err">{ELIG}</p></div><label for="nir">Numéro de sécurité sociale *</label>
<input id="nir" aria-invalid="true" aria-describedby="e"><p id="e" class="err">{ELIG}</p>
</body></html>"""
FORM_PAGE = """<html lang="fr"><body><form action="/refus"><p>Inscription dès 15 ans.</p>
<label for="nir">Numéro de sécurité sociale *</label><input id="nir" name="nir">
<button>Continuer</button></form></body></html>"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    pages = {
        "/": FORM_PAGE,
        "/refus": REFUSED_PAGE,
        "/meme": FORM_PAGE.replace('"/refus"', '"/meme"'),
        "/age": FORM_PAGE.replace('"/refus"', '"/seize"'),
        "/seize": REFUSED_PAGE.replace(ELIG, "Il faut avoir 16 ans."),
        "/cadre": '<html lang="fr"><body><h1>Inscription</h1><iframe src="/form"></iframe>'
        "</body></html>",
        "/form": STEP3.format(
            rule=RULE, error_js="document.getElementById('pc-err').textContent='Différent.'"
        ),
    }
    with serve_html(lambda path: pages.get(path.split("?")[0])) as url:
        yield url


def test_a_refusal_page_from_the_server_is_read_with_its_alert(page: Page, server: str) -> None:
    page.goto(server)
    before = _press(page, "Continuer")
    nir = page.get_by_label("Numéro de sécurité sociale *")
    assert _where(page, before, Message.literal(ELIG), field=nir, regions=False)
    assert _where(page, before, Expected(meaning=AGE_MEANING), any_field=True)


def test_a_message_located_by_css_counts_when_it_shows_anew(page: Page, server: str) -> None:
    page.goto(server)
    before = _press(page, "Continuer")
    located = Expected(element=LocatorSpec("css", ".err:has-text('apprentissage')"))
    assert _where(page, before, located, any_field=True) == "tied to a field"


def test_a_message_must_say_what_its_rule_asks(page: Page, server: str) -> None:
    page.goto(server + "age")
    before = _press(page, "Continuer")
    assert _where(page, before, any_field=True) == "tied to a field"
    stated = Expected(meaning=AGE_MEANING)
    assert _where(page, before, stated, any_field=True, timeout_ms=300) is None


def test_the_same_page_sent_again_is_no_refusal(page: Page, server: str) -> None:
    page.goto(server + "meme")
    before = _press(page, "Continuer")
    nir = page.get_by_label("Numéro de sécurité sociale *")
    assert _where(page, before, field=nir, any_field=True, timeout_ms=300) is None


def test_an_error_inside_a_same_origin_frame_is_read(page: Page, server: str) -> None:
    page.goto(server + "cadre")
    frame = page.frame_locator("iframe")
    frame.get_by_label("Confirmation *").wait_for()
    before = read_screen(page, state=True)
    frame.get_by_role("button", name="Valider").click()
    wait_for_result(page, before, timeout_ms=1000)
    field = frame.get_by_label("Confirmation *")
    assert _where(page, before, field=field, regions=False) == "tied to the field"


def test_a_hash_route_is_a_result(page: Page) -> None:
    page.set_content("<html><body><h1>Étape 2</h1></body></html>")
    before = page.evaluate(script("screen_state"))
    page.evaluate("location.hash = '#/etape-3'")
    assert page.evaluate(script("screen_state")) != before


def test_content_swapped_in_place_is_a_result(page: Page) -> None:
    page.set_content("<html><body><main><h1>Étape 2</h1></main></body></html>")
    before = page.evaluate(script("screen_state"))
    page.evaluate("document.querySelector('main').innerHTML = '<h1>Étape 3</h1>'")
    assert page.evaluate(script("screen_state")) != before


DECLARATION = texts.APPRENTICESHIP_DECLARATION
# Step 2 asks a 15-year-old for the declaration in a modal dialog after a first submit.
DIALOG = f"""<html lang="fr"><body><form onsubmit="event.preventDefault(); ask()">
<label for="n">Nom *</label><input id="n"><button type="submit">Continuer</button></form>
<dialog id="d"><form method="dialog"><label><input type="checkbox" id="c"> {DECLARATION}
</label><button>Continuer</button></form></dialog><p role="status" id="s"></p>
<script>
const d = document.getElementById('d');
function ask() {{ d.showModal(); }}
d.addEventListener('close', () => {{ document.getElementById('s').textContent =
  document.getElementById('c').checked ? 'Déclaration reçue' : 'Sans déclaration'; }});
</script></body></html>"""


def test_a_declaration_asked_in_a_modal_dialog_is_found_and_answered(page: Page) -> None:
    page.set_content(DIALOG)
    step = IdentityStep(page, Locators())
    step.go_on()
    dialog = step.declaration_dialog()
    assert dialog is not None
    assert read_screen(page).dialogs  # and the page behind it is out of reach
    step.declare_apprenticeship()
    submitted = step.go_on_from(dialog)
    # The dialog's close event writes the status after the dialog has gone: expect waits.
    expect(page.locator("#s")).to_have_text("Déclaration reçue")
    assert submitted.before.dialogs


def _figure(page: Page, html: str) -> str | None:
    page.set_content(f"<html><body>{html}</body></html>")
    label = "Heures CPF disponibles"
    pattern = r"(\d+)\s*Heures\s+CPF\s+disponibles|Heures\s+CPF\s+disponibles\s*:?\s*(\d+)"
    return figure_near(page, label, pattern=pattern)[0]


@pytest.mark.parametrize(
    "html",
    [
        "<div><span>0</span> <span>Heures CPF disponibles</span></div>",
        "<dl><dt>Heures CPF disponibles</dt><dd>0</dd></dl>",
        "<p>0 Heures CPF disponibles</p><p>5 Heures CPF réservées</p>",
    ],
)
def test_a_figure_is_read_beside_its_label(page: Page, html: str) -> None:
    assert _figure(page, html) == "0"


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


def test_a_field_turned_invalid_without_a_text_tied_to_it_is_no_tied_error(page: Page) -> None:
    # FORM-06: the error is shown apart (an alert), the field only says it is invalid.
    before = _submit(
        page,
        "document.getElementById('pw').setAttribute('aria-invalid', 'true');"
        " document.getElementById('alert').textContent = 'Mot de passe trop court.'",
    )
    field = page.get_by_label("Mot de passe *")
    assert _where(page, before, field=field, regions=False) == "tied to the field"
    assert _where(page, before, field=field, regions=False, tied_text=True, timeout_ms=300) is None


def test_a_refusal_not_seen_says_what_appeared_instead(page: Page) -> None:
    from types import SimpleNamespace
    from typing import cast

    from steps.support.checks import refused
    from walkthrough.journey import Journey
    from walkthrough.verdict import RuleViolation

    before = _submit(page, "document.getElementById('pc-err').textContent = 'Différent.'")
    locators = Locators()
    journey = cast(
        Journey,
        SimpleNamespace(page=page, target=SimpleNamespace(locators=locators), before=before),
    )
    with pytest.raises(RuleViolation) as failure:
        refused(
            journey,
            "PWD-01",
            screen=PasswordStep(page, locators),
            message="password_rule",
            what="the password",
            fields=["password"],
            regions=False,
        )
    said = str(failure.value)
    assert said.startswith("PWD-01: the password got no new error")
    assert "the field 'Mot de passe *' says “Pour être valide" in said
    assert "new since the action: “Différent.”" in said
