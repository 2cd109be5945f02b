"""Turn a saved run, the feature files and the catalogue into what the report shows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from livingspec.gherkin_doc import DocFeature, DocRule, DocScenario, DocStep
from livingspec.synthetic import features_from_results
from walkthrough.runmodel import ScenarioResult, StepResult

ViewStatus = Literal["passed", "failed", "skipped", "notrun", "template"]


@dataclass(slots=True)
class StepView:
    """One step as the reader sees it."""

    keyword: str
    text: str
    status: ViewStatus
    duration_s: float | None = None
    screenshot: str | None = None
    error: str | None = None
    table: tuple[tuple[str, ...], ...] = ()
    doc_string: str | None = None


@dataclass(slots=True)
class RunView:
    """One run of a scenario, or of one example row of an outline."""

    anchor: str
    result: ScenarioResult | None
    cells: tuple[str, ...] = ()
    steps: list[StepView] = field(default_factory=list)
    history: list[tuple[str, str]] = field(default_factory=list)  # (status, label)
    flaky: bool = False

    @property
    def status(self) -> ViewStatus:
        """Return the run's status, or "notrun" when this run did not select it."""
        return self.result.status if self.result else "notrun"

    def failing_step(self) -> StepView | None:
        """Return the step that failed, if any."""
        return next((s for s in self.steps if s.status == "failed"), None)


@dataclass(slots=True)
class ScenarioView:
    """One scenario of a feature, with its runs (one per example for an outline)."""

    anchor: str
    doc: DocScenario
    rule_ids: list[str]
    runs: list[RunView]
    feature_name: str = ""
    rule_name: str = ""

    @property
    def template(self) -> list[StepView]:
        """Return an outline's steps as written, placeholders included."""
        return [StepView(s.keyword, s.text, "template", table=s.table) for s in self.doc.steps]

    @property
    def blocks(self) -> list[list[RunView]]:
        """Return an outline's runs grouped by Exemples block (unmatched results go last)."""
        sizes = [len(block.rows) for block in self.doc.examples]
        groups, start = [], 0
        for size in sizes:
            groups.append(self.runs[start : start + size])
            start += size
        if groups:
            groups[-1] = groups[-1] + self.runs[start:]
        return groups

    @property
    def status(self) -> ViewStatus:
        """Return failed if any run failed, passed if one passed, else skipped or not run."""
        statuses = {run.status for run in self.runs}
        for status in ("failed", "passed", "skipped"):
            if status in statuses:
                return status
        return "notrun"

    @property
    def flaky(self) -> bool:
        """Return whether any of its runs is flaky."""
        return any(run.flaky for run in self.runs)


@dataclass(slots=True)
class RuleView:
    """One Règle of a feature."""

    doc: DocRule
    scenarios: list[ScenarioView]


@dataclass(slots=True)
class FeatureView:
    """One feature file as a readable document."""

    anchor: str
    doc: DocFeature
    rules: list[RuleView]

    def scenarios(self) -> list[ScenarioView]:
        """Return every scenario of the feature."""
        return [s for rule in self.rules for s in rule.scenarios]


def anchor(prefix: str, *parts: object) -> str:
    """Return a stable HTML id for a thing, from what identifies it."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:10]
    return f"{prefix}-{digest}"


class _ResultIndex:
    """Find the results of each documented scenario, consuming each result once."""

    def __init__(self, results: list[ScenarioResult]) -> None:
        self.left = list(results)

    def take(self, path: str, doc: DocScenario) -> list[ScenarioResult]:
        """Return the results of one scenario: by line first, by name when lines moved."""
        rows = {line for ex in doc.examples for line, _ in ex.rows}
        here = [r for r in self.left if r.feature_file == path]
        mine = [r for r in here if r.line == doc.line or r.line in rows]
        if not mine:
            mine = [r for r in here if (r.outline_name or r.name) == doc.name]
        taken = {id(r) for r in mine}
        self.left = [r for r in self.left if id(r) not in taken]
        return mine


def _step_view(step: StepResult, doc: DocStep | None, base: str) -> StepView:
    return StepView(
        keyword=step.keyword.strip(),
        text=step.text,
        status=step.status,
        duration_s=step.duration_s,
        screenshot=f"{base}{step.screenshot}" if step.screenshot else None,
        error=step.error,
        table=doc.table if doc else (),
        doc_string=doc.doc_string if doc else None,
    )


def _match_example(doc: DocScenario, result: ScenarioResult) -> tuple[int, int] | None:
    """Return (examples block, row) of an outline result, from its example values or line."""
    for b, block in enumerate(doc.examples):
        for i, (line, cells) in enumerate(block.rows):
            if result.line == line:
                return b, i
            if result.example is not None and all(
                result.example.get(h) == c for h, c in zip(block.header, cells, strict=True)
            ):
                return b, i
    return None


def build_features(
    docs: list[DocFeature], results: list[ScenarioResult], *, catalogue_ids: set[str], base: str
) -> list[FeatureView]:
    """Pair every documented scenario with its results; results without a document come last."""
    index = _ResultIndex(results)
    views = [_feature_view(doc, index, catalogue_ids, base) for doc in docs]
    if index.left:
        orphans = features_from_results(index.left)
        index = _ResultIndex(index.left)
        views += [_feature_view(doc, index, catalogue_ids, base) for doc in orphans]
    return views


@dataclass(frozen=True, slots=True)
class _Written:
    """One feature file as written: its steps by line (for their tables) and the link base."""

    doc: DocFeature
    steps: dict[int, DocStep]
    base: str

    def step_views(self, result: ScenarioResult) -> list[StepView]:
        """Return a result's steps, each with its written table or doc string."""
        return [_step_view(s, self.steps.get(s.line), self.base) for s in result.steps]


def _feature_view(
    doc: DocFeature, index: _ResultIndex, catalogue_ids: set[str], base: str
) -> FeatureView:
    """Return one feature file as a document: each Règle, each scenario with its runs."""
    written = _Written(doc, _steps_by_line(doc), base)
    rules = [
        RuleView(
            rule, [_scenario_view(written, rule, sc, index, catalogue_ids) for sc in rule.scenarios]
        )
        for rule in doc.rules
    ]
    return FeatureView(anchor("ft", doc.path), doc, rules)


def _steps_by_line(doc: DocFeature) -> dict[int, DocStep]:
    """Return every written step of a feature (backgrounds included) by its line."""
    steps = {s.line: s for s in doc.background}
    for rule in doc.rules:
        steps.update({s.line: s for s in rule.background})
        for sc in rule.scenarios:
            steps.update({s.line: s for s in sc.steps})
    return steps


def _scenario_view(
    written: _Written, rule: DocRule, sc: DocScenario, index: _ResultIndex, catalogue_ids: set[str]
) -> ScenarioView:
    results = index.take(written.doc.path, sc)
    runs = (
        _outline_runs(written, sc, results)
        if sc.is_outline
        else _plain_runs(written, rule, sc, results)
    )
    return ScenarioView(
        anchor=anchor("sc", written.doc.path, sc.line, sc.name),
        doc=sc,
        rule_ids=_rule_ids(sc, results, catalogue_ids),
        runs=runs,
        feature_name=written.doc.name,
        rule_name=rule.name,
    )


def _rule_ids(sc: DocScenario, results: list[ScenarioResult], catalogue_ids: set[str]) -> list[str]:
    """Return the catalogue IDs a scenario verifies: its tags, then any its results add."""
    ids = [t for t in sc.tags if t in catalogue_ids]
    for r in results:
        ids += [i for i in r.rule_ids if i not in ids]
    return ids


def _place_examples(
    sc: DocScenario, results: list[ScenarioResult]
) -> tuple[dict[tuple[int, int], ScenarioResult], list[ScenarioResult]]:
    """Return each example row's result by (block, row), and the results no row claims."""
    placed: dict[tuple[int, int], ScenarioResult] = {}
    extra = []
    for r in results:
        spot = _match_example(sc, r)
        if spot is None or spot in placed:
            extra.append(r)
        else:
            placed[spot] = r
    return placed, extra


def _outline_runs(
    written: _Written, sc: DocScenario, results: list[ScenarioResult]
) -> list[RunView]:
    """Return one run per example row (run or not), then the results no row claims."""
    path = written.doc.path
    placed, extra = _place_examples(sc, results)
    runs = []
    for b, block in enumerate(sc.examples):
        for i, (_, cells) in enumerate(block.rows):
            r = placed.get((b, i))
            steps = written.step_views(r) if r else []
            runs.append(RunView(anchor("ex", path, sc.line, b, i), r, cells, steps))
    for n, r in enumerate(extra):
        cells = tuple((r.example or {}).values())
        runs.append(
            RunView(anchor("ex", path, sc.line, "extra", n), r, cells, written.step_views(r))
        )
    return runs


def _plain_runs(
    written: _Written, rule: DocRule, sc: DocScenario, results: list[ScenarioResult]
) -> list[RunView]:
    """Return a scenario's runs; one not run shows its written steps, backgrounds first."""
    if not results:
        written_steps = (*written.doc.background, *rule.background, *sc.steps)
        steps = [StepView(s.keyword, s.text, "notrun", table=s.table) for s in written_steps]
        return [RunView(anchor("run", written.doc.path, sc.line, 0), None, (), steps)]
    return [
        RunView(anchor("run", written.doc.path, sc.line, n), r, (), written.step_views(r))
        for n, r in enumerate(results)
    ]


def in_catalogue_order(features: list[FeatureView], order: list[str]) -> list[FeatureView]:
    """Sort features as the catalogue reads (ELIG, NAV, CGU…): by the first rule they verify."""
    rank = {rule_id: i for i, rule_id in enumerate(order)}

    def first_rule(feature: FeatureView) -> tuple[int, str]:
        ranks = [rank[i] for sc in feature.scenarios() for i in sc.rule_ids if i in rank]
        return (min(ranks) if ranks else len(rank), feature.doc.path)

    return sorted(features, key=first_rule)
