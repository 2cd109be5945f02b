"""ELIG-02 on the way: a person of 15 meets the apprenticeship declaration, ticks it, goes on.

A second registration, in a fresh browser context, up to step 3 (no account is made): the
reference portal asks inline after a first submit, the second implementation likewise, the
third in a modal `<dialog>`. The checkbox's text is one the catalogue fixes, so it is never
proposed as an entry: the walk only says whether it found it, by that text or another.
"""

from __future__ import annotations

import re
from typing import Literal

from playwright.sync_api import Error as PlaywrightError

from walkthrough.locators import DEFAULTS, LocatorSpec, spec_from_mapping
from walkthrough.onboard import axtree
from walkthrough.onboard.candidates import by_words, collect
from walkthrough.onboard.registration import NEXT_SCREEN_MS, fill_identity
from walkthrough.onboard.walk import Walk
from walkthrough.people import Person
from walkthrough.screens import ScreenName

DECLARATION_WORDS = (("contrat d'apprentissage", 4), ("apprentissage", 3), ("apprenti", 2))
ASK_TRIES, ASK_PAUSE_MS = 20, 250
PASS_TIMEOUT_MS = 10_000  # a stuck control fails this pass, not the whole onboarding
_SPEAKS_OF_IT = re.compile("apprenti", re.IGNORECASE)


def apprenticeship(walk: Walk, base_url: str, person: Person) -> None:
    """Take a person of 15 through steps 1 and 2; the walk already found every button."""
    walk.page.set_default_timeout(PASS_TIMEOUT_MS)
    try:
        _declare(walk, base_url, person)
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        walk.found.notes.append(f"ELIG-02: the age-15 walk stopped on {walk.page.url}: {first}")


def _declare(walk: Walk, base_url: str, person: Person) -> None:
    page = walk.page
    page.goto(base_url, wait_until="domcontentloaded")
    _chosen(walk, "home_access", ScreenName.HOME).resolve(page).first.click()
    _chosen(walk, "register", ScreenName.LOGIN).resolve(page).first.click()
    box = walk.visible(DEFAULTS["cgu_checkbox"], timeout_ms=NEXT_SCREEN_MS)
    if box is None:
        walk.found.notes.append("ELIG-02: the age-15 walk did not reach step 1 again")
        return
    box.check()
    _chosen(walk, "continue", ScreenName.STEP_1).resolve(page).first.click()
    if walk.visible(DEFAULTS["nir"], timeout_ms=NEXT_SCREEN_MS) is None:
        walk.found.notes.append("ELIG-02: the age-15 walk did not reach step 2 again")
        return
    go_on = _chosen(walk, "continue", ScreenName.STEP_2)
    fill_identity(walk, person, birth_name=person.birth_name)
    before = axtree.read(page)
    go_on.resolve(page).filter(visible=True).first.click()
    axtree.wait_for_change(page, before)
    if _asked(walk) == "went on":
        walk.finding("ELIG-02", "step 2 let a person of 15 go on without the declaration")
        return
    found = [c for c in collect(page, ("checkbox",)) if _SPEAKS_OF_IT.search(c.name)]
    for one in found:
        by_words(one, DECLARATION_WORDS, where="name")
    declaration = walk.choose(
        "apprenticeship", ScreenName.STEP_2, found, what="apprenticeship declaration",
        required=False,
    )  # fmt: skip
    if declaration is None:
        return
    declaration.check()
    if walk.visible(DEFAULTS["password"], timeout_ms=1000) is None:
        # Asked after a refused submit: the captcha is new, the form is sent again.
        fill_identity(walk, person, birth_name=person.birth_name)
        go_on.resolve(page).filter(visible=True).first.click()
    if walk.visible(DEFAULTS["password"], timeout_ms=NEXT_SCREEN_MS) is None:
        said = "; ".join(t for _w, t in axtree.read(page).new_since(before)) or "nothing"
        walk.finding("ELIG-02", f"step 2 refused a person of 15 who declared it: it said {said}")


def _asked(walk: Walk) -> Literal["asked", "went on", "nothing"]:
    """Wait for the declaration to be asked, or for step 3 to show that it never will be."""
    asked = walk.page.get_by_role("checkbox", name=_SPEAKS_OF_IT).filter(visible=True)
    for _attempt in range(ASK_TRIES):
        if asked.count():
            return "asked"
        if walk.visible(DEFAULTS["password"], timeout_ms=0.1) is not None:
            return "went on"
        walk.page.wait_for_timeout(ASK_PAUSE_MS)
    return "nothing"


def _chosen(walk: Walk, name: str, screen: ScreenName) -> LocatorSpec:
    """Return what the walk chose for `name` on `screen`: its entry, else the default."""
    for proposal in reversed(walk.found.proposals):
        if (proposal.name, proposal.screen) == (name, screen) and proposal.entry is not None:
            return spec_from_mapping(name, proposal.entry)
    return DEFAULTS[name]
