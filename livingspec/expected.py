"""Write or refresh a deployment's expectations file from a saved run (--update-expectations)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from catalogue.rules import rule_ids
from livingspec.files import ReportError
from livingspec.gherkin_doc import load_features
from walkthrough.expectations import (
    ExpectationError,
    Expectations,
    expectations_path,
    load_expectations,
    to_toml,
    updated,
)
from walkthrough.profile import ProfileError, load_profile
from walkthrough.runmodel import load_run

HEADER = """\
Known deviations of {target}, refreshed by `python -m livingspec --update-expectations`
from run {run_id} of {date}. Each [[deviation]] names a rule (or a scenario's title), the
status expected (fail, not tested, or flaky with the outcomes allowed), why, and its ticket.
Fill in reason and ticket where they are empty; the suite exits 0 while every result is
what this file expects (docs/expectations.md)."""


@dataclass(frozen=True, slots=True)
class Update:
    """What --update-expectations changed."""

    path: Path
    kept: list[str]
    added: list[str]
    dropped: list[str]

    def lines(self) -> list[str]:
        """Return what the command prints: one line per change, then the file."""
        out = [f"added {s}: fill in its reason and ticket" for s in self.added]
        out += [f"dropped {s}: the run no longer shows it" for s in self.dropped]
        total = len(self.kept) + len(self.added)
        out.append(f"{total} deviation(s) ({len(self.kept)} kept) written to {self.path}")
        return out


def _option(argv: Sequence[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def file_of(argv: Sequence[str], *, expectations: Path | None, target: Path | None) -> Path:
    """Return the file to write: --expectations, else the profile's, else the run's own."""
    if expectations is not None:
        return expectations
    given = _option(argv, "--expectations")
    if target is None and given:
        return Path(given)
    profile_file = target or (Path(p) if (p := _option(argv, "--target")) else None)
    if profile_file is None:
        raise ReportError("the run named no profile: pass --expectations FILE or --target PROFILE")
    try:
        profile = load_profile(profile_file)
    except ProfileError as error:
        raise ReportError(str(error)) from None
    path = expectations_path(profile_file, profile.expectations)
    if path is None:
        raise ReportError(
            f"{profile_file} names no expectations file: add `expectations = "
            f'"{profile_file.stem}.expectations.toml"` to it, or pass --expectations FILE'
        )
    return path


def update_expectations(
    *, run_dir: Path, expectations: Path | None = None, target: Path | None = None
) -> Update:
    """Write the expectations file from the run in run_dir; raise ReportError in one line."""
    if not (run_dir / "run.json").is_file():
        raise ReportError(f"no run found in {run_dir} (run.json missing): run the suite first")
    info, results, _ = load_run(run_dir)
    if _option(info.argv, "--shard"):
        raise ReportError(
            f"the run in {run_dir} is one shard: merge the shards first "
            "(python -m livingspec --merge ...), then update from the merged run"
        )
    path = file_of(info.argv, expectations=expectations, target=target)
    previous: Expectations | None = None
    if path.exists():
        features = run_dir / "features"
        titles = {sc.name for f in load_features(features) for sc in f.scenarios()}
        try:
            previous = load_expectations(path, rule_ids=set(rule_ids()), scenario_names=titles)
        except ExpectationError as error:
            raise ReportError(str(error)) from None
    new = updated(previous, results)
    before = {d.subject for d in previous.deviation} if previous else set()
    after = {d.subject for d in new.deviation}
    header = HEADER.format(target=info.target_name, run_id=info.run_id, date=info.started_at[:10])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_toml(new, header=header), encoding="utf-8")
    return Update(
        path=path,
        kept=sorted(before & after),
        added=sorted(after - before),
        dropped=sorted(before - after),
    )
