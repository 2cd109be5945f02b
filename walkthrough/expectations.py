"""Known deviations of one deployment, and how a run's results compare with them.

A deployment is rarely conformant the day it is first judged. Its expectations file lists what
is known to differ (as Web Platform Tests keeps one per browser): a rule or a scenario, the
status expected, why, and the ticket that follows it. A run is then judged on what it did NOT
expect, whichever way: a new failure (a regression) or a known one that no longer happens (a
stale expectation). The file is TOML:

    [[deviation]]
    rule = "FORM-05"
    status = "fail"                       # or "not tested", or "flaky" with `outcomes`
    reason = "Un mobile en 08 est accepté."
    ticket = "https://suivi.example/PORTAIL-412"
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from walkthrough.runmodel import ScenarioResult

Outcome = Literal["pass", "fail", "not tested"]
Expected = Literal["fail", "not tested", "flaky"]
FindingKind = Literal["expected", "regression", "stale"]
EXPECTATIONS_FILE = "expectations.json"  # the run folder's record of the judgement
OUTCOMES: tuple[Outcome, ...] = ("pass", "fail", "not tested")


class ExpectationError(ValueError):
    """An expectations file that cannot be used; the text is the one line the operator sees."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Deviation(_Strict):
    """One known deviation: a rule or a scenario, the status expected, why, and its ticket."""

    rule: str | None = None
    scenario: str | None = Field(None, description="A scenario's (or an outline's) title.")
    status: Expected
    outcomes: list[Outcome] = Field(default_factory=list, description="For flaky only.")
    reason: str = ""
    ticket: str = ""

    @model_validator(mode="after")
    def _one_subject(self) -> Deviation:
        if (self.rule is None) == (self.scenario is None):
            raise ValueError("give either `rule` or `scenario`, not both or neither")
        if self.status == "flaky" and len(set(self.outcomes)) < 2:
            raise ValueError('status "flaky" needs `outcomes`, two or more of pass, fail')
        if self.status != "flaky" and self.outcomes:
            raise ValueError('`outcomes` goes with status "flaky" only')
        return self

    @property
    def subject(self) -> str:
        """Return what the deviation names, as a line shows it."""
        return self.rule or f"« {self.scenario} »"

    def allows(self, outcome: Outcome) -> bool:
        """Return whether this outcome is what the deviation expects."""
        if self.status == "flaky":
            return outcome in self.outcomes
        return outcome == self.status

    def expected_text(self) -> str:
        """Return the status expected, as a line shows it."""
        if self.status == "flaky":
            return f"flaky ({', '.join(self.outcomes)})"
        return self.status


class Expectations(_Strict):
    """The whole file: its deviations, in file order."""

    deviation: list[Deviation] = Field(default_factory=list)


class Finding(_Strict):
    """One comparison of the run with its expectations, as the summary and the report name it."""

    kind: FindingKind
    rule: str | None = None
    scenario: str | None = None
    expected: str | None = Field(None, description="The status expected; None: no expectation.")
    got: Outcome
    reason: str = ""
    ticket: str = ""
    scenarios: list[str] = Field(default_factory=list, description="Nodeids concerned.")
    message: str = Field("", description="The first failure message, for a failure.")

    @property
    def subject(self) -> str:
        """Return what the finding names."""
        return self.rule or f"« {self.scenario} »"

    def line(self) -> str:
        """Return the one line the terminal summary prints."""
        ticket = f" ({self.ticket})" if self.ticket else ""
        if self.kind == "regression":
            first = self.message.splitlines()[0] if self.message else ""
            return f"REGRESSION {self.subject}: failed, not expected: {first}"
        if self.kind == "stale":
            return (
                f"STALE {self.subject}: expected {self.expected}{ticket}, got {self.got}: "
                "update the expectations"
            )
        return f"known {self.subject}: {self.got} as expected{ticket}"


class Judgement(_Strict):
    """A run compared with its expectations: written to the run folder as expectations.json."""

    source: str = Field(description="The expectations file, as given.")
    complete: bool = Field(True, description="False for one shard: staleness waits for merge.")
    deviations: list[Deviation]
    findings: list[Finding]

    @property
    def unexpected(self) -> list[Finding]:
        """Return the regressions and stale expectations."""
        return [f for f in self.findings if f.kind != "expected"]


def load_expectations(
    path: Path, *, rule_ids: Collection[str], scenario_names: Collection[str]
) -> Expectations:
    """Read and check an expectations file; raise ExpectationError with one line on any mistake."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExpectationError(
            f"{path}: no such expectations file; write it from a run with "
            "`python -m livingspec --update-expectations`"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ExpectationError(f"{path}: not valid TOML ({exc})") from None
    try:
        expectations = Expectations.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            raise ExpectationError(f"{path}: {where}: unknown key; remove it") from None
        msg = err["msg"].removeprefix("Value error, ")
        raise ExpectationError(f"{path}: {where or 'file'}: {msg}") from None
    seen: set[str] = set()
    for n, dev in enumerate(expectations.deviation, start=1):
        if dev.rule is not None and dev.rule not in rule_ids:
            raise ExpectationError(
                f"{path}: deviation {n}: rule {dev.rule!r} is no rule of the catalogue; "
                "fix the ID or remove the deviation"
            )
        if dev.scenario is not None and dev.scenario not in scenario_names:
            raise ExpectationError(
                f"{path}: deviation {n}: no scenario titled {dev.scenario!r} in the feature "
                "files; fix the title or remove the deviation"
            )
        if dev.subject in seen:
            raise ExpectationError(f"{path}: deviation {n}: {dev.subject} is listed twice")
        seen.add(dev.subject)
    return expectations


def _names(result: ScenarioResult, deviation: Deviation) -> bool:
    if deviation.rule is not None:
        return deviation.rule in result.rule_ids
    return deviation.scenario in (result.name, result.outline_name)


def _blamed(result: ScenarioResult) -> list[str]:
    """Return the rules a failure counts against: those it names, else all its rules."""
    return result.failed_rule_ids or result.rule_ids or ["UNTAGGED"]


def outcome_of(deviation: Deviation, results: Sequence[ScenarioResult]) -> Outcome | None:
    """Return what the run showed of a deviation's subject; None when none of it ran.

    A rule fails as the living spec's matrix says: a scenario failed naming it (or naming no
    rule); it passes when one of its scenarios passed and none failed so.
    """
    mine = [r for r in results if _names(r, deviation)]
    if not mine:
        return None
    failed = [r for r in mine if r.status == "failed"]
    if deviation.rule is not None:
        failed = [r for r in failed if not r.failed_rule_ids or deviation.rule in r.failed_rule_ids]
    if failed:
        return "fail"
    return "pass" if any(r.status == "passed" for r in mine) else "not tested"


def judge(
    expectations: Expectations,
    results: Sequence[ScenarioResult],
    *,
    source: str,
    complete: bool = True,
) -> Judgement:
    """Compare a run's results with the deployment's expectations.

    `complete=False` judges one shard: a subject that passed or was not tested there may have
    failed in another shard, so only failures are judged; the merged run judges the rest.
    """
    findings: list[Finding] = []
    for dev in expectations.deviation:
        got = outcome_of(dev, results)
        if got is None or (not complete and got != "fail" and not dev.allows(got)):
            continue
        concerned = [r for r in results if _names(r, dev)]
        findings.append(
            Finding(
                kind="expected" if dev.allows(got) else "stale",
                rule=dev.rule,
                scenario=dev.scenario,
                expected=dev.expected_text(),
                got=got,
                reason=dev.reason,
                ticket=dev.ticket,
                scenarios=[r.nodeid for r in concerned if r.status == "failed" or got != "fail"],
                message=next((r.error or "" for r in concerned if r.status == "failed"), ""),
            )
        )
    regressions: dict[str, list[ScenarioResult]] = {}
    for result in results:
        if result.status != "failed":
            continue
        known = expectations.deviation
        if any(d.scenario and _names(result, d) and d.allows("fail") for d in known):
            continue
        for rule in _blamed(result):
            if not any(d.rule == rule and d.allows("fail") for d in expectations.deviation):
                regressions.setdefault(rule, []).append(result)
    for rule, failed in sorted(regressions.items()):
        findings.append(
            Finding(
                kind="regression",
                rule=rule,
                got="fail",
                scenarios=[r.nodeid for r in failed],
                message=failed[0].error or "",
            )
        )
    return Judgement(
        source=source,
        complete=complete,
        deviations=list(expectations.deviation),
        findings=findings,
    )


def updated(previous: Expectations | None, results: Sequence[ScenarioResult]) -> Expectations:
    """Return the expectations a run shows: what still holds is kept, reason and ticket included.

    A deviation whose subject did not run is kept as it is; one the run contradicts is dropped
    (a fixed rule); each failure nobody expected becomes a `fail` deviation of its rule (or of
    its scenario, when it names no rule), with its reason and ticket left to fill in.
    """
    kept = [
        dev
        for dev in (previous.deviation if previous else [])
        if (got := outcome_of(dev, results)) is None or dev.allows(got)
    ]
    judgement = judge(Expectations(deviation=kept), results, source="")
    added: list[Deviation] = []
    for finding in judgement.findings:
        if finding.kind != "regression":
            continue
        first = next(r for r in results if r.nodeid == finding.scenarios[0])
        if finding.rule == "UNTAGGED":
            added.append(Deviation(scenario=first.outline_name or first.name, status="fail"))
        else:
            added.append(Deviation(rule=finding.rule, status="fail"))
    ordered = sorted([*kept, *added], key=lambda d: (d.rule is None, d.rule or d.scenario or ""))
    return Expectations(deviation=ordered)


def _toml_string(text: str) -> str:
    # A JSON string is a valid TOML basic string (same quotes, same escapes).
    return json.dumps(text, ensure_ascii=False)


def to_toml(expectations: Expectations, *, header: str) -> str:
    """Return the expectations as the TOML file a person edits, under a comment header."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    for dev in expectations.deviation:
        lines += ["", "[[deviation]]"]
        if dev.rule is not None:
            lines.append(f"rule = {_toml_string(dev.rule)}")
        else:
            lines.append(f"scenario = {_toml_string(dev.scenario or '')}")
        lines.append(f"status = {_toml_string(dev.status)}")
        if dev.outcomes:
            lines.append(f"outcomes = [{', '.join(_toml_string(o) for o in dev.outcomes)}]")
        lines.append(f"reason = {_toml_string(dev.reason)}")
        lines.append(f"ticket = {_toml_string(dev.ticket)}")
    return "\n".join(lines) + "\n"


def read_judgement(run_dir: Path) -> Judgement | None:
    """Read a run folder's judgement, or None when the run had no expectations."""
    path = run_dir / EXPECTATIONS_FILE
    if not path.is_file():
        return None
    return Judgement.model_validate_json(path.read_text(encoding="utf-8"))


def write_judgement(run_dir: Path, judgement: Judgement | None) -> None:
    """Write (or, for a run without expectations, remove) the run folder's judgement."""
    path = run_dir / EXPECTATIONS_FILE
    if judgement is None:
        path.unlink(missing_ok=True)
        return
    path.write_text(judgement.model_dump_json(indent=2), encoding="utf-8")


def expectations_path(profile_file: Path, named: str | None) -> Path | None:
    """Return the expectations file a profile names, relative to the profile's folder."""
    return None if named is None else profile_file.parent / named
