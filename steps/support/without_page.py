"""Requests without the page: what a robot could do that a person would not, the server forbids.

The requests are captured once per worker from a successful registration (walkthrough/replay.py)
and proven on a control: the same requests with valid values, in a fresh session, must go
through. A scenario then sends its own values in the same places, with the session's cookies
(the steps: "le serveur ..." in steps/definitions/).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urldefrag

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from catalogue import texts
from steps.support.checks import current_step
from steps.support.people import identity_values, password_values
from walkthrough.captcha import CaptchaUnavailable, ManualCaptcha
from walkthrough.journey import Journey
from walkthrough.leaks import ResponseLog
from walkthrough.people import make_person
from walkthrough.replay import (
    NotIdentified,
    Reply,
    StepRequest,
    capture_step,
    open_address,
    replay_step,
)
from walkthrough.targets import Target

NOT_TESTED = "(non testé sans le navigateur)"


@dataclass(frozen=True)
class Captured:
    """Steps 2 and 3 as a successful registration sent them, or why they could not be used."""

    step2: StepRequest | None = None
    step3: StepRequest | None = None
    problem: str = ""


class StepRequests:
    """Steps 2 and 3's requests, captured once, when a scenario first sends one."""

    def __init__(self, capture: Callable[[], Captured]) -> None:
        self._capture = capture

    @functools.cached_property
    def captured(self) -> Captured:
        """Capture the requests (once: a registration and its control cost a few seconds)."""
        return self._capture()

    def of(self, step: int) -> StepRequest:
        """Return step `step`'s request; skip the scenario as not tested when there is none."""
        found = self.captured.step2 if step == 2 else self.captured.step3
        if found is None:
            pytest.skip(f"not tested: {self.captured.problem} {NOT_TESTED}")
        return found


def capture_requests(
    new_session_journey: Callable[[], Journey], target: Target, registration_start: str
) -> Captured:
    """Capture steps 2 and 3's requests from a registration, and prove them on a control."""
    if isinstance(target.captcha, ManualCaptcha):
        return Captured(problem="a manual captcha cannot be answered for a request")
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
        return Captured(problem=f"step 2's request could not be identified: {exc}")
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
        return Captured(step2, problem=f"step 3's request could not be identified: {exc}")
    control, redirects = _control(new_session_journey(), step2, step3, start=registration_start)
    step2, step3 = replace(step2, redirects=redirects), replace(step3, redirects=redirects)
    return Captured(step2, step3, problem=control)


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
    if step_shown_at(journey, step2.next_url) != 3:
        return "step 2's request sent again with valid values did not lead to step 3", redirects
    reply = replay_step(context, step3, password_values(texts.EXAMPLE_PASSWORD), page=journey.page)
    if not moved_on(reply, step3) and not has_account(journey, step3):
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
    return step_shown_at(journey, url) == template.step


def opens_next(journey: Journey, template: StepRequest) -> bool:
    """Tell whether the session now opens the step after `template`'s."""
    if template.redirects:
        return open_address(journey.page.context, template.next_url).reached(template.next_url)
    return step_shown_at(journey, template.next_url) == template.step + 1


def step_shown_at(journey: Journey, url: str) -> int | None:
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
    return current_step(journey)


def has_account(journey: Journey, step3: StepRequest) -> bool:
    """Tell whether the session now opens the account space (the page step 3 led to)."""
    journey.page.goto(step3.next_url)
    return journey.account.el("welcome_banner").first.is_visible()


def captcha_answer(journey: Journey, *, wrong: str | None = None) -> str:
    """Return a valid answer to the captcha pending in the session (or `wrong` when given)."""
    if wrong is not None:
        return wrong
    try:
        return journey.target.captcha.answer(journey.page, journey.identity.el("captcha_input"))
    except CaptchaUnavailable as exc:
        pytest.skip(f"not tested: no captcha answer for the request ({exc}) {NOT_TESTED}")
