"""Write Allure results (`allure-results/*-result.json`) from a saved run model.

The run model is the one source of every report (docs/run-model.md): one result per scenario
or example row, with its steps, rule IDs, example parameters, step screenshots, the retry
trace, and ids derived from the node id, so Allure's history follows a scenario from run to
run. Built from the merged model, xdist workers and shards give one set of results.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from livingspec.render import ticket_label
from walkthrough.expectations import Judgement, read_judgement
from walkthrough.runmodel import RunInfo, ScenarioResult, StepResult, load_run, mime_type

RESULTS_DIR = "allure-results"
EPIC = "Inscription sur « Mon Compte Formation »"
SPEC_HREF = "../index.html"  # the living spec, seen from an Allure report in reports/allure-report
_NAMESPACE = uuid.UUID("6b1f1e1c-7d3e-4a52-9a34-8f5a4e2c0c21")  # this project's result uuids
_OURS = ("-result.json", "-container.json", "-attachment.jpg", "-attachment.png",
         "-attachment.webp", "-attachment.zip")  # fmt: skip
# Failures that are not verdicts (the step could not act): Allure calls them "broken"
_BROKEN = ("could not do", "step not defined")


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _place(run_dir: Path, rel: str, out: Path, name: str) -> str:
    """Make a run file an attachment of the results folder; return its name there."""
    target = out / name
    if not target.exists():
        try:
            os.link(run_dir / rel, target)
        except OSError:
            shutil.copyfile(run_dir / rel, target)
    return name


def _status(result: ScenarioResult) -> str:
    if result.status == "failed" and any(b in (result.error or "") for b in _BROKEN):
        return "broken"
    return result.status


def _steps(
    run_dir: Path, out: Path, steps: list[StepResult], start: datetime, *, key: str
) -> list[dict[str, Any]]:
    """Return the steps as Allure steps, one after the other from `start`.

    Each step gets its own attachment file (a hard link where it can): Allure reads a file
    once, and the harness reuses a shot for every step that leaves the screen unchanged.
    """
    made = []
    for n, step in enumerate(steps):
        stop = start + timedelta(seconds=step.duration_s)
        attachments = []
        if step.screenshot and (run_dir / step.screenshot).is_file():
            ext = step.screenshot.rsplit(".", 1)[-1]
            name = f"{_md5(f'{key}:{n}')}-attachment.{ext}"
            source = _place(run_dir, step.screenshot, out, name)
            attachments.append(
                {"name": "Capture d'écran", "source": source, "type": mime_type(step.screenshot)}
            )
        made.append(
            {
                "name": f"{step.keyword} {step.text}",
                "status": step.status,
                "statusDetails": {"message": step.error} if step.error else {},
                "stage": "finished",
                "start": _ms(start),
                "stop": _ms(stop),
                "attachments": attachments,
                "parameters": [],
                "steps": [],
            }
        )
        start = stop
    return made


def _known(judgement: Judgement | None) -> dict[str, str]:
    """Return {nodeid: ticket} for the failures a known deviation expects."""
    if judgement is None:
        return {}
    return {
        nodeid: finding.ticket
        for finding in judgement.findings
        if finding.kind == "expected" and finding.got == "fail"
        for nodeid in finding.scenarios
    }


def _labels(result: ScenarioResult, info: RunInfo) -> list[dict[str, str]]:
    """Return the labels Allure groups a result by: epic, feature, rule, deployment, tags."""
    rule = [result.rule_name] if result.rule_name else []
    return [
        {"name": "epic", "value": EPIC},
        {"name": "feature", "value": result.feature_name},
        *({"name": "story", "value": name} for name in rule),
        {"name": "parentSuite", "value": info.target_name},
        {"name": "suite", "value": result.feature_name},
        *({"name": "subSuite", "value": name} for name in rule),
        *({"name": "tag", "value": tag} for tag in result.tags),
        {"name": "host", "value": info.target_name},
        {"name": "thread", "value": result.worker},
        {"name": "framework", "value": "pytest-bdd"},
        {"name": "language", "value": "python"},
    ]


def _trace(run_dir: Path, out: Path, result: ScenarioResult) -> list[dict[str, str]]:
    """Return the retry's Playwright trace as an attachment (placed in `out`), if it was kept."""
    if not (result.trace and (run_dir / result.trace).is_file()):
        return []
    name = f"{_md5(result.trace)}-attachment.zip"
    return [
        {
            "name": "Trace Playwright (playwright show-trace)",
            "source": _place(run_dir, result.trace, out, name),
            "type": "application/zip",
        }
    ]


def result_for(
    run_dir: Path, out: Path, result: ScenarioResult, *, info: RunInfo, known: dict[str, str]
) -> dict[str, Any]:
    """Return one scenario's Allure result (and place its attachments in `out`)."""
    start = datetime.fromisoformat(result.started_at)
    stop = start + timedelta(seconds=result.duration_s)
    links = [
        {"name": rule, "url": f"{SPEC_HREF}#req-{rule}", "type": "tms"} for rule in result.rule_ids
    ]
    details: dict[str, Any] = {}
    if result.status == "failed":
        details = {"message": result.error or "échec", "trace": result.error or ""}
    elif result.status == "skipped":
        details = {"message": result.skip_reason or "non exécuté"}
    if result.retry_status == "passed":
        details["flaky"] = True  # its traced second run passed: an intermittent failure
    ticket = known.get(result.nodeid)
    if ticket is not None:
        details["known"] = True
        if ticket:
            links.append({"name": ticket_label(ticket), "url": ticket, "type": "issue"})
    description = result.feature_description
    if result.retry_status is not None:
        again = "a réussi (échec intermittent)" if result.retry_status == "passed" else "a échoué"
        description += f"\n\nRejoué une fois avec une trace : le scénario {again}."
    return {
        "uuid": str(uuid.uuid5(_NAMESPACE, f"{info.run_id}:{result.nodeid}")),
        "historyId": _md5(result.nodeid),
        "testCaseId": _md5(f"{result.feature_file}::{result.outline_name or result.name}"),
        "fullName": result.nodeid,
        "name": result.name,
        "status": _status(result),
        "statusDetails": details,
        "stage": "finished",
        "description": description.strip(),
        "start": _ms(start),
        "stop": _ms(stop),
        "labels": _labels(result, info),
        "links": links,
        "parameters": [{"name": k, "value": v} for k, v in (result.example or {}).items()],
        "attachments": _trace(run_dir, out, result),
        "steps": _steps(run_dir, out, result.steps, start, key=f"{info.run_id}:{result.nodeid}"),
    }


def write_results(run_dir: Path, out: Path) -> int:
    """Write the Allure results of the run in run_dir into `out` (emptied of ours first)."""
    info, results, _ = load_run(run_dir)
    known = _known(read_judgement(run_dir))
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.name.endswith(_OURS):
            old.unlink()
    for result in results:
        made = result_for(run_dir, out, result, info=info, known=known)
        path = out / f"{made['uuid']}-result.json"
        path.write_text(json.dumps(made, ensure_ascii=False), encoding="utf-8")
    environment = {
        "Cible": f"{info.target_name} · {info.base_url}",
        "Navigateur": f"{info.browser_name} {info.browser_version}".strip(),
        "Captcha": info.captcha,
        "Courriel": info.mail,
        "Commit": info.git_commit or "inconnu",
        "Catalogue": info.catalogue_version or "inconnu",
        "Run": info.run_id,
    }
    (out / "environment.properties").write_text(
        "".join(f"{k} = {v}\n" for k, v in environment.items()), encoding="utf-8"
    )
    return len(results)
