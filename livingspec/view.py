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


def _step_views(result: ScenarioResult, tables: dict[int, DocStep], base: str) -> list[StepView]:
    views = []
    for step in result.steps:
        doc = tables.get(step.line)
        views.append(_step_view(step, doc, base))
    return views


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


def _feature_view(
    doc: DocFeature, index: _ResultIndex, catalogue_ids: set[str], base: str
) -> FeatureView:
    steps_by_line = {s.line: s for s in doc.background}
    for rule in doc.rules:
        steps_by_line.update({s.line: s for s in rule.background})
        for sc in rule.scenarios:
            steps_by_line.update({s.line: s for s in sc.steps})
    rules = []
    r: ScenarioResult | None  # each scenario's run, None for an example that did not run
    for rule in doc.rules:
        scenarios = []
        for sc in rule.scenarios:
            results = index.take(doc.path, sc)
            ids = [t for t in sc.tags if t in catalogue_ids]
            for r in results:
                ids += [i for i in r.rule_ids if i not in ids]
            runs: list[RunView] = []
            if sc.is_outline:
                placed: dict[tuple[int, int], ScenarioResult] = {}
                extra = []
                for r in results:
                    spot = _match_example(sc, r)
                    if spot is None or spot in placed:
                        extra.append(r)
                    else:
                        placed[spot] = r
                for b, block in enumerate(sc.examples):
                    for i, (_, cells) in enumerate(block.rows):
                        r = placed.get((b, i))
                        runs.append(
                            RunView(
                                anchor=anchor("ex", doc.path, sc.line, b, i),
                                result=r,
                                cells=cells,
                                steps=_step_views(r, steps_by_line, base) if r else [],
                            )
                        )
                for n, r in enumerate(extra):
                    runs.append(
                        RunView(
                            anchor=anchor("ex", doc.path, sc.line, "extra", n),
                            result=r,
                            cells=tuple((r.example or {}).values()),
                            steps=_step_views(r, steps_by_line, base),
                        )
                    )
            else:
                for n, r in enumerate(results or [None]):
                    steps = (
                        _step_views(r, steps_by_line, base)
                        if r
                        else [
                            StepView(s.keyword, s.text, "notrun", table=s.table)
                            for s in (*doc.background, *rule.background, *sc.steps)
                        ]
                    )
                    runs.append(RunView(anchor("run", doc.path, sc.line, n), r, (), steps))
            scenarios.append(
                ScenarioView(
                    anchor=anchor("sc", doc.path, sc.line, sc.name),
                    doc=sc,
                    rule_ids=ids,
                    runs=runs,
                    feature_name=doc.name,
                    rule_name=rule.name,
                )
            )
        rules.append(RuleView(rule, scenarios))
    return FeatureView(anchor("ft", doc.path), doc, rules)


def in_catalogue_order(features: list[FeatureView], order: list[str]) -> list[FeatureView]:
    """Sort features as the catalogue reads (ELIG, NAV, CGU…): by the first rule they verify."""
    rank = {rule_id: i for i, rule_id in enumerate(order)}

    def first_rule(feature: FeatureView) -> tuple[int, str]:
        ranks = [rank[i] for sc in feature.scenarios() for i in sc.rule_ids if i in rank]
        return (min(ranks) if ranks else len(rank), feature.doc.path)

    return sorted(features, key=first_rule)
