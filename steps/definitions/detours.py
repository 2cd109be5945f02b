"""Soit / Quand / Alors: the detours of a person: a double click, going back, a taken number."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from time import monotonic

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, Request, expect
from pytest_bdd import given, parsers, then, when

from catalogue import texts
from walkthrough.captcha import CaptchaSeen, seen_captcha
from walkthrough.journey import Journey
from walkthrough.people import Nir, Person, make_person
from walkthrough.verdict import page_state, pick_rule, verify


def _sends(request: Request) -> bool:
    """Tell whether a request sends something (a form post, a fetch), not a page or an asset."""
    return request.method not in ("GET", "HEAD", "OPTIONS")


# What a page asks for while a step is handled: the form's posts, its script's calls, its pages.
_PAGE_WORK = ("document", "fetch", "xhr")


# How long a page may take to answer everything a double click set off, and how long without
# a request ending or starting counts as settled (a script acts on an answer within it).
SETTLE_TIMEOUT_MS = 10_000
QUIET_MS = 250


@dataclass
class Traffic:
    """The requests a page made from some moment on (its pages, posts and script calls)."""

    page: Page
    requests: list[Request] = field(default_factory=list)
    pending: set[Request] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.page.on("request", self._record)
        self.page.on("requestfinished", self._done)
        self.page.on("requestfailed", self._done)  # cancelled by the browser: over as well

    def _record(self, request: Request) -> None:
        if request.resource_type in _PAGE_WORK:
            self.requests.append(request)
            self.pending.add(request)

    def _done(self, request: Request) -> None:
        self.pending.discard(request)

    def settle(self) -> int:
        """Wait until every request is over and QUIET_MS pass without any; return the sends.

        Stop recording at the end; a page still busy after SETTLE_TIMEOUT_MS is left to the
        checks that follow.
        """
        deadline = monotonic() + SETTLE_TIMEOUT_MS / 1000
        while monotonic() < deadline:
            seen = len(self.requests)
            try:
                # Playwright hands over the page's events while it waits: the sets above change.
                self.page.wait_for_event("requestfinished", timeout=QUIET_MS)
                continue  # something ended: the page may act on it
            except PlaywrightError:
                pass  # a quiet moment
            if not self.pending and seen == len(self.requests):
                break
        for event, handler in (
            ("request", self._record),
            ("requestfinished", self._done),
            ("requestfailed", self._done),
        ):
            self.page.remove_listener(event, handler)
        return sum(_sends(r) for r in self.requests)


def double_click(journey: Journey, button: Locator) -> Traffic:
    """Double-click `button` as a person does: the second click lands while the first is sent.

    Playwright's own `dblclick()` clicks twice within one instant, before the browser has sent
    anything, and Chromium then submits a plain form once; a person's second click comes a
    little later, once the first submit has left. The second click goes to the same spot with
    a click count of 2, as a mouse reports a double click. Return what the page asked for from
    the first click on (`Traffic.settle` waits until it is all answered).
    """
    page = journey.page
    target = button.filter(visible=True).first
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    if box is None:
        raise AssertionError(f"the button {target} has no box to click")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    traffic = Traffic(page)
    with page.expect_request(_sends):
        page.mouse.down()
        page.mouse.up()
    page.mouse.down(click_count=2)
    page.mouse.up(click_count=2)
    return traffic


@when(
    parsers.parse('elle choisit le mot de passe "{password}" et double-clique sur « Valider »'),
    target_fixture="password",
)
def double_click_validate(journey: Journey, password: str) -> str:
    journey.password.choose_password(password)
    double_click(journey, journey.password.el("validate")).settle()
    return password


@when("elle remplit le formulaire d'identité et double-clique sur « Continuer »")
def double_click_continue(journey: Journey, person: Person) -> None:
    journey.identity.fill_identity(person)
    journey.identity.answer_captcha(journey.target.captcha)
    # Both copies answered, and whatever the page asked for after them: the screen has settled.
    double_click(journey, journey.identity.el("continue")).settle()


@when(
    parsers.parse('elle termine son inscription avec le mot de passe "{password}"'),
    target_fixture="password",
)
def finish_registration(journey: Journey, person: Person, password: str) -> str:
    """Go on from the screen the double click left: step 2 again (answered anew) or step 3."""
    password_field = journey.password.el("password").first
    expect(password_field.or_(journey.identity.el("nir").first)).to_be_visible()
    if not password_field.is_visible():
        # The second copy may have spent the answer: she answers the new characters and goes on.
        journey.submit_identity(person)
    verify(
        "MAIL-03",
        lambda: expect(password_field).to_be_visible(),
        seen=lambda: f"after a double click on step 2, {page_state(journey.page)}",
        expected="step 3 once step 2 is sent again with a new answer",
    )
    journey.password.choose_password(password)
    journey.password.validate()
    return password


@then("son compte s'ouvre avec son numéro et ce mot de passe dans un autre navigateur")
def account_opens_elsewhere(
    new_journey: Callable[[], Journey], person: Person, password: str, scenario_tags: set[str]
) -> None:
    """Sign in from another browser: one account for her NIR, open to her password."""
    rule = pick_rule(scenario_tags, "FORM-07", "LOG-01")
    other = new_journey()
    other.sign_in(person.nir.full, password)
    verify(
        rule,
        lambda: expect(other.account.holder_name(person.display_name)).to_be_visible(),
        seen=lambda: (
            f"after a double click, signing in with {person.nir.full} and her password"
            f" showed {page_state(other.page)}"
        ),
        expected=f'the account space of "{person.display_name}", open to the password she chose',
    )


@given("un compte existe déjà pour un autre numéro", target_fixture="taken_nir")
def account_for_another_nir(new_journey: Callable[[], Journey], registration_start: str) -> Nir:
    other = new_journey()
    holder = make_person(email_template=other.target.email_template)
    other.register(holder, texts.EXAMPLE_PASSWORD, start_url=registration_start)
    return holder.nir


@when("elle remplit le formulaire d'identité avec ce numéro déjà inscrit et continue")
def submit_taken_nir(journey: Journey, person: Person, taken_nir: Nir, noted_answer: str) -> None:
    """Send step 2 with a NIR only the server can know is taken, and the noted answer.

    Every field is well formed, so no check in the browser stops it: the answer reaches the
    server, which refuses the step (FORM-07) and must spend the answer (CAP-03).
    """
    sent: list[str] = []

    def record(request: Request) -> None:
        if _sends(request):
            sent.append(request.post_data or "")

    journey.page.on("request", record)
    try:
        journey.submit_identity(person.with_changes(nir=taken_nir), captcha_answer=noted_answer)
    finally:
        journey.page.remove_listener("request", record)
    if not any(noted_answer.casefold() in body.casefold() for body in sent):
        pytest.skip(
            "not tested: step 2 with a NIR that has an account never sent the answer to the"
            f" portal ({len(sent)} request(s) sent, none with it)"
        )
    verify(
        "FORM-07",
        lambda: expect(journey.identity.el("nir").first).to_be_visible(),
        seen=lambda: f"a NIR that has an account went on: {page_state(journey.page)}",
        expected="step 2 still shown, refusing the NIR",
    )


@when("elle revient à l'étape 2 par le bouton « Précédent » du navigateur")
def back_to_step_2(journey: Journey, scenario_tags: set[str]) -> None:
    rule = pick_rule(scenario_tags, "CAP-03", "NAV-04")
    verify(
        rule,
        lambda: expect(journey.password.el("password").first).to_be_visible(),
        seen=lambda: f"step 2 with the noted answer was not accepted: {page_state(journey.page)}",
        expected="step 3 after a right answer, before going back",
    )
    journey.page.go_back()
    expect(journey.identity.el("nir").first).to_be_visible()


@when("elle renvoie l'étape 2 avec la réponse notée", target_fixture="captcha_before")
def resend_with_noted(journey: Journey, person: Person, noted_answer: str) -> CaptchaSeen:
    before = seen_captcha(journey)
    journey.submit_identity(person, captcha_answer=noted_answer)
    return before
