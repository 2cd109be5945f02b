"""Locators come from catalogue texts; a profile overrides them by name; actions report them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page

from catalogue import texts
from walkthrough.locators import (
    DEFAULTS,
    Expected,
    LocatorOverrideError,
    Locators,
    Message,
    control,
)
from walkthrough.pages import CguStep, LoginPage
from walkthrough.profile import ProfileError, load_profile
from walkthrough.screens import ScreenName

STEP1 = f"""<html lang="fr"><body>
<input type="checkbox" id="cgu"><label for="cgu">{texts.CGU_CHECKBOX}</label>
<form action="javascript:void 0"><button type="submit">{texts.CONTINUE}</button></form>
<button>Se connecter</button></body></html>"""


@pytest.fixture(scope="module")
def page(chromium: Browser) -> Iterator[Page]:
    page = chromium.new_page()
    yield page
    page.close()


def test_every_default_looks_for_a_catalogue_text_not_markup() -> None:
    css = {name for name, spec in DEFAULTS.items() if spec.kind == "css"}
    # aria-current="step" is what NAV-03 names; nothing else is found by markup.
    assert css == {"progress_current"}


def test_an_action_reports_the_locator_it_acts_on_before_acting(page: Page) -> None:
    page.set_content(STEP1)
    seen: list[tuple[str, Locator]] = []
    step = CguStep(page, Locators(), before_action=lambda name, loc: seen.append((name, loc)))
    returned = step.accept_cgu()
    assert seen[0][0] == "accept_cgu" and seen[0][1] is returned
    assert returned.is_checked()


def test_a_profile_override_replaces_one_locator_by_name(page: Page, tmp_path: Path) -> None:
    page.set_content(STEP1)
    profile = tmp_path / "p.toml"
    profile.write_text(
        'base_url = "http://x/"\n[locators]\n'
        'login_submit = { role = "button", name = "Se connecter" }\n'
    )
    login = LoginPage(page, load_profile(profile).build_locators())
    assert login.el("login_submit").inner_text() == "Se connecter"
    assert login.el("continue").inner_text() == texts.CONTINUE


def test_an_unknown_locator_name_is_refused() -> None:
    with pytest.raises(LocatorOverrideError, match=r"locators\.bouton"):
        Locators({"bouton": DEFAULTS["continue"]})


def test_a_bare_role_is_a_locator(page: Page, tmp_path: Path) -> None:
    page.set_content('<meter min="0" max="4" value="4" aria-valuetext="Fort"></meter>')
    profile = tmp_path / "p.toml"
    profile.write_text(
        'base_url = "http://x/"\n[locators]\npassword_strength = { role = "meter" }\n'
    )
    strength = load_profile(profile).build_locators()(page, "password_strength")
    assert strength.get_attribute("aria-valuetext") == "Fort"


def test_a_message_may_be_a_list_of_alternatives_or_a_pattern(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text(
        'base_url = "http://x/"\n[locators]\n'
        'nir_invalid = ["Clé fausse.", "Mois impossible."]\n'
        'email_invalid = { regex = "adresse .* pas (complète|valide)" }\n'
        'birth_name_required = "Indiquez votre nom."\n'
    )
    loc = load_profile(profile).build_locators()
    assert loc.message("nir_invalid").matches("Erreur : Mois   impossible.")
    assert not loc.message("nir_invalid").matches("Clé correcte.")
    assert loc.message("email_invalid").matches("Cette adresse courriel n'est pas complète")
    assert loc.message("birth_name_required").matches("Indiquez votre nom.")
    assert "Clé fausse." in loc.text_of("nir_invalid") and "Mois impossible." in loc.text_of(
        "nir_invalid"
    )


def test_a_locator_can_be_scoped_to_one_screen(page: Page, tmp_path: Path) -> None:
    page.set_content(STEP1)
    profile = tmp_path / "p.toml"
    profile.write_text(
        'base_url = "http://x/"\n[locators]\ncontinue = { role = "button", name = "Suivant" }\n'
        '[locators.step_1]\ncontinue = { role = "button", name = "Se connecter" }\n'
    )
    loc = load_profile(profile).build_locators()
    assert CguStep(page, loc).el("continue").inner_text() == "Se connecter"
    assert loc.text_of("continue") == "Suivant"
    assert loc.text_of("continue", ScreenName.STEP_1) == "Se connecter"


def test_a_wrong_regex_or_screen_is_named_in_one_line(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text('base_url = "http://x/"\n[locators]\nnir_invalid = { regex = "(" }\n')
    with pytest.raises(ProfileError, match=r"locators\.nir_invalid: regex"):
        load_profile(profile)
    profile.write_text('base_url = "http://x/"\n[locators.etape_3]\ncontinue = "x"\n')
    with pytest.raises(ProfileError, match=r"locators\.etape_3.*screens: home, login"):
        load_profile(profile)


# Step 2 as a server-rendered portal may show it after a refusal: errors inside the labels.
STEP2_REFUSED = f"""<html lang="fr"><body><form>
<label for="bn">{texts.FIELD_BIRTH_NAME} <span>Indiquez votre nom de naissance : il est
obligatoire.</span></label><input id="bn" aria-invalid="true">
<label for="ec">{texts.FIELD_EMAIL_CONFIRM} <span>La confirmation diffère.</span></label>
<input id="ec"><label for="em">  {texts.FIELD_EMAIL}</label><input id="em">
<label for="tp">{texts.FIELD_MOBILE}</label><input id="tp">
<label for="tf">{texts.FIELD_LANDLINE} : 10 chiffres</label><input id="tf">
<label for="p2">{texts.FIELD_PASSWORD_CONFIRM}</label><input id="p2">
<label for="p1">{texts.FIELD_PASSWORD}</label><input id="p1">
</form></body></html>"""


@pytest.mark.parametrize(
    ("name", "field_id"),
    [
        ("birth_name", "bn"),
        ("email", "em"),
        ("email_confirm", "ec"),
        ("landline", "tf"),
        ("mobile", "tp"),
        ("password", "p1"),
        ("password_confirm", "p2"),
    ],
)
def test_a_field_is_found_by_the_start_of_its_label_and_never_by_a_longer_one(
    page: Page, name: str, field_id: str
) -> None:
    page.set_content(STEP2_REFUSED)
    field = Locators()(page, name)
    assert field.count() == 1
    assert field.get_attribute("id") == field_id


def test_the_error_inside_a_label_is_a_refusal_tied_to_its_field(page: Page) -> None:
    from walkthrough.perception import new_error, read_screen

    page.set_content(STEP2_REFUSED.replace("<span>Indiquez", "<span hidden>Indiquez"))
    before = read_screen(page)
    page.set_content(STEP2_REFUSED)  # the refusal page the server sends back
    locators = Locators()
    message = Message.literal("Indiquez votre nom de naissance : il est obligatoire.")
    field = locators(page, "birth_name")
    judged = new_error(page, before, message, field=field, regions=False)
    assert judged.finding is not None and judged.finding.where == "tied to the field"


def test_a_profile_gives_a_label_as_a_pattern(page: Page, tmp_path: Path) -> None:
    page.set_content(STEP2_REFUSED)
    profile = tmp_path / "p.toml"
    profile.write_text(
        'base_url = "http://x/"\n[locators]\nlandline = { label_regex = "^T[ée]l[ée]phone fixe" }\n'
    )
    locators = load_profile(profile).build_locators()
    assert locators(page, "landline").get_attribute("id") == "tf"
    assert "field labelled" in locators.spec("landline").describe()


def test_a_click_acts_on_the_first_visible_control_of_that_name(page: Page) -> None:
    link = f'<a href="#{{}}">{texts.CONTINUE}</a>'
    page.set_content(
        f"<div hidden>{link.format('cache')}</div>{link.format('un')}{link.format('deux')}"
    )
    step = CguStep(page, Locators({"continue": control(texts.CONTINUE)}))
    step.click("continue")
    assert page.evaluate("location.hash") == "#un"


def _profile(tmp_path: Path, entries: str) -> Locators:
    profile = tmp_path / "p.toml"
    profile.write_text(f'base_url = "http://x/"\n[locators]\n{entries}\n', encoding="utf-8")
    return load_profile(profile).build_locators()


# Each kind docs/suite.md lists ("What a profile can say"): (entry, the element's id it finds).
KINDS = """<html lang="fr"><body><h1 id="h">Bienvenue</h1><a id="a" href="#">Suivant</a>
<label for="i">Nom d'usage</label><input id="i"><p id="t">Compte ouvert.</p>
<button id="b">Terminer</button><p class="err" id="c">Erreur</p></body></html>"""


@pytest.mark.parametrize(
    ("entry", "found"),
    [
        ('continue = {{ role = "button", name = "Terminer" }}', "b"),
        ('birth_name = {{ label = "Nom d\'usage" }}', "i"),
        ('birth_name = {{ label_regex = "^Nom d.usage" }}', "i"),
        ('birth_name = {{ label = "nom d\'us", exact = false }}', "i"),
        ('welcome_banner = {{ text = "Compte ouvert." }}', "t"),
        ('welcome_banner = {{ regex = "Compte (ouvert|actif)" }}', "t"),
        ('continue = {{ control = "Suivant" }}', "a"),
        ('birth_name_required = {{ css = ".err" }}', "c"),
        ('welcome_banner = "Compte ouvert."', "t"),
        ('welcome_banner = ["Compte actif.", "Compte ouvert."]', "t"),
    ],
)
def test_each_kind_of_entry_finds_what_it_names(
    page: Page, tmp_path: Path, entry: str, found: str
) -> None:
    page.set_content(KINDS)
    name = entry.split(" ")[0]
    locators = _profile(tmp_path, entry.format())
    assert locators(page, name).first.get_attribute("id") == found


def test_a_message_entry_keeps_its_kind_when_a_refusal_is_judged(tmp_path: Path) -> None:
    locators = _profile(
        tmp_path,
        "age_condition = { css = \".err:has-text('apprentissage')\" }\n"
        'nir_invalid = "Numéro faux."\n'
        'email_invalid = { regex = "adresse .* invalide" }\n',
    )
    css = locators.expected("age_condition")
    assert css.element is not None and css.element.kind == "css" and css.message is None
    assert css.meaning is not None  # the rule's meaning still holds
    assert locators.expected("nir_invalid").message is not None
    assert locators.expected("email_invalid").message is not None
    # Not pinned, not quoted by the catalogue: any words; quoted by the catalogue: its words.
    assert locators.expected("birth_name_required") == Expected()
    assert locators.expected("password_rule").message is not None


def test_an_override_scoped_to_the_account_holds_where_the_account_is_checked(
    page: Page, tmp_path: Path
) -> None:
    from types import SimpleNamespace
    from typing import cast

    from steps.support.checks import all_visible
    from walkthrough.journey import Journey
    from walkthrough.pages import AccountSpace
    from walkthrough.verdict import RuleViolation

    page.set_content("<html><body><p>Votre espace est prêt.</p></body></html>")
    profile = tmp_path / "p.toml"
    profile.write_text(
        'base_url = "http://x/"\n[locators.account]\nwelcome_banner = "Votre espace est prêt."\n',
        encoding="utf-8",
    )
    locators = load_profile(profile).build_locators()
    journey = cast(Journey, SimpleNamespace(page=page, target=SimpleNamespace(locators=locators)))
    all_visible(journey, "SYN-01", ["welcome_banner"], screen=AccountSpace(page, locators))
    # Elsewhere the catalogue's banner is still the one looked for.
    with pytest.raises(RuleViolation):
        all_visible(journey, "SYN-01", ["welcome_banner"], screen=LoginPage(page, locators))
