"""Write the proposed profile: settings, then only the entries that differ, each with evidence.

The file is written beside its destination and renamed at the end, after the profile loader
has read it back: a run that stops half-way leaves no profile behind.
"""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from walkthrough.onboard.evidence import Exploration, Proposal
from walkthrough.profile import load_profile
from walkthrough.screens import ScreenName

Value = str | int | bool


@dataclass(frozen=True)
class Settings:
    """What the command line said of the deployment: its address, captcha and mail."""

    base_url: str
    captcha: Mapping[str, Value]
    mail: Mapping[str, Value]


def toml_value(value: Value | Mapping[str, str]) -> str:
    """Return `value` written as TOML (a string, integer, boolean or inline table)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON's escapes are TOML's
    return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"


def suite_command(profile: Path) -> str:
    """Return the command that runs the whole suite with `profile`."""
    return f".venv/bin/python -m pytest steps --target {profile} -n 2"


def render(found: Exploration, settings: Settings, *, name: str, profile: Path) -> str:
    """Return the proposed profile's text."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# The profile of {settings.base_url}, proposed by `python -m walkthrough.onboard` "
        f"on {when}.",
        f"# Run the suite with it: {suite_command(profile)}",
        "# Each [locators] entry says where it was seen (screen, role and name), why it was",
        "# chosen, and which element came second. The texts the catalogue fixes are never",
        "# overridden here: a deployment that shows another one gets a finding (at the end).",
        "",
        f"name = {toml_value(name)}",
        f"base_url = {toml_value(settings.base_url)}",
        "",
        "[captcha]",
        *(f"{k} = {toml_value(v)}" for k, v in settings.captcha.items()),
        "",
        "[mail]",
        *(f"{k} = {toml_value(v)}" for k, v in settings.mail.items()),
        "",
        "[locators]",
    ]
    shared, scoped = _placed(found.proposals)
    for screens, proposal in shared:
        lines += _entry(proposal, screens)
    lines += _pinned(found)
    for screen, proposals in scoped.items():
        lines += ["", f"[locators.{screen}]"]
        for proposal in proposals:
            lines += _entry(proposal, (screen,))
    lines += ["", *_footer(found)]
    return "\n".join(lines).rstrip() + "\n"


def _placed(
    proposals: Sequence[Proposal],
) -> tuple[list[tuple[tuple[ScreenName, ...], Proposal]], dict[ScreenName, list[Proposal]]]:
    """Split entries into those holding everywhere and those scoped to one screen."""
    latest: dict[tuple[str, ScreenName], Proposal] = {}
    for proposal in proposals:
        latest[(proposal.name, proposal.screen)] = proposal
    by_name: dict[str, list[Proposal]] = {}
    for proposal in latest.values():
        by_name.setdefault(proposal.name, []).append(proposal)
    shared: list[tuple[tuple[ScreenName, ...], Proposal]] = []
    scoped: dict[ScreenName, list[Proposal]] = {}
    for seen in by_name.values():
        changed = [p for p in seen if p.entry is not None]
        if not changed:
            continue
        if len(changed) == len(seen) and all(p.entry == changed[0].entry for p in changed):
            shared.append((tuple(p.screen for p in seen), changed[0]))
            continue
        for proposal in changed:
            scoped.setdefault(proposal.screen, []).append(proposal)
    return shared, scoped


def _entry(proposal: Proposal, screens: Sequence[ScreenName]) -> list[str]:
    assert proposal.entry is not None
    lines = _comment(f"{' and '.join(screens)}: {proposal.seen}; " + "; ".join(proposal.why))
    if proposal.runner_up:
        lines += _comment(f"runner-up: {proposal.runner_up}", first="#   ")
    lines.append(f"{proposal.name} = {toml_value(proposal.entry)}")
    if proposal.alternative is not None:
        lines += [
            "#   CLOSE CALL: the runner-up scored nearly as well; a person decides. To use it:",
            f"# {proposal.name} = {toml_value(proposal.alternative)}",
        ]
    return lines


def _comment(text: str, *, first: str = "# ") -> list[str]:
    """Return `text` as comment lines of at most 100 characters."""
    return textwrap.wrap(text, width=100, initial_indent=first, subsequent_indent="#     ")


def _pinned(found: Exploration) -> list[str]:
    if not found.pinned:
        return []
    lines = [
        "",
        "# The wording each refusal showed. The catalogue does not quote these messages, so the",
        "# suite needs none of them; uncomment one to require that wording word for word.",
    ]
    seen: set[str] = set()
    for pinned in found.pinned:
        if pinned.name in seen:
            continue
        seen.add(pinned.name)
        lines += [
            f"# {pinned.screen}, {pinned.where}:",
            f"# {pinned.name} = {toml_value(pinned.text)}",
        ]
    return lines


def _footer(found: Exploration) -> list[str]:
    kept = [p for p in found.proposals if p.entry is None]
    lines = []
    if kept:
        lines.append("# Found by the catalogue's defaults (no entry needed):")
        lines += [f"#   {p.screen} {p.name}: {p.seen}" for p in kept]
    if found.findings:
        lines.append(
            "# Findings: texts the catalogue fixes, shown otherwise (the suite reports them):"
        )
        lines += [f"#   {f.rule}: {f.says}" for f in found.findings]
    decisions = found.decisions() + found.notes
    if decisions:
        lines.append("# For a person to decide:")
        lines += [f"#   {d}" for d in decisions]
    return lines


def write_atomically(text: str, destination: Path) -> None:
    """Write `text` to `destination` only once it is complete and loads as a profile."""
    partial = destination.with_name(f".{destination.name}.partial")
    partial.write_text(text, encoding="utf-8")
    try:
        load_profile(partial)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
