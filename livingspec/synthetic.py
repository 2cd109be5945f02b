"""Rebuild feature documents from the run model when the feature files are not at hand."""

from __future__ import annotations

from collections import defaultdict

from livingspec.gherkin_doc import DocExamples, DocFeature, DocRule, DocScenario, DocStep
from walkthrough.runmodel import ScenarioResult


def features_from_results(results: list[ScenarioResult]) -> list[DocFeature]:
    """Rebuild feature documents from results whose feature file is not at hand."""
    by_file: dict[str, list[ScenarioResult]] = defaultdict(list)
    for r in results:
        by_file[r.feature_file].append(r)
    features = []
    for path, rows in sorted(by_file.items()):
        by_rule: dict[str, dict[str, list[ScenarioResult]]] = defaultdict(dict)
        for r in rows:
            by_rule[r.rule_name or ""].setdefault(r.outline_name or r.name, []).append(r)
        rules = []
        for rule_name, scenarios in by_rule.items():
            docs = []
            for name, runs in scenarios.items():
                first = runs[0]
                examples: tuple[DocExamples, ...] = ()
                if first.example is not None:
                    header = tuple(first.example)
                    # The runs of one outline all carry an example, as the first one does.
                    body = tuple((r.line, tuple(r.example[h] for h in header)) for r in runs)  # type: ignore[index]
                    examples = (DocExamples("", header, body),)
                steps = tuple(DocStep(s.keyword, s.text, s.line) for s in first.steps)
                docs.append(
                    DocScenario(
                        keyword="Plan du scénario" if examples else "Scénario",
                        name=name,
                        description="",
                        line=first.line,
                        tags=tuple(first.tags),
                        steps=steps,
                        examples=examples,
                    )
                )
            rules.append(DocRule("Règle" if rule_name else "", rule_name, "", (), (), tuple(docs)))
        features.append(
            DocFeature(
                path=path,
                keyword="Fonctionnalité",
                name=rows[0].feature_name,
                description=rows[0].feature_description,
                tags=(),
                background=(),
                rules=tuple(rules),
            )
        )
    return features
