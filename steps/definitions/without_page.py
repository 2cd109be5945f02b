"""Alors, without the page: what a robot could do that a person would not, the server forbids.

A refused step sent again by request must be refused by the server; a step sent out of order
too (NAV-04); and the captcha's answer is nowhere a script can read it (CAP-03).

The requests are captured once per worker from a successful registration (walkthrough/replay.py)
and proven on a control: the same requests with valid values, in a fresh session, must go
through. A scenario then sends its own values in the same places, with the session's cookies.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urldefrag

import pytest
from playwright.sync_api import BrowserContext, expect
from playwright.sync_api import Error as PlaywrightError
from pytest_bdd import parsers, then

from catalogue import texts
from steps.definitions import then_common
from steps.definitions.when import WRONG_CAPTCHA_ANSWER
from steps.harness.settings import Settings
from walkthrough.captcha import CaptchaUnavailable, ManualCaptcha
from walkthrough.journey import Journey
from walkthrough.leaks import ResponseLog, where_readable
from walkthrough.pages.registration import IDENTITY_FIELDS, field_value
from walkthrough.people import Person, make_person
from walkthrough.replay import (
    NotIdentified,
    Reply,
    StepRequest,
    capture_step,
    open_address,
    replay_step,
)
from walkthrough.targets import Target
from walkthrough.verdict import fail, pick_rule

NOT_TESTED = "(non testé sans le navigateur)"
ACCEPTED = "refusé par la page, accepté par le serveur"
# The rules whose refusals are sent again, first the one a failure names when several are tagged.
RULES = (
    "FORM-02",
    "FORM-03",
    "FORM-04",
    "FORM-05",
    "ELIG-03",
    "ELIG-04",
    "PWD-01",
    "PWD-02",
    "CAP-02",
    "CAP-03",
    "CAP-04",
)
# The fields a rule is about: a failure quotes what was sent in them.
RULE_FIELDS = {
    "FORM-02": ("nir", "cle"),
    "FORM-03": ("birth_name",),
    "FORM-04": ("email", "email_confirm"),
    "FORM-05": ("landline", "mobile"),
    "ELIG-03": ("nir", "cle"),
    "ELIG-04": ("nir", "cle"),
    "PWD-01": ("password",),
    "PWD-02": ("password", "password_confirm"),
    "CAP-02": ("captcha",),
    "CAP-03": ("captcha",),
    "CAP-04": ("captcha",),
}


@dataclass(frozen=True)
class StepRequests:
    """Steps 2 and 3 as a successful registration sent them, or why they could not be used."""

    step2: StepRequest | None = None
    step3: StepRequest | None = None
    problem: str = ""

    def of(self, step: int) -> StepRequest:
        """Return step `step`'s request; skip the scenario as not tested when there is none."""
        found = self.step2 if step == 2 else self.step3
        if found is None:
            pytest.skip(f"not tested: {self.problem} {NOT_TESTED}")
        return found


def identity_values(person: Person, *, captcha: str) -> dict[str, str]:
    """Return what a person types at step 2, field by field in the order she types it."""
    values = {name: field_value(person, attribute) for name, attribute in IDENTITY_FIELDS}
    return {**values, "captcha": captcha}


def password_values(password: str, confirmation: str | None = None) -> dict[str, str]:
    """Return what a person types at step 3."""
    return {
        "password": password,
        "password_confirm": password if confirmation is None else confirmation,
    }


@pytest.fixture(scope="session")
def step_requests(
    new_session_journey: Callable[[], Journey], target: Target, registration_start: str
) -> StepRequests:
    """Capture steps 2 and 3's requests once per worker, and prove them on a control session."""
    if isinstance(target.captcha, ManualCaptcha):
        return StepRequests(problem="a manual captcha cannot be answered for a request")
    walker = new_session_journey()
    log = ResponseLog(walker.page).start()  # a token may come from a JSON state document
    person = make_person(email_template=target.email_template)
    walker.reach_step(2, person, start_url=registration_start)
    answer = target.captcha.answer(walker.page, walker.identity.el("captcha_input"))
    try:
        step2 = capture_step(
            walker.page,
            lambda: walker.submit_identity(person, captcha_answer=answer),
            step=2,
            typed=identity_values(person, captcha=answer),
            received=log.responses,
        )
    except NotIdentified as exc:
        return StepRequests(problem=f"step 2's request could not be identified: {exc}")
    expect(walker.password.el("password")).to_be_visible()
    walker.password.choose_password(texts.EXAMPLE_PASSWORD)
    try:
        step3 = capture_step(
            walker.page,
            walker.password.validate,
            step=3,
            typed=password_values(texts.EXAMPLE_PASSWORD),
            received=log.responses,
        )
    except NotIdentified as exc:
        return StepRequests(step2, problem=f"step 3's request could not be identified: {exc}")
    control, redirects = _control(new_session_journey(), step2, step3, start=registration_start)
    step2, step3 = replace(step2, redirects=redirects), replace(step3, redirects=redirects)
    return StepRequests(step2, step3, problem=control)


def _control(
    journey: Journey, step2: StepRequest, step3: StepRequest, *, start: str
) -> tuple[str, bool]:
    """Send both requests with valid values in a fresh session.

    Return why they failed ("" if they did not), and whether the server redirects step 3's
    address to step 2 in a session at step 2.
    """
    person = make_person(email_template=journey.target.email_template)
    journey.reach_step(2, person, start_url=start)
    # Only an address the server sees can be redirected: two hash routes of one page differ
    # after "#" alone, which never reaches it (every such address "reaches" every other).
    redirects = _server_address(step2.page_url) != _server_address(step2.next_url) and (
        open_address(journey.page.context, step2.next_url).reached(step2.page_url)
    )
    answer = journey.target.captcha.answer(journey.page, journey.identity.el("captcha_input"))
    context = journey.page.context
    replay_step(context, step2, identity_values(person, captcha=answer), page=journey.page)
    if _step_shown_at(journey, step2.next_url) != 3:
        return "step 2's request sent again with valid values did not lead to step 3", redirects
    reply = replay_step(context, step3, password_values(texts.EXAMPLE_PASSWORD), page=journey.page)
    if not moved_on(reply, step3) and not _has_account(journey, step3):
        return "step 3's request sent again with valid values created no account", redirects
    return "", redirects


def _server_address(url: str) -> str:
    """Return `url` as the server receives it: without its fragment."""
    return urldefrag(url).url


def moved_on(reply: Reply, template: StepRequest) -> bool:
    """Tell whether a reply ended where the successful submit led (when that was elsewhere)."""
    return not reply.reached(template.page_url) and reply.reached(template.next_url)


def still_on(journey: Journey, template: StepRequest, *, open_url: str | None) -> bool:
    """Tell whether the session still asks for `template`'s step when `open_url` is opened.

    Where the server redirects an address opened too early, one HTTP request says it;
    otherwise (a single-page application, one address for all steps) the browser opens it
    and reads the progress bar.
    """
    url = open_url or template.page_url
    if template.redirects:
        return open_address(journey.page.context, url).reached(template.page_url)
    return _step_shown_at(journey, url) == template.step


def _opens_next(journey: Journey, template: StepRequest) -> bool:
    """Tell whether the session now opens the step after `template`'s."""
    if template.redirects:
        return open_address(journey.page.context, template.next_url).reached(template.next_url)
    return _step_shown_at(journey, template.next_url) == template.step + 1


def _step_shown_at(journey: Journey, url: str) -> int | None:
    """Open `url` in the tab; return the step its progress bar marks, once it is drawn."""
    # A page load of its own: an address that differs from the one shown only after "#" (hash
    # routes) loads nothing, and the router's answer would race with the reading.
    journey.page.goto("about:blank")
    journey.page.goto(url)
    with contextlib.suppress(PlaywrightError, AssertionError):
        expect(journey.cgu.current_step()).to_be_attached(timeout=5000)
        # A client-side router may first draw the step its address names, then ask its server
        # how far the session got and move back: read the step once the network is quiet.
        journey.page.wait_for_load_state("networkidle", timeout=5000)
    return then_common.current_step(journey)


def _has_account(journey: Journey, step3: StepRequest) -> bool:
    """Tell whether the session now opens the account space (the page step 3 led to)."""
    journey.page.goto(step3.next_url)
    return journey.account.el("welcome_banner").first.is_visible()


def requests_or_skip(settings: Settings, request: pytest.FixtureRequest) -> StepRequests:
    """Return the captured requests, unless the profile turns requests without the page off."""
    if settings.profile is not None and not settings.profile.server.without_page:
        pytest.skip(f"not tested: the profile turns it off (server.without_page) {NOT_TESTED}")
    found: StepRequests = request.getfixturevalue("step_requests")
    return found


def captcha_answer(journey: Journey, *, wrong: str | None = None) -> str:
    """Return a valid answer to the captcha pending in the session (or `wrong` when given)."""
    if wrong is not None:
        return wrong
    try:
        return journey.target.captcha.answer(journey.page, journey.identity.el("captcha_input"))
    except CaptchaUnavailable as exc:
        pytest.skip(f"not tested: no captcha answer for the request ({exc}) {NOT_TESTED}")


def _optional(request: pytest.FixtureRequest, name: str) -> object:
    try:
        return request.getfixturevalue(name)
    except pytest.FixtureLookupError:
        return None


@pytest.fixture
def email_confirmation() -> str | None:
    """Return the email confirmation typed at step 2 when it differs from the email."""
    return None


@pytest.fixture
def password_confirmation() -> str | None:
    """Return the password confirmation typed at step 3 when it differs from the password."""
    return None


@then(parsers.re(r"le serveur (?P<how>la refuse aussi|en décide de même) sans la page"))
def server_decides_too(
    journey: Journey,
    settings: Settings,
    scenario_tags: set[str],
    request: pytest.FixtureRequest,
    how: str,
) -> None:
    """Send the step the page just refused again by request; the server must refuse it too."""
    rule = pick_rule(scenario_tags, *RULES)
    step = 3 if rule in ("PWD-01", "PWD-02") else 2
    if then_common.current_step(journey) != step:
        if how == "la refuse aussi":
            raise fail(rule, f"step {step} was not refused by the page", "a refusal")
        return  # the page's own request went through: the server decided it already
    step_requests = requests_or_skip(settings, request)
    template = step_requests.of(step)
    if step == 2:
        person = request.getfixturevalue("typed")
        captcha = None
        if rule in ("CAP-02", "CAP-03", "CAP-04"):
            noted = _optional(request, "noted_answer")
            captcha = noted if isinstance(noted, str) else WRONG_CAPTCHA_ANSWER
        values = identity_values(person, captcha=captcha_answer(journey, wrong=captcha))
        confirmation = request.getfixturevalue("email_confirmation")
        if confirmation is not None:
            values["email_confirm"] = confirmation
    else:
        values = password_values(
            request.getfixturevalue("password"),
            request.getfixturevalue("password_confirmation"),
        )
    what = _what(journey, rule, values)
    reply = replay_step(journey.page.context, template, values, page=journey.page)
    if moved_on(reply, template):
        raise _accepted(rule, step, what, f"led to {reply.url}")
    # The address that follows this step, opened in the same session, still asks for it.
    if not still_on(journey, template, open_url=template.next_url if step == 2 else None):
        raise _accepted(rule, step, what, f"moved the session past step {step}")
    if step == 2:
        finish = replay_step(
            journey.page.context,
            step_requests.of(3),
            password_values(texts.EXAMPLE_PASSWORD),
            page=journey.page,
        )
        if moved_on(finish, step_requests.of(3)):
            raise _accepted(rule, step, what, "let step 3 create the account")


def _what(journey: Journey, rule: str, values: dict[str, str]) -> str:
    """Describe the values under test, by the labels a person reads."""
    shown = []
    for name in RULE_FIELDS.get(rule, ()):
        label = journey.target.locators.text_of(name if name != "captcha" else "captcha_input")
        shown.append(f"“{label}” = “{values.get(name, '')}”")
    return ", ".join(shown) or "the refused values"


def _accepted(rule: str, step: int, what: str, how: str) -> AssertionError:
    return fail(
        rule,
        f"{ACCEPTED}: step {step} sent again without the page with {what} {how}",
        "the server to refuse it as the page does",
    )


@then(parsers.parse("le serveur refuse aussi l'étape {step:d} envoyée sans la page"))
def server_keeps_order(
    journey: Journey,
    settings: Settings,
    target: Target,
    request: pytest.FixtureRequest,
    step: int,
) -> None:
    """NAV-04 by request: step 2 before the CGU, step 3 before step 2, both refused."""
    step_requests = requests_or_skip(settings, request)
    context: BrowserContext = journey.page.context
    person = make_person(email_template=target.email_template)
    step2, step3 = step_requests.of(2), step_requests.of(3)
    if step == 2:
        try:
            answer = target.captcha.answer(journey.page, journey.identity.el("captcha_input"))
        except CaptchaUnavailable:  # no captcha was ever shown in this session: none to give
            answer = WRONG_CAPTCHA_ANSWER
        reply = replay_step(
            context, step2, identity_values(person, captcha=answer), page=journey.page
        )
        if moved_on(reply, step2):
            raise _out_of_order(2, f"led to {reply.url}")
        if _opens_next(journey, step2):
            raise _out_of_order(2, "moved the session on to step 3")
    else:
        # Step 2 tried and refused (a wrong captcha): the session still finished step 1 only.
        values = identity_values(person, captcha=WRONG_CAPTCHA_ANSWER)
        replay_step(context, step2, values, page=journey.page)
    reply = replay_step(context, step3, password_values(texts.EXAMPLE_PASSWORD), page=journey.page)
    if moved_on(reply, step3) or _has_account(journey, step3):
        raise _out_of_order(step, "let step 3 create the account")


def _out_of_order(step: int, how: str) -> AssertionError:
    before = "before the CGU were accepted" if step == 2 else "before step 2 was completed"
    return fail(
        "NAV-04",
        f"step {step}'s request sent without the page {before} {how}",
        "the server to refuse a step whose previous steps are not done",
    )


@pytest.fixture(autouse=True)
def leak_log(request: pytest.FixtureRequest) -> ResponseLog | None:
    """Log the responses of a CAP-03 scenario's tab from its first page on (the leak check)."""
    if request.node.get_closest_marker("CAP-03") is None:
        return None
    return ResponseLog(request.getfixturevalue("page")).start()


@then("la réponse du contrôle de sécurité ne se lit nulle part ailleurs que dans l'image et le son")
def answer_not_readable(journey: Journey, target: Target, leak_log: ResponseLog | None) -> None:
    """Look for the pending answer in every response, the page, the cookies and web storage."""
    if isinstance(target.captcha, ManualCaptcha) or leak_log is None:
        pytest.skip("not tested: the answer is known only to the person who reads it")
    field = journey.identity.el("captcha_input")
    expect(field).to_be_visible()
    answer = target.captcha.answer(journey.page, field)
    places = where_readable(journey.page, journey.page.context, leak_log, answer)
    if places:
        raise fail(
            "CAP-03",
            f"the captcha answer “{answer}” can be read by a script: {'; '.join(places)}",
            "the answer only in the image and the sound",
        )
