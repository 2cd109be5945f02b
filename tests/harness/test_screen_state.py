"""A step's screenshot is taken again only when what the screen shows has changed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from steps.harness.recorder import SCREEN_STATE_JS, capture

LOGIN = """<!doctype html><html lang="fr"><head><title>Connexion</title>
<style>h1 {{ color: #000091 }}</style></head>
<body><h1>{title}</h1><form><input type="hidden" name="csrf" value="{token}">
<label>Numéro <input name="nir"></label><p{style}>Aide</p></form>
<script>window.token = "{token}";</script></body></html>"""


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 640, "height": 360})
    try:
        yield context.new_page()
    finally:
        context.close()


def _state(page: Page, **values: str) -> str:
    page.set_content(LOGIN.format(**{"title": "Connexion", "token": "a", "style": "", **values}))
    return page.evaluate(SCREEN_STATE_JS)


def test_a_new_form_token_or_an_emptied_style_is_the_same_screen(page: Page) -> None:
    first = _state(page, token="a1b2")
    assert _state(page, token="zz99") == first
    assert _state(page, token="zz99", style=' style=""') == first


@pytest.mark.parametrize(
    "change",
    [{"title": "Connexion refusée"}, {"style": ' style="color: red"'}],
)
def test_a_changed_text_or_style_is_a_new_screen(page: Page, change: dict[str, str]) -> None:
    assert _state(page, **change) != _state(page)


def test_what_a_person_typed_is_a_new_screen(page: Page) -> None:
    before = _state(page)
    page.get_by_label("Numéro").fill("1 85 05 78 006 084")
    assert page.evaluate(SCREEN_STATE_JS) != before


def test_the_capture_is_a_jpeg_of_the_screen(page: Page) -> None:
    _state(page)
    shot = capture(page)
    assert shot[:3] == b"\xff\xd8\xff"
    from io import BytesIO

    from PIL import Image

    assert Image.open(BytesIO(shot)).size == (640, 360)


def test_moving_the_focus_is_a_new_screen(page: Page) -> None:
    before = _state(page)
    page.get_by_label("Numéro").focus()
    assert page.evaluate(SCREEN_STATE_JS) != before


SHADOW_FIELD = """<!doctype html><html lang="fr"><body><cpf-field></cpf-field><script>
customElements.define('cpf-field', class extends HTMLElement {
  connectedCallback() {
    this.attachShadow({mode: 'open'}).innerHTML =
      '<label for="n">Nom de naissance *</label><input id="n">';
  }
});
</script></body></html>"""


def test_text_typed_inside_a_shadow_root_or_focus_moved_there_is_a_new_screen(page: Page) -> None:
    page.set_content(SHADOW_FIELD)
    empty = page.evaluate(SCREEN_STATE_JS)
    field = page.get_by_label("Nom de naissance *")
    field.focus()
    focused = page.evaluate(SCREEN_STATE_JS)
    assert focused != empty
    field.fill("ROUSSARIE")
    assert page.evaluate(SCREEN_STATE_JS) not in (empty, focused)
