"""The public part of the walk: the home page, the login page and the three registration steps.

On each step one refusal is provoked first (what a person sees when she gets it wrong), then
the step is passed as the catalogue describes, so that the next screen proves the button.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator

from walkthrough.captcha import CaptchaUnavailable
from walkthrough.locators import DEFAULTS, text
from walkthrough.onboard import axtree
from walkthrough.onboard.candidates import Candidate, by_words, collect, fold
from walkthrough.onboard.renewal import captcha_renewal
from walkthrough.onboard.walk import Walk, WalkStopped
from walkthrough.people import Person
from walkthrough.screens import ScreenName

NEXT_SCREEN_MS = 15_000
# The fields of step 2 in the order a person fills them, and what she types.
IDENTITY_FIELDS: tuple[tuple[str, Callable[[Person], str]], ...] = (
    ("nir", lambda p: p.nir.number),
    ("cle", lambda p: p.nir.cle),
    ("first_name", lambda p: p.first_name),
    ("birth_name", lambda p: p.birth_name),
    ("landline", lambda p: p.landline),
    ("mobile", lambda p: p.mobile),
    ("email", lambda p: p.email),
    ("email_confirm", lambda p: p.email),
)
CONTINUE_WORDS = (("Continuer", 3), ("Suivant", 3), ("Étape suivante", 3), ("Poursuivre", 2))
VALIDATE_WORDS = (("Valider", 3), ("Terminer", 3), ("Créer mon compte", 3), ("Confirmer", 2))
Strength = Literal["status", "meter", "progressbar"]
STRENGTH_TRIES, STRENGTH_PAUSE_MS = 10, 200
HOME_TRIES, HOME_PAUSE_MS = 6, 500
STRONG_PASSWORD = "Moncompte2015"  # PWD-04/PWD-05: the tutorial's own example
WEAK_PASSWORD = "abcde123"  # PWD-01: no capital letter


def open_home(walk: Walk, base_url: str) -> None:
    """Open the home page and follow "Mon compte formation" to the login page."""
    try:
        response = walk.page.goto(base_url, wait_until="domcontentloaded", timeout=20_000)
    except PlaywrightError as exc:
        reason = str(exc).splitlines()[0].removeprefix("Page.goto: ")
        raise WalkStopped(f"{base_url}: unreachable ({reason}); check the address") from None
    if response is not None and response.status >= 400:
        raise WalkStopped(f"{base_url}: answered HTTP {response.status}; check the address")
    found: list[Candidate] = []
    for _attempt in range(HOME_TRIES):  # a home page rendered by script shows it a moment later
        found = collect(walk.page, ("link", "button"))
        for one in found:
            by_words(one, (("Mon compte formation", 4), ("mon compte", 1), ("espace", 1)),
                     where="name")  # fmt: skip
            by_words(one, (("connexion", 1),), where="href")
        if any(c.score > 0 for c in found):
            break
        walk.page.wait_for_timeout(HOME_PAUSE_MS)
    if not any(c.score > 0 for c in found):
        raise WalkStopped(
            f"{base_url}: not the walkthrough (no “Mon compte formation” control on this page); "
            "give the public home page's address"
        )
    control = walk.choose("home_access", ScreenName.HOME, found, what="control to the login page")
    assert control is not None
    control.click()
    if walk.visible(DEFAULTS["login_title"], timeout_ms=NEXT_SCREEN_MS) is None:
        raise WalkStopped(
            f"{base_url}: not the walkthrough (its “Mon compte formation” leads to no page "
            "titled “Accès à mon espace sécurisé”); give the public home page's address"
        )


def login_page(walk: Walk) -> None:
    """Check the login page's fixed texts and start registering."""
    for name in ("login_registered", "login_nir", "login_password", "login_submit"):
        walk.fixed(name, ScreenName.LOGIN, timeout_ms=500)
    walk.fixed("forgotten_password", ScreenName.LOGIN, timeout_ms=500)
    found = collect(walk.page, ("link", "button"))
    for one in found:
        by_words(one, (("Je m'inscris", 4), ("inscri", 1)), where="name")
        by_words(one, (("inscription", 1),), where="href")
    register = walk.choose("register", ScreenName.LOGIN, found, what="control to register")
    assert register is not None
    register.click()


def step_1(walk: Walk) -> None:
    """Refuse step 1 without the box ticked, then tick it and go on."""
    box = walk.visible(DEFAULTS["cgu_checkbox"], timeout_ms=NEXT_SCREEN_MS)
    if box is None:
        raise WalkStopped(
            "step 1: no checkbox “Je déclare avoir lu, compris et accepté…” (CGU-01 fixes it); "
            "the walk cannot go on"
        )
    go_on = _button(walk, "continue", ScreenName.STEP_1, box, CONTINUE_WORDS)
    before = axtree.read(walk.page)
    go_on.click()
    after = axtree.wait_for_change(walk.page, before)
    if walk.visible(DEFAULTS["nir"], timeout_ms=500) is not None:
        walk.finding("CGU-02", "step 1 went on without the box ticked")
        return  # a broken rule for the suite to report; the walk goes on from step 2
    if walk.visible(DEFAULTS["cgu_required"], timeout_ms=1000) is None:
        said = "; ".join(text for _where, text in after.new_since(before)) or "nothing"
        walk.finding("CGU-02", f"step 1, box not ticked: the refusal said {said}")
    box.check()
    go_on.click()
    if walk.visible(DEFAULTS["nir"], timeout_ms=NEXT_SCREEN_MS) is None:
        raise WalkStopped("step 1: after ticking the box and going on, step 2 did not appear")


def step_2(walk: Walk, person: Person) -> None:
    """Refuse step 2 without a birth name, then fill it in and go on."""
    for name, _typed in IDENTITY_FIELDS:
        if walk.visible(DEFAULTS[name], timeout_ms=1000) is None:
            raise WalkStopped(
                f"step 2: no field labelled “{DEFAULTS[name].value}” (FORM-01 fixes it); "
                "the walk cannot go on"
            )
    walk.fixed("captcha_instructions", ScreenName.STEP_2, timeout_ms=500)
    captcha_renewal(walk)
    go_on = _button(
        walk, "continue", ScreenName.STEP_2, DEFAULTS["nir"].resolve(walk.page), CONTINUE_WORDS
    )
    fill_identity(walk, person, birth_name="")
    before = axtree.read(walk.page)
    go_on.click()
    after = axtree.wait_for_change(walk.page, before)
    said = after.new_since(before)
    tied = [(where, shown) for where, shown in said if fold(where).startswith("nom de naissance")]
    for where, shown in tied or said[:1]:
        walk.pin("birth_name_required", ScreenName.STEP_2, shown, f"tied to {where}")
    if walk.visible(DEFAULTS["password"], timeout_ms=500) is not None:
        walk.finding("FORM-03", "step 2 went on without a birth name")
        return  # a broken rule for the suite to report; the walk goes on from step 3
    fill_identity(walk, person, birth_name=person.birth_name)
    before = axtree.read(walk.page)
    go_on.click()
    if walk.visible(DEFAULTS["password"], timeout_ms=NEXT_SCREEN_MS) is None:
        refused = axtree.read(walk.page).new_since(before)
        said_now = "; ".join(f"{w}: {t}" for w, t in refused) or "nothing"
        captcha = ("caracteres", fold(DEFAULTS["captcha_input"].value))
        if any(word in fold(f"{w} {t}") for w, t in refused for word in captcha):
            raise WalkStopped(
                f"step 2 refused the captcha answer ({said_now}); give the answer the deployment "
                "is configured with (--captcha-fixed) or --captcha-oracle for the bundled portal"
            )
        raise WalkStopped(f"step 2 refused a valid person ({said_now}); the walk cannot go on")


def fill_identity(walk: Walk, person: Person, *, birth_name: str) -> None:
    """Fill in step 2 for `person` (with `birth_name`) and answer its captcha."""
    for name, typed in IDENTITY_FIELDS:
        value = birth_name if name == "birth_name" else typed(person)
        DEFAULTS[name].resolve(walk.page).first.fill(value)
    captcha = DEFAULTS["captcha_input"].resolve(walk.page).first
    try:
        captcha.fill(walk.captcha.answer(walk.page, captcha))
    except CaptchaUnavailable as exc:
        raise WalkStopped(
            f"the captcha oracle gave no answer ({exc}); use --captcha-fixed"
        ) from None


def step_3(walk: Walk) -> str:
    """Read the strength indicator, refuse two passwords, then register; return the password."""
    field = walk.visible(DEFAULTS["password"])
    confirm = walk.visible(DEFAULTS["password_confirm"])
    if field is None or confirm is None:
        raise WalkStopped("step 3: no fields “Mot de passe *” and “Confirmation mot de passe *”")
    walk.fixed("show_password", ScreenName.STEP_3, timeout_ms=500)
    validate = _button(walk, "validate", ScreenName.STEP_3, field, VALIDATE_WORDS)
    field.fill(STRONG_PASSWORD)
    strength(walk)
    for password, confirmation in (
        (WEAK_PASSWORD, WEAK_PASSWORD),
        (STRONG_PASSWORD, "Moncompte2016"),
    ):
        field.fill(password)
        confirm.fill(confirmation)
        before = axtree.read(walk.page)
        validate.click()
        said = axtree.wait_for_change(walk.page, before).new_since(before)
        if walk.visible(DEFAULTS["summary_title"], timeout_ms=1000) is not None:
            rule = "PWD-01" if password == WEAK_PASSWORD else "PWD-02"
            walk.finding(rule, f"step 3 accepted “{password}” confirmed as “{confirmation}”")
            return password  # a broken rule for the suite to report; the account exists
        if password == WEAK_PASSWORD:
            walk.fixed("password_rule", ScreenName.STEP_3, timeout_ms=1000)
            continue
        tied = [(w, t) for w, t in said if fold(w).startswith("confirmation mot de passe")]
        for where, shown in tied or said[:1]:
            walk.pin("password_mismatch", ScreenName.STEP_3, shown, where)
    field.fill(STRONG_PASSWORD)
    confirm.fill(STRONG_PASSWORD)
    validate.click()
    if walk.visible(DEFAULTS["welcome_banner"], timeout_ms=NEXT_SCREEN_MS) is None:
        if walk.visible(DEFAULTS["summary_title"], timeout_ms=1000) is None:
            raise WalkStopped("step 3: after a valid password the account space did not appear")
        walk.fixed("welcome_banner", ScreenName.ACCOUNT, timeout_ms=0)
    return STRONG_PASSWORD


def strength(walk: Walk) -> None:
    """Find what announces "Fort" for the tutorial's password: a status region or a meter."""
    found: list[Candidate] = []
    for _attempt in range(STRENGTH_TRIES):  # an indicator may update a moment after typing
        found = _announcing_strong(walk)
        if found:
            break
        walk.page.wait_for_timeout(STRENGTH_PAUSE_MS)
    if not found and walk.visible(text("Fort"), timeout_ms=500):
        walk.found.missed.append(
            f"{ScreenName.STEP_3} password_strength (“Fort” is shown, but in no status region "
            "or meter: name it with a css entry)"
        )
        return
    if not found:
        walk.finding("PWD-04", "step 3: nothing says “Fort” for “Moncompte2015”")
        return
    walk.choose(
        "password_strength", ScreenName.STEP_3, found, what="strength indicator", required=False
    )


def _announcing_strong(walk: Walk) -> list[Candidate]:
    found: list[Candidate] = []
    roles: tuple[Strength, ...] = ("status", "meter", "progressbar")
    for role in roles:
        for one in walk.page.get_by_role(role).all():
            try:
                said = one.get_attribute("aria-valuetext") or one.inner_text(timeout=1000)
            except PlaywrightError:
                continue
            if "fort" in fold(said).split() and one.is_visible():
                candidate = Candidate(role=role, name="", locator=one)
                candidate.credit(3 if role == "status" else 2, f"announces “{said.strip()}”")
                found.append(candidate)
    return found


def _button(
    walk: Walk, name: str, screen: ScreenName, anchor: Locator, words: tuple[tuple[str, int], ...]
) -> Locator:
    found = collect(walk.page, ("button", "link"), anchor=anchor)
    for one in found:
        by_words(one, words, where="name")
        if one.role == "link":
            one.credit(-1, "a link, not a button")
    chosen = walk.choose(name, screen, found, what="button that submits the form")
    assert chosen is not None
    return chosen
