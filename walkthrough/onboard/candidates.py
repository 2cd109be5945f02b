"""Candidates for a free element, read from the accessibility tree and ranked as codegen does.

Playwright's codegen prefers a role and an accessible name over a label, a text or CSS; here
each candidate is a visible element of a role, with its accessible name (from its aria
snapshot, which pierces open shadow roots) and where it stands relative to a fixed text of the
catalogue (the anchor): in the same form, after it, or in the header or footer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from walkthrough.perception import script

_SNAPSHOT_LINE = re.compile(r'^- (?P<role>[\w-]+)(?: "(?P<name>(?:[^"\\]|\\.)*)")?')


def fold(text: str) -> str:
    """Return `text` in lower case, without accents, spaces normalised (for comparisons)."""
    plain = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).lower().split())


@dataclass
class Candidate:
    """One element that could be the free element looked for, with why it scores."""

    role: str
    name: str
    locator: Locator
    href: str = ""
    edge: str = ""
    expanded: str = ""
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    flaws: list[str] = field(default_factory=list)

    def seen(self) -> str:
        """Return how a screen reader announces it: role and name."""
        return f"{self.role} “{self.name}”" if self.name else f"{self.role} (no name)"

    def credit(self, points: float, reason: str) -> None:
        """Add `points` (negative: a flaw) and say why."""
        self.score += points
        (self.reasons if points > 0 else self.flaws).append(reason)


def accessible_name(locator: Locator) -> tuple[str, str]:
    """Return (role, accessible name) of one element, as its aria snapshot announces it."""
    try:
        first = locator.aria_snapshot(timeout=2000).splitlines()[0]
    except (PlaywrightError, IndexError):
        return "", ""
    found = _SNAPSHOT_LINE.match(first)
    if not found:
        return "", ""
    name = (found.group("name") or "").replace('\\"', '"').replace("\\\\", "\\")
    return found.group("role"), " ".join(name.split())


def collect(
    page: Page, roles: Sequence[str], *, anchor: Locator | None = None, limit: int = 80
) -> list[Candidate]:
    """Return the visible elements of `roles`, placed relative to `anchor` when given."""
    handle = None
    if anchor is not None:
        try:
            handle = anchor.first.element_handle(timeout=2000)
        except PlaywrightError:
            handle = None
    found: list[Candidate] = []
    for wanted in roles:
        # The ignore: Playwright's stubs list role names as a Literal it does not export.
        for element in page.get_by_role(wanted).all()[:limit]:  # type: ignore[arg-type]
            try:
                if not element.is_visible():
                    continue
                place = element.evaluate(script("place"), handle)
            except PlaywrightError:
                continue
            role, name = accessible_name(element)
            candidate = Candidate(
                role=role or wanted, name=name, locator=element, href=str(place["href"]),
                edge=str(place["edge"]), expanded=str(place["expanded"]),
            )  # fmt: skip
            if handle is not None:
                _place(candidate, place)
            found.append(candidate)
    return found


def _place(candidate: Candidate, place: dict[str, object]) -> None:
    if place["sameForm"]:
        candidate.credit(4, "in the form that holds the anchor")
    elif isinstance(place["near"], int) and place["near"] <= 3:
        candidate.credit(2, "beside the anchor")
    else:
        candidate.credit(-1, "away from the anchor")
    if place["type"] == "submit":
        candidate.credit(2, "submits its form")
    if place["after"]:
        candidate.credit(1, "comes after the anchor")
    if candidate.edge:
        candidate.credit(-4, f"in the page's {candidate.edge}")


def by_words(candidate: Candidate, words: Sequence[tuple[str, float]], *, where: str) -> None:
    """Credit a candidate for the strongest word its name (or address, `where="href"`) holds.

    Only the strongest counts: "Étape suivante" says "suivant" too, and is no better for it.
    """
    said = fold(candidate.name if where == "name" else candidate.href)
    held = [(points, word) for word, points in words if fold(word) in said]
    if held:
        points, word = max(held)
        what = "its name says" if where == "name" else "it leads to"
        candidate.credit(points, f"{what} “{word}”")


def ranked(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Return the candidates best first (role and name before position on equal scores)."""
    return sorted(candidates, key=lambda c: (-c.score, not c.name, c.role != "button"))


def same_element(one: Locator, other: Locator) -> bool:
    """Tell whether two locators' first elements are the same node."""
    try:
        return bool(one.evaluate("(a, b) => a === b", other.element_handle(timeout=2000)))
    except PlaywrightError:
        return False
