"""The step definitions are grouped as the features are, and each line of a feature has one step.

A step used by one area of features/ lives in steps/definitions/<area>.py; one that several
areas use lives in steps/definitions/common.py. No browser: the feature files are parsed and
each line matched against the step definitions, as pytest-bdd matches them.
"""

from __future__ import annotations

import ast
import importlib
from collections import defaultdict
from pathlib import Path

import pytest
from pytest_bdd.parser import FeatureParser, Step
from pytest_bdd.steps import StepFunctionContext, step_function_context_registry

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"
DEFINITIONS = ROOT / "steps" / "definitions"
MODULES = sorted(p.stem for p in DEFINITIONS.glob("*.py") if p.stem != "__init__")


def _plugins() -> list[str]:
    """Return the root conftest.py's pytest_plugins, as written."""
    tree = ast.parse((ROOT / "conftest.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytest_plugins" for t in node.targets
        ):
            return [
                str(ast.literal_eval(e))
                for e in ast.walk(node.value)
                if isinstance(e, ast.Constant)
            ]
    return []


def _definitions() -> list[StepFunctionContext]:
    for name in MODULES:
        importlib.import_module(f"steps.definitions.{name}")
    return [
        context
        for context in step_function_context_registry.values()
        if context.step_func.__module__.startswith("steps.definitions.")
    ]


def _feature_steps() -> list[tuple[str, Step]]:
    """Return every step line of features/ with its area, outlines filled in with each row."""
    found = []
    for path in sorted(FEATURES.rglob("*.feature")):
        feature = FeatureParser(basedir=str(FEATURES), filename=str(path.relative_to(FEATURES)))
        for scenario in feature.parse().scenarios.values():
            rows = [row for table in scenario.examples for row in table.as_contexts()] or [{}]
            found += [(path.parent.name, s) for row in rows for s in scenario.render(row).steps]
    return found


def _matching(step: Step, definitions: list[StepFunctionContext]) -> list[StepFunctionContext]:
    return [
        d for d in definitions if d.type in (None, step.type) and d.parser.is_matching(step.name)
    ]


def test_every_step_module_is_registered_and_only_those() -> None:
    registered = [p for p in _plugins() if p.startswith("steps.definitions.")]
    assert sorted(registered) == [f"steps.definitions.{name}" for name in MODULES]


def test_every_line_of_a_feature_has_exactly_one_step() -> None:
    definitions = _definitions()
    problems = {
        f"{area}: {step.keyword} {step.name}": [d.step_func.__name__ for d in found]
        for area, step in _feature_steps()
        if len(found := _matching(step, definitions)) != 1
    }
    assert problems == {}


def test_a_step_lives_in_its_area_or_in_common() -> None:
    definitions = _definitions()
    areas: defaultdict[str, set[str]] = defaultdict(set)
    for area, step in _feature_steps():
        for definition in _matching(step, definitions):
            areas[definition.step_func.__qualname__ + "@" + definition.step_func.__module__].add(
                area
            )
    misplaced = {}
    for definition in definitions:
        func = definition.step_func
        used = areas.get(func.__qualname__ + "@" + func.__module__, set())
        home = (
            f"steps.definitions.{next(iter(used))}"
            if len(used) == 1
            else "steps.definitions.common"
        )
        if not used or func.__module__ != home:
            misplaced[f"{func.__module__}.{func.__name__}"] = sorted(used) or "used by no feature"
    assert misplaced == {}


@pytest.mark.parametrize("name", MODULES)
def test_a_step_module_imports_no_other_step_module(name: str) -> None:
    tree = ast.parse((DEFINITIONS / f"{name}.py").read_text(encoding="utf-8"))
    imported = [
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert [m for m in imported if m.startswith("steps.definitions")] == []
