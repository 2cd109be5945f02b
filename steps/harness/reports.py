"""Merge the workers' records into the run model, then write cucumber.json and junit.xml."""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

from steps.harness.settings import Settings
from walkthrough import runmodel
from walkthrough.runmodel import RunInfo, ScenarioResult, ScreenAudit, mime_type


def part_name(kind: str, settings: Settings) -> str:
    """Return one worker's file name: `<kind>.<worker>.<run uid>.jsonl`.

    The run uid keeps two runs sharing a run folder from mixing or deleting each other's parts.
    """
    return f"{kind}.{settings.worker}.{settings.run_uid}.jsonl"


def merge(run_dir: Path, *, run_uid: str) -> list[ScenarioResult] | None:
    """Merge this run's worker files into scenarios.jsonl in feature order; None if none ran."""
    parts = sorted(run_dir.glob(f"scenarios.*.{run_uid}.jsonl"))
    if not parts:
        return None
    results = [r for part in parts for r in runmodel.read_jsonl(part, ScenarioResult)]
    results.sort(key=lambda r: (r.feature_file, r.line, r.nodeid))
    runmodel.write_jsonl(run_dir / "scenarios.jsonl", results)
    audits: dict[str, ScreenAudit] = {}
    a11y_parts = sorted(run_dir.glob(f"a11y.*.{run_uid}.jsonl"))
    for part in a11y_parts:
        for audit in runmodel.read_jsonl(part, ScreenAudit):
            audits.setdefault(audit.screen, audit)
    by_screen = sorted(audits.values(), key=lambda a: a.screen)
    runmodel.write_jsonl(run_dir / "a11y.jsonl", by_screen)
    for part in parts + a11y_parts:
        part.unlink()
    return results


def counts(results: list[ScenarioResult]) -> dict[str, int]:
    """Return how many scenarios passed, failed and were skipped."""
    tally = Counter(r.status for r in results)
    return {
        "passed": tally["passed"],
        "failed": tally["failed"],
        "skipped": tally["skipped"],
        "total": len(results),
    }


def write_run_info(run_dir: Path, info: RunInfo) -> None:
    """Write run.json."""
    (run_dir / "run.json").write_text(info.model_dump_json(indent=2), encoding="utf-8")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def cucumber(
    run_dir: Path, results: list[ScenarioResult], *, embed: bool = True
) -> list[dict[str, Any]]:
    """Return the Cucumber JSON of a run (skipped scenarios and screenshots included)."""
    features: dict[str, dict[str, Any]] = {}
    for r in results:
        feature = features.setdefault(
            r.feature_file,
            {
                "uri": f"features/{r.feature_file}",
                "id": _slug(r.feature_name),
                "keyword": "Fonctionnalité",
                "name": r.feature_name,
                "description": r.feature_description,
                "line": 1,
                "tags": [],
                "elements": [],
            },
        )
        steps = []
        for s in r.steps:
            result: dict[str, object] = {"status": s.status, "duration": int(s.duration_s * 1e9)}
            if s.status == "failed":
                result["error_message"] = s.error or r.error or "failed"
            step: dict[str, object] = {
                "keyword": s.keyword + " ",
                "name": s.text,
                "line": s.line,
                "result": result,
            }
            if embed and s.screenshot and (run_dir / s.screenshot).exists():
                data = base64.b64encode((run_dir / s.screenshot).read_bytes()).decode()
                step["embeddings"] = [{"mime_type": mime_type(s.screenshot), "data": data}]
            steps.append(step)
        if r.status == "failed" and not any(s.status == "failed" for s in r.steps):
            steps.append(
                {
                    "keyword": "After",
                    "hidden": True,
                    "result": {
                        "status": "failed",
                        "error_message": r.error or "failed",
                        "duration": 0,
                    },
                }
            )
        feature["elements"].append(
            {
                "id": f"{_slug(r.feature_name)};{_slug(r.name)}",
                "keyword": "Scénario",
                "type": "scenario",
                "name": r.name,
                "description": r.skip_reason or "",
                "line": r.line,
                "tags": [{"name": f"@{t}", "line": r.line - 1} for t in r.tags],
                "steps": steps,
            }
        )
    return list(features.values())


def junit(results: list[ScenarioResult]) -> ET.ElementTree:
    """Return the JUnit XML of a run: one testcase per scenario, named as in the feature."""
    tally = counts(results)
    suite = ET.Element(
        "testsuite",
        {
            "name": "cpf-conformance",
            "tests": str(tally["total"]),
            "failures": str(tally["failed"]),
            "skipped": str(tally["skipped"]),
            "errors": "0",
            "time": f"{sum(r.duration_s for r in results):.3f}",
        },
    )
    for r in results:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": r.feature_name,
                "name": r.name,
                "time": f"{r.duration_s:.3f}",
                "file": f"features/{r.feature_file}",
                "line": str(r.line),
            },
        )
        if r.status == "failed":
            ET.SubElement(case, "failure", {"message": (r.error or "")[:500]}).text = r.error
        elif r.status == "skipped":
            ET.SubElement(case, "skipped", {"message": r.skip_reason or ""})
        ET.SubElement(case, "system-out").text = "\n".join(
            f"{s.keyword} {s.text} [{s.status}]" for s in r.steps
        )
    root = ET.Element("testsuites")
    root.append(suite)
    return ET.ElementTree(root)


def write_reports(
    run_dir: Path, reports_dir: Path, results: list[ScenarioResult], *, embed: bool = True
) -> None:
    """Write reports/cucumber.json and reports/junit.xml from the merged run model."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    (reports_dir / "cucumber.json").write_text(
        json.dumps(cucumber(run_dir, results, embed=embed), ensure_ascii=False), encoding="utf-8"
    )
    tree = junit(results)
    ET.indent(tree)
    tree.write(reports_dir / "junit.xml", encoding="utf-8", xml_declaration=True)
