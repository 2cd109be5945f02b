"""Walk a deployment from its home page to a later sign-in, in one headless Chromium."""

from __future__ import annotations

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from walkthrough.browser import context_options, launch_args
from walkthrough.captcha import CaptchaStrategy
from walkthrough.locators import Locators, LocatorSpec
from walkthrough.mail import MailReader
from walkthrough.onboard import registration, space
from walkthrough.onboard.apprenticeship import apprenticeship
from walkthrough.onboard.evidence import Exploration
from walkthrough.onboard.walk import Walk, WalkStopped
from walkthrough.people import walkthrough_person


def explore(
    *,
    base_url: str,
    captcha: CaptchaStrategy,
    mail: MailReader | None,
    mail_where: str,
    email_template: str,
    checking: Locators | None = None,
    pinned: dict[str, LocatorSpec] | None = None,
    mail_wait_s: float = 30.0,
    headed: bool = False,
) -> Exploration:
    """Walk the deployment as a person would; return what was learnt (WalkStopped: cannot go on).

    `checking`: the registry of an existing profile, whose entries are compared on the way;
    `pinned`: the messages it pins, compared with the wording of each refusal.
    """
    found = Exploration(base_url=base_url)
    person = walkthrough_person(email_template=email_template)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_args(playwright, headless=not headed))
        page = browser.new_context(**context_options()).new_page()
        try:
            walk = Walk(
                page=page, captcha=captcha, mail=mail,
                found=found, checking=checking, pinned_before=dict(pinned or {}),
                mail_wait_s=mail_wait_s,
            )  # fmt: skip
            registration.open_home(walk, base_url)
            registration.login_page(walk)
            registration.step_1(walk)
            registration.step_2(walk, person)
            password = registration.step_3(walk)
            space.account_space(walk, person)
            space.confirmation_email(walk, person, mail_where)
            space.sign_in(walk, base_url, person, password)
            # A fresh context: the person of 30 is signed in in the first one.
            walk.page = browser.new_context(**context_options()).new_page()
            young = walkthrough_person(email_template=email_template, age=15)
            apprenticeship(walk, base_url, young)
        except PlaywrightError as exc:  # what the deployment did that no step foresaw
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise WalkStopped(f"the walk stopped on {page.url}: {first}") from None
        finally:
            browser.close()
    return found
