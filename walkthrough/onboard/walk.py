"""One walk through a deployment: the browser tab, what it learns, and how it picks an element.

`Walk.choose` turns ranked candidates into a proposal: the default entry when it finds the
best candidate, otherwise a role-and-name entry, re-resolved to prove that it finds exactly
that element (the first visible one, as the suite clicks). With a profile to check, it also
says whether that profile's entry still finds the element the walk chose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page, expect

from catalogue import texts
from catalogue.rules import load_rules
from walkthrough.captcha import CaptchaStrategy
from walkthrough.locators import DEFAULTS, Locators, LocatorSpec, spec_from_mapping
from walkthrough.mail import MailReader
from walkthrough.onboard.candidates import Candidate, accessible_name, ranked, same_element
from walkthrough.onboard.evidence import CheckLine, Exploration, Finding, Pinned, Proposal
from walkthrough.screens import ScreenName

# A runner-up this close to the best is written too, commented out: a person decides.
CLOSE = 1.5
_ICON = re.compile(r"^[^\w«“\"(]+")
LOOK_MS = 3000


class WalkStopped(RuntimeError):
    """The walk cannot go on; the message is the one line the operator sees."""


@dataclass
class Walk:
    """The tab, the options and what has been learnt so far."""

    page: Page
    captcha: CaptchaStrategy
    mail: MailReader | None
    found: Exploration
    checking: Locators | None = None
    mail_wait_s: float = 30.0
    pinned_before: dict[str, LocatorSpec] = field(default_factory=dict)

    def visible(self, spec: LocatorSpec, *, timeout_ms: float = LOOK_MS) -> Locator | None:
        """Return the first visible element `spec` finds (waiting a little), or None."""
        first = spec.resolve(self.page).filter(visible=True).first
        try:
            expect(first).to_be_visible(timeout=timeout_ms)
        except AssertionError:
            return None
        return first

    def fixed(self, name: str, screen: ScreenName, *, timeout_ms: float = LOOK_MS) -> bool:
        """Tell whether the catalogue's text `name` is shown; a finding names its rule if not."""
        spec = DEFAULTS[name]
        if self.visible(spec, timeout_ms=timeout_ms) is not None:
            return True
        self.finding(rule_quoting(spec.value), f"{screen}: {spec.describe()} is not shown")
        return False

    def finding(self, rule: str, says: str) -> None:
        """Record a text the catalogue fixes that the deployment shows otherwise."""
        self.found.findings.append(Finding(rule=rule, says=says))

    def pin(self, name: str, screen: ScreenName, said: str, where: str) -> None:
        """Record the wording a refusal showed (and check a profile's pinned one against it)."""
        text = _ICON.sub("", said)  # a warning sign drawn before the words is not wording
        if not text:
            return
        self.found.pinned.append(Pinned(name=name, screen=screen, text=text, where=where))
        if self.checking is None or name not in self.pinned_before:
            return
        message = self.pinned_before[name].as_message()
        holds = message.matches(text)
        says = "matches" if holds else f"the refusal now says “{text}” ({where})"
        self.found.checks.append(CheckLine(name=name, screen=screen, holds=holds, says=says))

    def choose(
        self,
        name: str,
        screen: ScreenName,
        candidates: Sequence[Candidate],
        *,
        what: str,
        required: bool = True,
        default_holds: str = "",
    ) -> Locator | None:
        """Pick the element `name` among `candidates`, record the proposal; return its locator.

        `default_holds` says why the suite finds it without an entry (the holder's name...).
        A text the catalogue fixes is never proposed: a deployment showing another one gets a
        finding naming the rule, and the walk goes on with what it shows.
        """
        order = ranked(candidates)
        if not order or order[0].score <= 0:
            self._check(name, screen, None)
            if required:
                raise WalkStopped(f"{screen}: found no {what}; the walk cannot go on")
            self.found.missed.append(f"{screen} {name} ({what})")
            return None
        best = order[0]
        # A copy of the same control elsewhere (a menu and the page body) is no competitor.
        others = [c for c in order[1:] if (c.role, c.name) != (best.role, best.name)]
        second = others[0] if others else None
        default = self.visible(DEFAULTS[name], timeout_ms=100)
        holds = default is not None and (
            same_element(default, best.locator)
            or (bool(best.name) and accessible_name(default) == (best.role, best.name))
        )
        entry = None if holds or default_holds else entry_for(name, best)
        if entry is not None and is_fixed(name):
            rule = rule_quoting(DEFAULTS[name].value)
            self.finding(rule, f"{screen}: {DEFAULTS[name].describe()} is shown as {best.seen()}")
            entry = None
        runner_up, alternative = "none (no other element scored above 0)", None
        if second is not None and second.score > 0:
            runner_up = f"{second.seen()} ({_lost(best, second)})"
            if entry is not None and second.score > 0 and best.score - second.score < CLOSE:
                alternative = entry_for(name, second)
        # The default's or the entry's own locator, found again after a page reload.
        target = best.locator if entry is None else self._resolves(name, entry, best)
        if holds and default is not None:
            target = default
        why = (default_holds,) if default_holds and not holds else tuple(best.reasons)
        self.found.proposals.append(
            Proposal(name=name, screen=screen, entry=entry, seen=best.seen(), why=why,
                     runner_up=runner_up, alternative=alternative)
        )  # fmt: skip
        self._check(name, screen, best, default_holds=bool(default_holds))
        return target

    def _resolves(self, name: str, entry: dict[str, str], best: Candidate) -> Locator:
        """Return what the proposed entry finds: it must be the chosen element, shown first."""
        first = self.visible(spec_from_mapping(name, entry), timeout_ms=1000)
        if first is not None and best.name and accessible_name(first) == (best.role, best.name):
            return first  # that element, or a copy of it shown first: the same control
        if first is None or not same_element(first, best.locator):
            self.found.notes.append(
                f"{name}: the entry {entry} finds another element first; check it by hand"
            )
            return best.locator
        return first

    def _check(
        self, name: str, screen: ScreenName, best: Candidate | None, *, default_holds: bool = False
    ) -> None:
        if self.checking is None or is_fixed(name):  # a fixed text gets a finding instead
            return
        spec = self.checking.spec(name, screen)
        if default_holds and spec is DEFAULTS[name]:
            self.found.checks.append(CheckLine(name=name, screen=screen, holds=True, says="-"))
            return
        first = self.visible(spec, timeout_ms=0.1)
        if best is None:
            holds, says = first is not None, "the walk found no candidate here"
        elif first is None:
            holds, says = False, f"finds nothing visible now; the deployment shows {best.seen()}"
        elif not same_element(first, best.locator) and not (
            best.name and accessible_name(first) == (best.role, best.name)
        ):
            holds = False
            says = f"finds another element now; the one that does the job is {best.seen()}"
        else:
            holds, says = True, f"finds {best.seen()}"
        self.found.checks.append(CheckLine(name=name, screen=screen, holds=holds, says=says))


def entry_for(name: str, candidate: Candidate) -> dict[str, str]:
    """Return the profile entry naming `candidate` the way codegen would: role and name."""
    kind = DEFAULTS[name].kind
    if kind == "control" and candidate.role in ("link", "button"):
        return {"control": candidate.name}
    if kind == "label" and candidate.name:
        return {"label": candidate.name}
    if not candidate.name:
        return {"role": candidate.role}
    return {"role": candidate.role, "name": candidate.name}


def _lost(best: Candidate, second: Candidate) -> str:
    score = f"scored {second.score:g} against {best.score:g}"
    if second.score == best.score:
        return f"{score}: as good, but later in the page"
    missing = [r for r in best.reasons if r not in second.reasons]
    why = [*second.flaws[:2], f"lacks: {'; '.join(missing[:2])}"] if missing else second.flaws[:2]
    return f"{score}: " + ("; ".join(why) or "ranked lower")


def rule_quoting(text: str) -> str:
    """Return the ID of the rule that quotes `text` (the catalogue's texts module otherwise).

    A rule quoting it word for word first, then one quoting a longer text holding it.
    """
    wanted = " ".join(text.split()).casefold()
    rules = load_rules()
    quoted = [(r.id, " ".join(q.split()).casefold()) for r in rules for q in r.quotes]
    for matches in (str.__eq__, lambda q, w: w in q):
        found = next((rule for rule, q in quoted if matches(q, wanted)), None)
        if found:
            return found
    return "catalogue/texts.py"


# Texts a profile may rename although a rule quotes them (CGU-03: "Un profil peut remplacer").
RENAMEABLE = frozenset({texts.CONTINUE, texts.VALIDATE})
_FIXED = frozenset(v for v in vars(texts).values() if isinstance(v, str)) - RENAMEABLE


def is_fixed(name: str) -> bool:
    """Tell whether the default of `name` is a text the catalogue fixes (catalogue/texts.py)."""
    spec = DEFAULTS[name]
    return spec.kind != "css" and spec.value in _FIXED
