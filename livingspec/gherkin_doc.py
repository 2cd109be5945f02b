"""Read the feature files in their own words: features, rules, scenarios, steps, examples."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gherkin.parser import Parser


@dataclass(frozen=True, slots=True)
class DocStep:
    """One step as written, with its data table or doc string."""

    keyword: str
    text: str
    line: int
    table: tuple[tuple[str, ...], ...] = ()
    doc_string: str | None = None


@dataclass(frozen=True, slots=True)
class DocExamples:
    """One Exemples block: a header and one row per example."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line, cells)


@dataclass(frozen=True, slots=True)
class DocScenario:
    """One Scénario or Plan du scénario."""

    keyword: str
    name: str
    description: str
    line: int
    tags: tuple[str, ...]
    steps: tuple[DocStep, ...]
    examples: tuple[DocExamples, ...] = ()

    @property
    def is_outline(self) -> bool:
        """Return whether the scenario has example rows."""
        return bool(self.examples)


@dataclass(frozen=True, slots=True)
class DocRule:
    """One Règle and its scenarios (name "" holds scenarios outside any rule)."""

    keyword: str
    name: str
    description: str
    tags: tuple[str, ...]
    background: tuple[DocStep, ...]
    scenarios: tuple[DocScenario, ...]


@dataclass(frozen=True, slots=True)
class DocFeature:
    """One feature file."""

    path: str
    keyword: str
    name: str
    description: str
    tags: tuple[str, ...]
    background: tuple[DocStep, ...]
    rules: tuple[DocRule, ...] = field(default_factory=tuple)

    def scenarios(self) -> list[DocScenario]:
        """Return every scenario of the feature, in file order."""
        return [s for rule in self.rules for s in rule.scenarios]


def _text(description: str) -> str:
    return textwrap.dedent(description).strip()


def _tags(node: dict[str, Any]) -> tuple[str, ...]:
    return tuple(t["name"].lstrip("@") for t in node.get("tags", []))


def _steps(node: dict[str, Any] | None) -> tuple[DocStep, ...]:
    if not node:
        return ()
    steps = []
    for raw in node.get("steps", []):
        table = tuple(
            tuple(cell["value"] for cell in row["cells"])
            for row in (raw.get("dataTable") or {}).get("rows", [])
        )
        doc = raw.get("docString")
        steps.append(
            DocStep(
                keyword=raw["keyword"].strip(),
                text=raw["text"],
                line=raw["location"]["line"],
                table=table,
                doc_string=doc["content"] if doc else None,
            )
        )
    return tuple(steps)


def _scenario(raw: dict[str, Any]) -> DocScenario:
    examples = tuple(
        DocExamples(
            name=ex.get("name", ""),
            header=tuple(c["value"] for c in (ex.get("tableHeader") or {}).get("cells", [])),
            rows=tuple(
                (row["location"]["line"], tuple(c["value"] for c in row["cells"]))
                for row in ex.get("tableBody", [])
            ),
        )
        for ex in raw.get("examples", [])
    )
    return DocScenario(
        keyword=raw["keyword"].strip(),
        name=raw["name"],
        description=_text(raw.get("description", "")),
        line=raw["location"]["line"],
        tags=_tags(raw),
        steps=_steps(raw),
        examples=examples,
    )


def _rule(raw: dict[str, Any]) -> DocRule:
    background: tuple[DocStep, ...] = ()
    scenarios = []
    for child in raw.get("children", []):
        if "background" in child:
            background = _steps(child["background"])
        elif "scenario" in child:
            scenarios.append(_scenario(child["scenario"]))
    return DocRule(
        keyword=raw["keyword"].strip(),
        name=raw["name"],
        description=_text(raw.get("description", "")),
        tags=_tags(raw),
        background=background,
        scenarios=tuple(scenarios),
    )


def parse_feature(path: Path, *, relative_to: Path) -> DocFeature | None:
    """Parse one feature file; return None when it holds no feature."""
    # Any: gherkin's TypedDicts type a feature's children as `Envelope`, which has none of their
    # keys (background, scenario, rule); the document is read as the plain JSON it is.
    document: Any = Parser().parse(path.read_text(encoding="utf-8"))
    feature = document.get("feature")
    if not feature:
        return None
    background: tuple[DocStep, ...] = ()
    loose: list[DocScenario] = []
    rules: list[DocRule] = []
    for child in feature.get("children", []):
        if "background" in child:
            background = _steps(child["background"])
        elif "scenario" in child:
            loose.append(_scenario(child["scenario"]))
        elif "rule" in child:
            rules.append(_rule(child["rule"]))
    if loose:
        rules.insert(0, DocRule("", "", "", (), (), tuple(loose)))
    return DocFeature(
        path=path.relative_to(relative_to).as_posix(),
        keyword=feature["keyword"].strip(),
        name=feature["name"],
        description=_text(feature.get("description", "")),
        tags=_tags(feature),
        background=background,
        rules=tuple(rules),
    )


def load_features(features_dir: Path) -> list[DocFeature]:
    """Parse every feature file under a folder, sorted by path."""
    if not features_dir.is_dir():
        return []
    found = (parse_feature(p, relative_to=features_dir) for p in features_dir.rglob("*.feature"))
    return sorted((f for f in found if f is not None), key=lambda f: f.path)
