"""The requirement matrix: each catalogue rule, its scenarios and whether the run shows it met."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from catalogue.rules import Rule
from livingspec.view import FeatureView, ScenarioView

RuleStatus = Literal["met", "unmet", "untested", "uncovered"]
RULE_ORDER: tuple[RuleStatus, ...] = ("met", "unmet", "untested", "uncovered")


@dataclass(slots=True)
class MatrixRow:
    """One catalogue rule with its evidence."""

    rule: Rule
    status: RuleStatus
    scenarios: list[ScenarioView]


def rule_status(rule_id: str, scenarios: list[ScenarioView]) -> RuleStatus:
    """Return met, unmet, untested or uncovered for one catalogue ID."""
    if not scenarios:
        return "uncovered"
    passed = False
    for sc in scenarios:
        for run in sc.runs:
            r = run.result
            if r is None:
                continue
            if r.status == "failed" and (not r.failed_rule_ids or rule_id in r.failed_rule_ids):
                return "unmet"
            passed = passed or r.status == "passed"
    return "met" if passed else "untested"


def build_matrix(rules: tuple[Rule, ...], features: list[FeatureView]) -> list[MatrixRow]:
    """Return one row per catalogue rule, in catalogue order."""
    by_id: dict[str, list[ScenarioView]] = defaultdict(list)
    for feature in features:
        for sc in feature.scenarios():
            for rule_id in sc.rule_ids:
                by_id[rule_id].append(sc)
    return [MatrixRow(rule, rule_status(rule.id, by_id[rule.id]), by_id[rule.id]) for rule in rules]
