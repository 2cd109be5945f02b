"""docs/architecture.md draws the parts and their imports: its solid arrows are the imports.

A newcomer reads the picture before the code; a picture that drifted sends them the wrong way.
Each solid arrow `A --> B` of the mermaid chart must be an import of B somewhere in A, and each
import from one part into another must be drawn (dotted arrows say other things: drives over
HTTP, reads a folder, runs as a subprocess, and are not compared).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
# A solid arrow, with or without a label: `a --> b`, `a -- "label" --> b`, `a -- label --> b`.
SOLID = re.compile(r"^\s*(\w+)\s+--(?:\s+[^-].*?\s+--)?>\s+(\w+)\s*$")


def _chart() -> tuple[set[str], set[tuple[str, str]]]:
    text = DOC.read_text(encoding="utf-8")
    chart = text.split("```mermaid", 1)[1].split("```", 1)[0]
    nodes = set(re.findall(r"^\s*(\w+)[\[(]", chart, flags=re.MULTILINE))
    edges = {(m[1], m[2]) for line in chart.splitlines() if (m := SOLID.match(line))}
    return nodes, edges


def _imports(part: str, parts: set[str]) -> set[str]:
    found: set[str] = set()
    for path in (ROOT / part).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found.update(n.split(".")[0] for n in names if n.split(".")[0] in parts)
    return found - {part}


def test_every_solid_arrow_is_an_import_and_every_import_is_drawn() -> None:
    nodes, drawn = _chart()
    packages = {n for n in nodes if (ROOT / n / "__init__.py").exists() or n == "steps"}
    assert {"walkthrough", "catalogue", "mock_portal", "steps"} <= packages, sorted(nodes)
    actual = {(a, b) for a in packages for b in _imports(a, packages)}
    drawn_between_parts = {(a, b) for a, b in drawn if a in packages and b in packages}
    assert sorted(actual - drawn_between_parts) == [], "imports the picture does not draw"
    assert sorted(drawn_between_parts - actual) == [], "arrows no import backs"


def test_the_library_imports_only_the_catalogue() -> None:
    _, drawn = _chart()
    assert {b for a, b in drawn if a == "walkthrough"} == {"catalogue"}


PRODUCT = ("walkthrough", "steps", "livingspec", "tutorial", "mock_portal", "implementations",
           "catalogue", "bench", "scripts")  # fmt: skip
LONGEST = 60  # lines; a longer function says why in a comment on the line above its `def`


def _long_functions_without_reason() -> list[str]:
    found = []
    for part in PRODUCT:
        for path in sorted((ROOT / part).rglob("*.py")):
            lines = path.read_text(encoding="utf-8").splitlines()
            for node in ast.walk(ast.parse("\n".join(lines))):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                above = lines[first - 2].strip() if first >= 2 else ""
                if length > LONGEST and not above.startswith("#"):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length})")
    return found


def test_no_function_over_60_lines_without_a_comment_saying_why() -> None:
    assert _long_functions_without_reason() == []


def test_no_product_code_imports_the_tests() -> None:
    importers = [
        f"{path.relative_to(ROOT)}"
        for part in PRODUCT
        for path in sorted((ROOT / part).rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tests")
        or (
            isinstance(node, ast.Import)
            and any(a.name.split(".")[0] == "tests" for a in node.names)
        )
    ]
    assert importers == []
