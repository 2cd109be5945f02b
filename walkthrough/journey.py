"""The walkthrough as a sequence of page-object actions, shared by the steps of every feature."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Page, expect

from walkthrough.pages import AccountSpace, CguStep, HomePage, IdentityStep, LoginPage, PasswordStep
from walkthrough.pages.base import Screen, Submitted
from walkthrough.people import Person
from walkthrough.perception import EMPTY, Snapshot, new_error
from walkthrough.screens import ScreenName
from walkthrough.targets import Target


@dataclass
class Journey:
    """One person's browser tab on one target, with a page object per screen.

    `before` is what the screen announced just before the last submit (a refusal is judged
    against it); `declaration_asked` tells whether the last identity submit was asked for the
    apprenticeship declaration (ELIG-02), even if a dialog asked it and closed since.
    """

    page: Page
    target: Target
    step_urls: dict[int, str] = field(default_factory=dict)
    before: Snapshot = EMPTY
    declaration_asked: bool = False

    def __post_init__(self) -> None:
        loc = self.target.locators
        self.home = HomePage(self.page, loc)
        self.login = LoginPage(self.page, loc)
        self.cgu = CguStep(self.page, loc)
        self.identity = IdentityStep(self.page, loc)
        self.password = PasswordStep(self.page, loc)
        self.account = AccountSpace(self.page, loc)
        self.reader = self.home.reader
        for one in (self.login, self.cgu, self.identity, self.password, self.account):
            one.reader = self.reader
        self._screens: dict[ScreenName, Screen] = {
            ScreenName.HOME: self.home,
            ScreenName.LOGIN: self.login,
            ScreenName.STEP_1: self.cgu,
            ScreenName.STEP_2: self.identity,
            ScreenName.STEP_3: self.password,
            ScreenName.ACCOUNT: self.account,
        }

    def screen(self, name: ScreenName) -> Screen:
        """Return the page object of the screen `name`."""
        return self._screens[name]

    def record(self, submitted: Submitted) -> Submitted:
        """Keep what the screen announced before `submitted`, for the refusal judged next."""
        self.before = submitted.before
        return submitted

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
        # A precondition's submits are not judged: only what the wait needs is read.
        self.record(self.cgu.go_on(perceive=False))
        expect(self.identity.el("nir")).to_be_visible()
        self.step_urls[2] = self.page.url
        if step == 2:
            return
        self.submit_identity(person, apprenticeship=apprenticeship, perceive=False)
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
        perceive: bool = True,
    ) -> None:
        """Fill step 2, answer the captcha and continue (declaring an apprenticeship if asked).

        A portal may ask for the declaration with the form, after a first submit, or on a page
        of its own. When it asks only once it has read the age, the person answers as she
        would: she ticks it if she signed a contract, and goes on either way. `perceive=False`:
        nobody judges a refusal after it (a precondition).
        """
        self.identity.fill_identity(person, email_confirmation=email_confirmation)
        declaration = self.identity.el("apprenticeship").first
        shown_before = declaration.is_visible()
        self.declaration_asked = shown_before
        if apprenticeship and shown_before:
            self.identity.declare_apprenticeship()
        self._answer(captcha_answer, swapcase=swapcase)
        first = self.record(self.identity.go_on(perceive=perceive))
        if shown_before or not declaration.is_visible():
            return
        # Asked only now, with the form or in a dialog: seen before answering.
        dialog = self.identity.declaration_dialog()
        self.declaration_asked = True
        if apprenticeship:
            self.identity.declare_apprenticeship()
        elif dialog is None and perceive and self._age_refused(first.before):
            return
        if dialog is not None and dialog.is_visible():
            self.record(self.identity.go_on_from(dialog, perceive=perceive))
            return
        if self.identity.el("captcha_input").first.is_visible():
            self._answer(captcha_answer, swapcase=swapcase)
        self.record(self.identity.go_on(perceive=perceive))

    def _age_refused(self, before: Snapshot) -> bool:
        """Tell whether the last submit already stated the age condition (nothing to ask)."""
        expected = self.target.locators.expected("age_condition", ScreenName.STEP_2)
        judged = new_error(self.reader, before, expected, any_field=True, timeout_ms=0)
        return judged.finding is not None

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
        self.record(self.password.validate(perceive=False))
        expect(self.account.el("welcome_banner")).to_be_visible()

    def sign_in(self, nir: str, password: str) -> None:
        """Sign in from the home page."""
        self.open_login()
        self.record(self.login.sign_in(nir=nir, password=password))
