"""What an exploration found: proposed entries with their evidence, messages, findings, gaps."""

from __future__ import annotations

from dataclasses import dataclass, field

from walkthrough.screens import ScreenName


@dataclass(frozen=True)
class Proposal:
    """One free element: the entry proposed for it (None when the default holds), and why."""

    name: str
    screen: ScreenName
    entry: dict[str, str] | None
    seen: str
    why: tuple[str, ...]
    runner_up: str = ""
    # A close runner-up is written too, commented out, and a person decides.
    alternative: dict[str, str] | None = None


@dataclass(frozen=True)
class Pinned:
    """The wording one refusal showed: an optional message entry, commented out by default."""

    name: str
    screen: ScreenName
    text: str
    where: str


@dataclass(frozen=True)
class Finding:
    """A text the catalogue fixes that the deployment shows otherwise, named by its rule."""

    rule: str
    says: str


@dataclass(frozen=True)
class CheckLine:
    """One entry of an existing profile (or a default it relies on), against the deployment."""

    name: str
    screen: ScreenName
    holds: bool
    says: str


@dataclass
class Exploration:
    """Everything one walk through the deployment learnt."""

    base_url: str
    proposals: list[Proposal] = field(default_factory=list)
    pinned: list[Pinned] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    checks: list[CheckLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def decisions(self) -> list[str]:
        """Return what a person must decide: close calls and what was not found."""
        close = [
            f"{p.screen} {p.name}: {p.seen} or the runner-up {p.runner_up}"
            for p in self.proposals
            if p.alternative is not None
        ]
        return close + [f"not found: {m}" for m in self.missed]
