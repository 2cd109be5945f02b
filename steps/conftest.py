"""Suite fixtures: one target and one browser per worker, a fresh context per scenario.

State passes one way: fixtures. A step that learns something returns it with `target_fixture`
(`person`, `typed`, `password`, `noted_answer`…) and a later step asks for it by name; what a
scenario may leave unset has a default fixture below (`password`, `typed`, `noted_page`…).
No step looks a fixture up by hand. (The library's `Journey` still remembers the screen before
the last action, `journey.record`, which `refused` compares with: walkthrough/journey.py.)
The step definitions are in steps/definitions/, loaded by the root conftest.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright

from catalogue import texts
from steps.harness.recorder import PAGE_KEY, REPORTS_KEY, TRACE_KEY, is_retry
from steps.harness.reports import part_name
from steps.harness.settings import SETTINGS_KEY, Settings
from steps.support.without_page import Captured, StepRequests, capture_requests
from walkthrough.browser import context_options, launch_args
from walkthrough.journey import Journey
from walkthrough.leaks import ResponseLog
from walkthrough.mail import ConfirmationEmail, MaildirReader, MailReader
from walkthrough.people import Person, make_person
from walkthrough.runmodel import append_jsonl
from walkthrough.targets import Target, bundled_target, mail_reader_for, target_from_profile

EXPECT_TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def settings(pytestconfig: pytest.Config) -> Settings:
    return pytestconfig.stash[SETTINGS_KEY]


@pytest.fixture(scope="session")
def target(settings: Settings) -> Iterator[Target]:
    """Start the bundled portal once per worker, or describe the profile's deployment."""
    profile = settings.profile
    if profile is None:
        with bundled_target(
            screenshots=settings.screenshots, accessibility=settings.accessibility
        ) as bundled:
            yield bundled
        return
    # The run's SMTP listener is the controller's (steps/harness/plugin.py); it fills a Maildir.
    maildir = settings.run_dir / "mail" / settings.run_uid
    mail = mail_reader_for(profile, smtp=lambda _config: MaildirReader(maildir))
    yield target_from_profile(profile, mail=mail)


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], playwright: Playwright, settings: Settings
) -> dict[str, Any]:
    """Launch the discovered Chromium (also sent to a remote `playwright run-server`)."""
    args = launch_args(playwright, headless=browser_type_launch_args.get("headless", True))
    if settings.ws_endpoint:
        args.pop("executable_path", None)  # the remote server knows its own browser
    return {**args, **browser_type_launch_args}


@pytest.fixture(scope="session")
def connect_options(settings: Settings) -> dict[str, Any] | None:
    """Connect to a remote browser when --browser-ws-endpoint is given."""
    return {"endpoint": settings.ws_endpoint} if settings.ws_endpoint else None


@pytest.fixture(scope="session")
def browser_context_args(target: Target) -> dict[str, Any]:
    """Open every context as a French user in Paris would, on a 1280x720 screen."""
    return context_options(base_url=target.base_url)


def _slug(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", nodeid).strip("-")[-120:]


@pytest.fixture
def context(
    browser: Browser,
    browser_context_args: dict[str, Any],
    request: pytest.FixtureRequest,
    settings: Settings,
) -> Iterator[BrowserContext]:
    """Open a fresh context per scenario; trace it when the trace policy asks for it.

    on-first-retry: only the second run of a failed scenario is traced, and its trace kept.
    retain-on-failure: every scenario is traced; the trace is kept when it failed.
    """
    version = settings.run_dir / "browser-version.txt"
    if not version.exists():  # run.json reports it; the controller has no browser of its own
        version.write_text(browser.version)
    ctx = browser.new_context(**browser_context_args)
    ctx.set_default_timeout(EXPECT_TIMEOUT_MS)
    retry = is_retry(request.node)
    traced = retry or settings.traces == "retain-on-failure"
    if traced:
        # A retry is rare: give it the trace viewer's filmstrip and sources too.
        ctx.tracing.start(snapshots=True, screenshots=retry, sources=retry)
    yield ctx
    call = request.node.stash.get(REPORTS_KEY, {}).get("call")
    if traced and (retry or (call is not None and call.failed)):
        rel = f"traces/{_slug(request.node.nodeid)}.zip"
        (settings.run_dir / "traces").mkdir(parents=True, exist_ok=True)
        ctx.tracing.stop(path=settings.run_dir / rel)
        request.node.stash[TRACE_KEY] = rel
    elif traced:
        ctx.tracing.stop()
    ctx.close()


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Page:
    """Open the scenario's tab; the recorder screenshots it after each step."""
    tab = context.new_page()
    request.node.stash[PAGE_KEY] = tab
    return tab


@pytest.fixture
def leak_log(page: Page, scenario_tags: set[str]) -> ResponseLog | None:
    """Log the responses of a CAP-03 scenario's tab from its first page on (the leak check)."""
    return ResponseLog(page).start() if "CAP-03" in scenario_tags else None


@pytest.fixture
def journey(page: Page, target: Target, leak_log: ResponseLog | None) -> Journey:
    """Drive the target in this scenario's tab (a CAP-03 scenario's responses logged first)."""
    return Journey(page=page, target=target)


@pytest.fixture
def new_journey(
    browser: Browser, browser_context_args: dict[str, Any], target: Target
) -> Iterator[Callable[[], Journey]]:
    """Open other people's tabs (another browser context each) within the scenario."""
    yield from _journeys(browser, browser_context_args, target)


def _journeys(
    browser: Browser, browser_context_args: dict[str, Any], target: Target
) -> Iterator[Callable[[], Journey]]:
    """Yield a maker of journeys, each in its own browser context; close them all after."""
    opened: list[BrowserContext] = []

    def make() -> Journey:
        ctx = browser.new_context(**browser_context_args)
        ctx.set_default_timeout(EXPECT_TIMEOUT_MS)
        opened.append(ctx)
        return Journey(page=ctx.new_page(), target=target)

    yield make
    for ctx in opened:
        ctx.close()


@pytest.fixture(scope="session")
def step_urls(new_session_journey: Callable[[], Journey], target: Target) -> dict[int, str]:
    """Learn the addresses of the three steps from outside, by walking them once."""
    walker = new_session_journey()
    walker.reach_step(3, make_person(email_template=target.email_template))
    return dict(walker.step_urls)


@pytest.fixture(scope="session")
def registration_start(new_session_journey: Callable[[], Journey], target: Target) -> str:
    """Learn step 1's address once per worker, by following the deployment's own links.

    Preconditions open it directly (`Journey.reach_step(start_url=...)`); no captcha is
    answered on the way, so a `manual` captcha profile is not asked anything more.
    """
    walker = new_session_journey()
    walker.reach_step(1, make_person(email_template=target.email_template))
    return walker.step_urls[1]


@pytest.fixture(scope="session")
def new_session_journey(
    browser: Browser, browser_context_args: dict[str, Any], target: Target
) -> Iterator[Callable[[], Journey]]:
    """Open tabs that live for the whole worker (learning the steps' addresses)."""
    yield from _journeys(browser, browser_context_args, target)


@pytest.fixture(scope="session")
def a11y_audit(
    settings: Settings, target: Target, pytestconfig: pytest.Config
) -> Callable[[Page], None]:
    """Audit each distinct screen once per worker with livingspec.a11y, into a11y.<worker>.jsonl.

    Audits are kept in pytest's cache by the screen's fingerprint, so a screen that another
    worker or an earlier run audited is not audited again (`--cache-clear` forgets them;
    `-p no:cacheprovider` audits every screen anew).
    """
    if not (settings.accessibility and target.accessibility):
        return lambda _page: None
    try:
        from livingspec.a11y import audit_page
    except ImportError:  # the living-spec part is optional for the suite
        return lambda _page: None
    seen: set[str] = set()
    part = settings.run_dir / part_name("a11y", settings)
    cache = getattr(pytestconfig, "cache", None)  # None under -p no:cacheprovider

    def audit(page: Page) -> None:
        screen = _screen_name(page)
        if screen in seen:
            return
        seen.add(screen)
        try:
            append_jsonl(part, audit_page(page, screen=screen, cache=cache))
        except Exception:  # an audit failure must not change a verdict
            seen.discard(screen)

    return audit


def _screen_name(page: Page) -> str:
    return f"{page.title()} ({urlparse(page.url).path})"


@pytest.fixture
def mail_reader(target: Target) -> MailReader:
    """Return the target's mailbox reader (MAIL scenarios are skipped when there is none)."""
    if target.mail is None:
        pytest.skip("not tested: the profile has no mailbox (mail kind = none)")
    return target.mail


@pytest.fixture
def confirmation_email(mail_reader: MailReader, person: Person) -> ConfirmationEmail:
    """Wait for the email sent to the person."""
    return mail_reader.wait_for(person.email)


@pytest.fixture
def password() -> str:
    """Return the password a holder chose (the walkthrough's example unless a step says)."""
    return texts.EXAMPLE_PASSWORD


@pytest.fixture
def apprenticeship() -> bool:
    """Tell whether the person declares a signed apprenticeship contract (no unless a step says)."""
    return False


@pytest.fixture
def typed(person: Person) -> Person:
    """Return what the person typed at step 2 (the person's data unless a step changed it)."""
    return person


@pytest.fixture
def scenario_tags(request: pytest.FixtureRequest) -> set[str]:
    """Return the tags of the running scenario (catalogue IDs among them)."""
    return {marker.name for marker in request.node.iter_markers()}


@pytest.fixture
def password_field() -> str:
    """Return the locator name of the password field a step typed into."""
    return "password"


@pytest.fixture(scope="session")
def step_requests(
    settings: Settings,
    new_session_journey: Callable[[], Journey],
    target: Target,
    registration_start: str,
) -> StepRequests:
    """Capture steps 2 and 3's requests once per worker, when a scenario first sends one."""
    if settings.profile is not None and not settings.profile.server.without_page:
        off = Captured(problem="the profile turns it off (server.without_page)")
        return StepRequests(lambda: off)
    return StepRequests(lambda: capture_requests(new_session_journey, target, registration_start))


# What a scenario may set (target_fixture), and what it is when it does not.


@pytest.fixture
def email_confirmation() -> str | None:
    """Return the email confirmation typed at step 2 when it differs from the email."""
    return None


@pytest.fixture
def password_confirmation() -> str | None:
    """Return the password confirmation typed at step 3 when it differs from the password."""
    return None


@pytest.fixture
def noted_answer() -> str | None:
    """Return the captcha answer the person noted (none unless a step says)."""
    return None


@pytest.fixture
def noted_page() -> str | None:
    """Return what the page said when the person noted it (nothing unless a step says)."""
    return None


@pytest.fixture
def login_typed() -> list[str]:
    """Return what the person typed at the login page so far (LOG-02 leaves it out)."""
    return []
