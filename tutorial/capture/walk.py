"""Walk the registration with the suite's page objects and capture each step of the script."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol, assert_never

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, sync_playwright
from pydantic import TypeAdapter

from tutorial.camera import FULL, MAX_ZOOM, MIN_GAIN, camera_rect
from tutorial.capture.mailview import MAIL_LOCATORS, MailFailed, MailScreen
from tutorial.capture.motion import Motion, Recorder
from tutorial.records import Box, Camera
from tutorial.script import (
    AcceptCgu,
    ActionKind,
    AnswerCaptcha,
    ChoosePassword,
    FillIdentity,
    GoOn,
    GoToLogin,
    OpenConfirmation,
    OpenHome,
    Script,
    StartRegistration,
    Step,
    Validate,
)
from walkthrough.browser import context_options, launch_args
from walkthrough.captcha import CaptchaStrategy
from walkthrough.locators import DEFAULTS, Locators
from walkthrough.mail import MailReader
from walkthrough.pages import (
    CguStep,
    HomePage,
    IdentityStep,
    LoginPage,
    PasswordStep,
)
from walkthrough.people import Person
from walkthrough.screens import ScreenName

BOXES = TypeAdapter(list[Box])  # what FIND_PERSONAL_JS returns

# How long an element to point at may take to appear once its screen is there.
POINT_TIMEOUT_MS = 5_000


class WalkFailed(RuntimeError):
    """The target did not let the walkthrough through; the message names the rule."""


class Target(Protocol):
    """A deployment the walkthrough can be filmed on (walkthrough.targets.Target fits)."""

    base_url: str
    locators: Locators
    captcha: CaptchaStrategy
    mail: MailReader | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Capture:
    """One captured step: the raw screenshot and the boxes drawn or blurred on it."""

    step: Step
    png: bytes
    point: Box | None
    personal: tuple[Box, ...]
    volatile: tuple[Box, ...]
    motion: Motion = field(default_factory=Motion)
    # What the camera will zoom on, rendered by the browser at 2x its scale: sharp text.
    sharp: bytes | None = None
    sharp_camera: Camera | None = None


@dataclass(frozen=True, slots=True)
class PageObjects:
    """The suite's page objects on one page, and the mail client's screen."""

    home: HomePage
    login: LoginPage
    cgu: CguStep
    identity: IdentityStep
    password: PasswordStep
    mail: MailScreen


@dataclass
class Walker:
    """Drive the page objects in the script's order and capture each step."""

    script: Script
    target: Target
    person: Person
    password: str
    on_step: Callable[[Capture], None] = lambda _c: None
    sharp_zooms: bool = True  # render the camera's region at 2x (the motion video needs it)
    timeout_ms: float = 15_000
    captures: list[Capture] = field(default_factory=list)
    _pending: list[Step] = field(default_factory=list)
    _acted: list[Locator] = field(default_factory=list)

    def run(self, *, scale: int) -> list[Capture]:
        """Walk the whole script once in a fresh browser; return the captures in order."""
        with self._page(scale=scale) as page:
            self.page = page
            hook = self._hook
            loc = self.target.locators
            self.screens = PageObjects(
                home=HomePage(page=page, locators=loc, before_action=hook),
                login=LoginPage(page=page, locators=loc, before_action=hook),
                cgu=CguStep(page=page, locators=loc, before_action=hook),
                identity=IdentityStep(page=page, locators=loc, before_action=hook),
                password=PasswordStep(page=page, locators=loc, before_action=hook),
                mail=MailScreen(page=page, mail=self.target.mail),
            )
            self.recorder = Recorder(
                page=page,
                personal_values=self._personal_values(),
                screenshot=self._screenshot,
                personal_boxes=self._personal_boxes,
            )
            for group in _groups(self.script.steps):
                self._run_group(group)
        return self.captures

    @contextmanager
    def _page(self, *, scale: int) -> Iterator[Page]:
        with sync_playwright() as p:
            browser = p.chromium.launch(**launch_args(p))
            try:
                context = browser.new_context(**context_options(scale=scale))
                context.set_default_timeout(self.timeout_ms)
                page = context.new_page()
                # Chromium's own screenshot call can render a region at a higher scale.
                self.cdp = context.new_cdp_session(page)
                yield page
            finally:
                browser.close()

    def _perform(self, action: ActionKind) -> object:
        """Do one action of the script with the page object of its screen; return what it did."""
        s = self.screens
        match action:
            case OpenHome():
                return s.home.open(self.target.base_url)
            case GoToLogin():
                return s.home.go_to_login()
            case StartRegistration():
                return s.login.start_registration()
            case AcceptCgu():
                return s.cgu.accept_cgu()
            case GoOn(screen=ScreenName.STEP_1):
                return s.cgu.go_on()
            case GoOn():
                return s.identity.go_on()
            case FillIdentity():
                return s.identity.fill_identity(self.person)
            case AnswerCaptcha():
                return s.identity.answer_captcha(self.target.captcha)
            case ChoosePassword():
                return s.password.choose_password(self.password)
            case Validate():
                return s.password.validate()
            case OpenConfirmation():
                return s.mail.open_confirmation(self.person)
        assert_never(action)

    def _run_group(self, group: list[Step]) -> None:
        self._pending = list(group)
        lead = group[0]
        for action in lead.actions:
            try:
                result = self._perform(action)
            except (PlaywrightError, AssertionError) as exc:
                raise self._failure(lead, action.label, exc) from exc
            except MailFailed as exc:
                raise WalkFailed(str(exc)) from exc
            self._acted = _locators_in(result)
        for step in list(self._pending):
            if step.capture_before:
                raise WalkFailed(
                    f"step {step.id}: the page objects never announced {step.capture_before!r}"
                )
            self._capture(step)

    def _hook(self, name: str, locator: Locator) -> None:
        if self._pending and self._pending[0].capture_before == name:
            self._capture(self._pending[0])
        self.recorder.before(locator)

    def _failure(self, step: Step, action: str, exc: Exception) -> WalkFailed:
        rule = step.rules[0] if step.rules else "walkthrough"
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return WalkFailed(f"{rule}: step {step.id} ({action}) failed on {self.page.url}: {detail}")

    def _resolve(self, step: Step, names: list[str]) -> list[Locator]:
        found: list[Locator] = []
        for name in names:
            if name == "acted":
                found += self._acted
            elif name in MAIL_LOCATORS:
                found.append(MAIL_LOCATORS[name](self.page))
            elif name in self.target.locators.specs:
                found.append(self.target.locators(self.page, name).first)
            else:
                raise WalkFailed(f"step {step.id}: unknown element {name!r} in the script")
        return found

    def _describe(self, name: str) -> str:
        spec = self.target.locators.specs.get(name)
        return spec.describe() if spec else name

    def _capture(self, step: Step) -> None:
        self._pending.remove(step)
        try:
            points = self._resolve(step, step.point)
            if points:
                # Centre what is pointed at, so the caption band never hides it.
                points[0].evaluate(
                    "e => e.scrollIntoView({block: 'center', inline: 'nearest'})",
                    timeout=POINT_TIMEOUT_MS,
                )
            boxes = [_box(loc) for loc in points]
            volatile = [_box(loc) for loc in self._resolve(step, step.volatile)]
        except PlaywrightError:
            boxes = [None]
        if any(b is None for b in boxes):
            rule = step.rules[0] if step.rules else "walkthrough"
            shown = " or ".join(self._describe(name) for name in step.point)
            raise WalkFailed(f"{rule}: step {step.id}: no {shown} on {self.page.url}")
        png, personal = self._screenshot(), self._personal_boxes()
        point = Box.union([b for b in boxes if b]) if boxes else None
        camera = camera_rect(point) if point is not None else FULL
        zooms = self.sharp_zooms and camera[2] < FULL[2] / MIN_GAIN
        capture = Capture(
            step=step,
            png=png,
            point=point,
            personal=tuple(personal),
            volatile=tuple(b for b in volatile if b),
            motion=self.recorder.take(png, personal),
            sharp=self._sharp(camera) if zooms else None,
            sharp_camera=camera if zooms else None,
        )
        self.captures.append(capture)
        self.on_step(capture)

    def _screenshot(self) -> bytes:
        # Images loaded and transitions finished: the same screen gives the same pixels.
        self.page.wait_for_load_state("load")
        return self.page.screenshot(animations="disabled", caret="hide")

    def _sharp(self, camera: tuple[float, float, float, float]) -> bytes:
        """Return the camera's view rendered again at MAX_ZOOM times the page's scale."""
        x, y, w, h = camera
        # The clip is in page coordinates; the camera, like every box, in the viewport's.
        sx, sy = self.page.evaluate("[window.scrollX, window.scrollY]")
        clip = {"x": x + sx, "y": y + sy, "width": w, "height": h, "scale": MAX_ZOOM}
        shot = self.cdp.send("Page.captureScreenshot", {"format": "png", "clip": clip})
        return base64.b64decode(shot["data"])

    def _personal_values(self) -> set[str]:
        p = self.person
        values = {p.display_name, p.first_name, p.birth_name, p.email, p.nir.number, p.nir.full}
        return values | {p.nir.cle, p.nir.spaced(), p.landline, p.mobile, self.password}

    def _personal_boxes(self) -> list[Box]:
        """Return the boxes of fields and texts showing the person's data (one round trip)."""
        values = self._personal_values()
        rects = self.page.evaluate(FIND_PERSONAL_JS, sorted(values, key=len, reverse=True))
        return BOXES.validate_python(rects)


# Inputs whose value is a personal value, and the smallest elements whose text shows one.
FIND_PERSONAL_JS = """
(values) => {
  const lower = values.map((v) => v.toLowerCase());
  const shows = (text) => {
    const t = (text || "").toLowerCase();
    return lower.some((v) => (v.length >= 3 ? t.includes(v) : t.trim() === v));
  };
  const rects = [];
  const keep = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) rects.push({x: r.x, y: r.y, width: r.width, height: r.height});
  };
  for (const el of document.querySelectorAll("input, textarea")) {
    if (el.type !== "hidden" && el.value && shows(el.value)) keep(el);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || ["SCRIPT", "STYLE"].includes(parent.tagName)) continue;
    if (shows(node.textContent)) keep(parent);
  }
  return rects;
}
"""


def _box(locator: Locator) -> Box | None:
    try:
        raw = locator.bounding_box(timeout=POINT_TIMEOUT_MS)
    except PlaywrightError:
        return None
    box = Box(**raw) if raw else None
    return box if box and box.width > 0 and box.height > 0 else None


def _locators_in(result: object) -> list[Locator]:
    if isinstance(result, Locator):
        return [result]
    if isinstance(result, list | tuple):
        return [r for r in result if isinstance(r, Locator)]
    return []


def _groups(steps: list[Step]) -> list[list[Step]]:
    """Split the steps into runs that start with a step that acts, followed by those that don't."""
    groups: list[list[Step]] = []
    for step in steps:
        if step.actions or not groups:
            groups.append([step])
        else:
            groups[-1].append(step)
    return groups


def unknown_element(script: Script) -> tuple[str, str] | None:
    """Return the first (step id, name) whose element no locator knows, or None.

    A profile's [locators] overrides names, never adds one: the defaults name every element.
    """
    known = {*DEFAULTS, *MAIL_LOCATORS, "acted"}
    for step in script.steps:
        for name in (*step.point, *step.volatile):
            if name not in known:
                return step.id, name
    return None
