"""The walkthrough as a sequence of page-object actions, shared by the steps of every feature."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Page, expect

from walkthrough.pages import AccountSpace, CguStep, HomePage, IdentityStep, LoginPage, PasswordStep
from walkthrough.people import Person
from walkthrough.targets import Target


@dataclass
class Journey:
    """One person's browser tab on one target, with a page object per screen."""

    page: Page
    target: Target
    step_urls: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        loc = self.target.locators
        self.home = HomePage(self.page, loc)
        self.login = LoginPage(self.page, loc)
        self.cgu = CguStep(self.page, loc)
        self.identity = IdentityStep(self.page, loc)
        self.password = PasswordStep(self.page, loc)
        self.account = AccountSpace(self.page, loc)

    def open_home(self) -> None:
        """Open the public home page."""
        self.home.open(self.target.base_url)

    def open_login(self) -> None:
        """Reach the login page from the public home page."""
        self.open_home()
        self.home.go_to_login()
        expect(self.login.el("login_title")).to_be_visible()

    def reach_step(
        self,
        step: int,
        person: Person,
        *,
        apprenticeship: bool = False,
        start_url: str | None = None,
    ) -> None:
        """Go to registration step `step` (1, 2 or 3) with `person`.

        By default from the home page, through the links a person follows. A precondition
        (a `Soit` step) passes `start_url`, step 1's address learned from the deployment's own
        link (the `step_urls` fixture), and opens it directly: two page loads fewer, and the
        navigation itself is judged by its own scenarios. A deployment that does not show
        step 1 at that address is walked from the home page instead.
        """
        if start_url is not None:
            self.page.goto(start_url)
        if start_url is None or not self.cgu.el("cgu_checkbox").is_visible():
            self.open_login()
            self.login.start_registration()
        expect(self.cgu.el("cgu_checkbox")).to_be_visible()
        self.step_urls[1] = self.page.url
        if step == 1:
            return
        self.cgu.accept_cgu()
        self.cgu.go_on()
        expect(self.identity.el("nir")).to_be_visible()
        self.step_urls[2] = self.page.url
        if step == 2:
            return
        self.submit_identity(person, apprenticeship=apprenticeship)
        expect(self.password.el("password")).to_be_visible()
        self.step_urls[3] = self.page.url

    def submit_identity(
        self,
        person: Person,
        *,
        apprenticeship: bool = False,
        email_confirmation: str | None = None,
        captcha_answer: str | None = None,
        swapcase: bool = False,
    ) -> None:
        """Fill step 2, answer the captcha and continue (declaring an apprenticeship if asked).

        A portal may ask for the declaration with the form, after a first submit, or on a page
        of its own. When it asks only once it has read the age, the person answers as she
        would: she ticks it if she signed a contract, and goes on either way.
        """
        self.identity.fill_identity(person, email_confirmation=email_confirmation)
        declaration = self.identity.el("apprenticeship").first
        shown_before = declaration.is_visible()
        if apprenticeship and shown_before:
            self.identity.declare_apprenticeship()
        self._answer(captcha_answer, swapcase=swapcase)
        self.identity.go_on()
        if shown_before or not declaration.is_visible():
            return
        if apprenticeship:
            self.identity.declare_apprenticeship()
        elif self._age_refused():
            return
        if self.identity.el("captcha_input").first.is_visible():
            self._answer(captcha_answer, swapcase=swapcase)
        self.identity.go_on()

    def _age_refused(self) -> bool:
        """Tell whether the last submit already stated the age condition (nothing to ask)."""
        from walkthrough.perception import new_error

        message = self.target.locators.message("age_condition", "step_2")
        return new_error(self.page, message, any_field=True, timeout_ms=0) is not None

    def _answer(self, given: str | None, *, swapcase: bool) -> None:
        if given is not None:
            self.identity.type_captcha(given)
        else:
            self.identity.answer_captcha(
                self.target.captcha, transform="swapcase" if swapcase else ""
            )

    def register(self, person: Person, password: str, *, start_url: str | None = None) -> None:
        """Register `person` up to the account space (see `reach_step` for `start_url`)."""
        self.reach_step(3, person, start_url=start_url)
        self.password.choose_password(password)
        self.password.validate()
        expect(self.account.el("welcome_banner")).to_be_visible()

    def sign_in(self, nir: str, password: str) -> None:
        """Sign in from the home page."""
        self.open_login()
        self.login.sign_in(nir=nir, password=password)
