"""What a page sends: a person's double click, and the requests it sets off."""

from __future__ import annotations

from dataclasses import dataclass, field
from time import monotonic

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, Request

from walkthrough.journey import Journey


def sends(request: Request) -> bool:
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
        return sum(sends(r) for r in self.requests)


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
    with page.expect_request(sends):
        page.mouse.down()
        page.mouse.up()
    page.mouse.down(click_count=2)
    page.mouse.up(click_count=2)
    return traffic
