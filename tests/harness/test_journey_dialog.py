"""ELIG-02 on a step 2 that asks a 15-year-old for the declaration in a modal dialog."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import cast

import pytest
from playwright.sync_api import Browser, Page, expect

from catalogue import texts as t
from walkthrough.captcha import FixedCaptcha
from walkthrough.journey import Journey
from walkthrough.locators import Locators
from walkthrough.people import make_person
from walkthrough.perception import new_error
from walkthrough.screens import ScreenName
from walkthrough.targets import Target

FIELDS = [
    t.FIELD_NIR,
    t.FIELD_CLE,
    t.FIELD_FIRST_NAME,
    t.FIELD_BIRTH_NAME,
    t.FIELD_LANDLINE,
    t.FIELD_MOBILE,
    t.FIELD_EMAIL,
    t.FIELD_EMAIL_CONFIRM,
    t.FIELD_CAPTCHA,
]
AGE = "L'inscription est possible dès 16 ans, ou dès 15 ans avec un contrat d'apprentissage."
# The first "Continuer" opens the dialog; its own "Continuer" closes it and shows the outcome.
STEP2 = """<html lang="fr"><body><main><form onsubmit="event.preventDefault(); ask()">
{fields}<button type="submit">{go}</button></form>
<dialog id="d"><form method="dialog"><label><input type="checkbox" id="c"> {declaration}
</label><button>{go}</button></form></dialog><p role="alert" id="a"></p></main>
<script>
const d = document.getElementById('d');
function ask() {{ d.showModal(); }}
d.addEventListener('close', () => {{ document.getElementById('a').textContent =
  document.getElementById('c').checked ? 'Étape 3' : {age!r}; }});
</script></body></html>""".format(
    fields="".join(f'<label for="f{i}">{label}</label><input id="f{i}">' for i, label in
                   enumerate(FIELDS)),
    go=t.CONTINUE,
    declaration=t.APPRENTICESHIP_DECLARATION,
    age=AGE,
)  # fmt: skip


@pytest.fixture
def journey(chromium: Browser) -> Iterator[Journey]:
    page: Page = chromium.new_page()
    page.set_content(STEP2)
    target = SimpleNamespace(locators=Locators(), captcha=FixedCaptcha(answer="K7PQ3"))
    yield Journey(page, cast(Target, target))
    page.close()


@pytest.mark.parametrize(("signed", "outcome"), [(True, "Étape 3"), (False, AGE)])
def test_the_declaration_is_seen_in_the_dialog_and_answered_there(
    journey: Journey, signed: bool, outcome: str
) -> None:
    journey.submit_identity(make_person(age=15), apprenticeship=signed)
    assert journey.declaration_asked
    # The dialog's close event is dispatched after the click returns: wait for its outcome.
    expect(journey.page.locator("#a")).to_have_text(outcome)
    # What is judged against: the screen with the dialog open, before its button.
    assert journey.before.dialogs
    wanted = journey.target.locators.expected("age_condition", ScreenName.STEP_2)
    judged = new_error(journey.page, journey.before, wanted, any_field=True, timeout_ms=500)
    assert (judged.finding is not None) is not signed
