"""`python -m walkthrough.onboard BASE_URL --captcha-fixed ABCDE --smtp 127.0.0.1:8025 -o FILE`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from walkthrough.browser import BrowserNotFound
from walkthrough.onboard import check, cli
from walkthrough.onboard.evidence import Exploration
from walkthrough.onboard.explore import explore
from walkthrough.onboard.walk import WalkStopped
from walkthrough.onboard.writer import render, suite_command, write_atomically
from walkthrough.profile import ProfileError, load_profile


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status (2: bad input, one line)."""
    args = cli.parser().parse_args(argv)
    try:
        if args.check is not None:
            return _check(args)
        return _propose(args)
    except (cli.BadInput, WalkStopped, ProfileError, BrowserNotFound) as exc:
        print(f"onboard: {exc}", file=sys.stderr)
        return 2


def _propose(args: argparse.Namespace) -> int:
    plan = cli.plan_from_options(args)
    output = args.output
    with cli.mailbox(plan) as (reader, where):
        found = explore(
            base_url=plan.settings.base_url, captcha=plan.captcha, mail=reader,
            mail_where=where, email_template=plan.address, mail_wait_s=args.mail_wait,
            headed=args.headed,
        )  # fmt: skip
    text = render(found, plan.settings, name=output.stem, profile=output)
    try:
        write_atomically(text, output)
    except OSError as exc:
        raise cli.BadInput(f"-o {output}: cannot write it ({exc.strerror or exc})") from None
    print("\n".join(summary(found, output)))
    return 0


def _check(args: argparse.Namespace) -> int:
    path = args.check
    try:
        profile = load_profile(path)
    except ProfileError as exc:  # some of its lines leave the file's name out
        raise cli.BadInput(str(exc) if str(path) in str(exc) else f"{path}: {exc}") from None
    plan = cli.plan_from_profile(profile, args.base_url)
    registry = profile.build_locators()
    pinned = {
        name: spec for name, spec in registry.specs.items() if name in profile.locators
        and spec.kind == "text"
    }  # fmt: skip
    with cli.mailbox(plan) as (reader, where):
        found = explore(
            base_url=plan.settings.base_url, captcha=plan.captcha, mail=reader,
            mail_where=where, email_template=plan.address, checking=registry, pinned=pinned,
            mail_wait_s=args.mail_wait, headed=args.headed,
        )  # fmt: skip
    lines, status = check.report(path, found)
    print("\n".join(lines))
    return status


def summary(found: Exploration, output: Path) -> list[str]:
    """Return what the run found, what it could not, and what a person must decide."""
    entries = [p for p in found.proposals if p.entry is not None]
    kept = [p for p in found.proposals if p.entry is None]
    lines = [f"Wrote {output}: {len(entries)} entries, {len(found.pinned)} optional messages."]
    lines += [f"  found: {p.screen} {p.name} = {p.seen}" for p in entries]
    lines.append(f"  the catalogue's defaults found {len(kept)} more: "
                 + ", ".join(f"{p.name} ({p.seen})" for p in kept))  # fmt: skip
    for finding in found.findings:
        lines.append(f"  finding {finding.rule}: {finding.says}")
    decisions = found.decisions() + found.notes
    lines += [f"  a person must decide: {d}" for d in decisions] or ["  nothing left to decide"]
    lines.append(f"Run the suite with it: {suite_command(output)}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
