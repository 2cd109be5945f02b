"""The account space (SYN-05's services, the DIF entry, the menu and the logout), the email, and
a later sign-in.
"""

from __future__ import annotations

import imaplib
from dataclasses import replace

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator

from catalogue import texts as t
from walkthrough.locators import DEFAULTS, spec_from_mapping
from walkthrough.mail import MailTimeout
from walkthrough.onboard import axtree
from walkthrough.onboard.candidates import Candidate, by_words, collect, fold, ranked
from walkthrough.onboard.walk import Walk, WalkStopped
from walkthrough.people import Person
from walkthrough.screens import ScreenName

# SYN-05's five services: words their names may say, and words their addresses may hold.
SERVICES: dict[str, tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]] = {
    "nav_personal_info": (
        (("informations personnelles", 4), ("mes informations", 2), ("coordonnées", 1)),
        (("information", 2), ("profil", 1), ("coordonnees", 1)),
    ),
    "nav_dif": ((("DIF", 4), ("heures", 1)), (("dif", 2),)),
    "nav_training_search": (
        (("rechercher une formation", 4), ("recherche", 1), ("formation", 1)),
        (("recherche", 1), ("formation", 1), ("catalogue", 1)),
    ),
    "nav_training_files": (
        (("dossiers de formation", 4), ("dossier", 2)),
        (("dossier", 2),),
    ),
    "nav_delegations": ((("délégation", 4),), (("delegation", 2),)),
}
LOGOUT_WORDS = (("déconnecter", 4), ("déconnexion", 4), ("quitter", 1))
SAVE_WORDS = (("Enregistrer", 3), ("Mettre à jour", 3), ("Valider", 2), ("Sauvegarder", 3))


def account_space(walk: Walk, person: Person) -> None:
    """Check the summary's fixed texts, find the five services, the DIF entry and the logout."""
    for name in ("summary_title", "hours_title", "footer_accessibility", "footer_contact"):
        walk.fixed(name, ScreenName.ACCOUNT, timeout_ms=1000)
    services(walk)
    dif(walk)
    log_out(walk, person)


def services(walk: Walk) -> None:
    """Name the links of SYN-05's five services, each element used once."""
    found = collect(walk.page, ("link", "button"))
    taken: set[int] = set()
    scored: dict[str, list[tuple[int, Candidate]]] = {}
    for service, (names, places) in SERVICES.items():
        mine = []
        for index, one in enumerate(found):
            copy = replace(one, score=0.0, reasons=[], flaws=[])
            by_words(copy, names, where="name")
            by_words(copy, places, where="href")
            mine.append((index, copy))
        scored[service] = mine
    # The service with the clearest winner picks first; the others do without its element.
    order = sorted(scored, key=lambda s: -max((c.score for _i, c in scored[s]), default=0))
    for service in order:
        left = [(i, c) for i, c in scored[service] if i not in taken]
        chosen = walk.choose(service, ScreenName.ACCOUNT, [c for _i, c in left],
                             what=f"link ({service})", required=False)  # fmt: skip
        if chosen is not None:
            best = ranked([c for _i, c in left])[0]
            taken.update(i for i, c in left if c is best)


def dif(walk: Walk) -> None:
    """Find the DIF balance field (on the summary or behind its link) and its save button."""
    field = _dif_field(walk)
    if field is None:
        nav = DEFAULTS["nav_dif"]
        chosen = [p for p in walk.found.proposals if p.name == "nav_dif"]
        if chosen and chosen[-1].entry:
            nav = spec_from_mapping("nav_dif", chosen[-1].entry)
        link = walk.visible(nav, timeout_ms=500)
        if link is not None:
            link.click()
            field = _dif_field(walk)
    if field is None:
        walk.found.missed.append(
            f"{ScreenName.ACCOUNT} dif_field (no field whose name speaks of DIF hours)"
        )
        return
    found = collect(walk.page, ("button",), anchor=field)
    for one in found:
        by_words(one, SAVE_WORDS, where="name")
    save = walk.choose(
        "dif_save", ScreenName.ACCOUNT, found, what="DIF save button", required=False
    )
    if save is None:
        return
    field.fill("121")
    before = axtree.read(walk.page)
    save.click()
    for where, said in axtree.wait_for_change(walk.page, before).new_since(before)[:1]:
        walk.pin("dif_invalid", ScreenName.ACCOUNT, said, where)
    field.fill("10")
    before = axtree.read(walk.page)
    save.click()
    # The save may load a page: what follows reads the account space once it has settled.
    axtree.wait_for_change(walk.page, before)
    walk.page.wait_for_load_state()


def _dif_field(walk: Walk) -> Locator | None:
    found = collect(walk.page, ("spinbutton", "textbox"))
    for one in found:
        by_words(one, (("DIF", 3), ("heures", 1), ("solde", 1)), where="name")
    if not any(c.score > 0 for c in found):
        return None
    return walk.choose(
        "dif_field", ScreenName.ACCOUNT, found, what="DIF balance field", required=False
    )


def log_out(walk: Walk, person: Person) -> None:
    """Find the logout, opening the menu that folds it when needed, and log out."""
    found = _logouts(walk)
    if not any(c.score > 0 for c in found):
        menu = _open_menu(walk, person)
        if menu is None:
            walk.found.missed.append(
                f"{ScreenName.ACCOUNT} logout (no control to log out, no menu holding one)"
            )
            return
        menu.click()
        found = _logouts(walk)
    logout = walk.choose("logout", ScreenName.ACCOUNT, found, what="logout", required=False)
    if logout is None:
        return
    before = axtree.read(walk.page)
    logout.click()
    axtree.wait_for_change(walk.page, before)


def _open_menu(walk: Walk, person: Person) -> Locator | None:
    """Choose the menu that folds the logout: a button, or a disclosure (<summary>)."""
    menus = collect(walk.page, ("button",))
    for summary in walk.page.locator("summary").all():
        if summary.is_visible():
            name = " ".join(summary.inner_text().split())
            menus.append(Candidate(role="disclosure", name=name, locator=summary))
    holder = fold(person.display_name)
    for one in menus:
        by_words(one, (("Menu", 2), ("Mon compte", 2), ("compte", 1)), where="name")
        if one.expanded == "false" or one.role == "disclosure":
            one.credit(2, "folds something (collapsed)")
        if fold(one.name) and fold(one.name) in holder:
            one.credit(3, "bears the holder's name")
    best = max(menus, key=lambda c: c.score, default=None)
    holds = ""
    if best is not None and "bears the holder's name" in best.reasons:
        holds = "bears the holder's name, which the suite opens by itself"
    elif best is not None and best.role == "disclosure":
        holds = "a disclosure (<summary>), which the suite opens by itself"
    return walk.choose("account_menu", ScreenName.ACCOUNT, menus, what="menu holding the logout",
                       required=False, default_holds=holds)  # fmt: skip


def _logouts(walk: Walk) -> list[Candidate]:
    found = collect(walk.page, ("link", "button", "menuitem"))
    for one in found:
        by_words(one, LOGOUT_WORDS, where="name")
        by_words(one, (("logout", 2), ("deconnexion", 2)), where="href")
    return found


def confirmation_email(walk: Walk, person: Person, where: str) -> None:
    """Wait for the confirmation email and check the sentences MAIL-01 quotes."""
    if walk.mail is None:
        return
    try:
        mail = walk.mail.wait_for(person.email, timeout=walk.mail_wait_s)
    except (MailTimeout, OSError, imaplib.IMAP4.error) as exc:
        raise WalkStopped(
            f"no email for {person.email} reached {where} within {walk.mail_wait_s:g} s "
            f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__}); "
            "check where the deployment sends its mail"
        ) from None
    quoted = (t.MAIL_GREETING, t.MAIL_WELCOME, t.MAIL_LINK_TEXT, t.MAIL_NO_REPLY, t.MAIL_REGARDS)
    for sentence in (*quoted, *t.MAIL_SIGNATURE):
        if not mail.says(sentence):
            walk.finding("MAIL-01", f"the confirmation email does not say “{sentence}”")


def sign_in(walk: Walk, base_url: str, person: Person, password: str) -> None:
    """Sign in again: once refused (its wording pinned), then with the right password."""
    try:
        walk.page.goto(base_url)
        DEFAULTS["home_access"].resolve(walk.page).filter(visible=True).first.click()
    except PlaywrightError:
        walk.found.missed.append(f"{ScreenName.LOGIN} (the login page could not be reached again)")
        return
    for attempt in (password + "9", password):
        nir = walk.visible(DEFAULTS["login_nir"])
        secret = walk.visible(DEFAULTS["login_password"])
        submit = walk.visible(DEFAULTS["login_submit"])
        if nir is None or secret is None or submit is None:
            walk.found.missed.append(
                f"{ScreenName.LOGIN} (its fields or “Je m'identifie” were not found)"
            )
            return
        nir.fill(person.nir.full)
        secret.fill(attempt)
        before = axtree.read(walk.page)
        submit.click()
        if attempt != password:
            for where, said in axtree.wait_for_change(walk.page, before).new_since(before)[:1]:
                walk.pin("login_refused", ScreenName.LOGIN, said, where)
    if walk.visible(DEFAULTS["summary_title"], timeout_ms=15_000) is None:
        walk.finding("LOG-01", "signing in with the NIR and password just registered failed")
