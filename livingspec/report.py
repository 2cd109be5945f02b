"""Build the report page of a saved run: a pure function of the run, catalogue and history."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalogue.rules import Rule, load_rules
from livingspec.a11y import axe_script
from livingspec.changes import previous_run, rule_changes, rule_marks
from livingspec.files import SavedRun
from livingspec.history import (
    HistoryEntry,
    entry_for,
    history_up_to,
    is_flaky,
    recent_outcomes,
    scenario_key,
    target_of,
)
from livingspec.matrix import RULE_ORDER, MatrixRow, build_matrix
from livingspec.render import STATUS, fr_date, render_page
from livingspec.view import FeatureView, build_features, in_catalogue_order
from walkthrough.runmodel import RunInfo, ScenarioResult, ScreenAudit

TITLE = "Inscription sur « Mon Compte Formation »"
PDF_NAME = "spec.pdf"
COPIED_RUN = "run/"  # where the page finds the run's files when they are copied beside it
_VERSION = re.compile(r"^\d+(\.\d+)+$")
_RULE_ID = re.compile(r"^[A-Z]+-\d+$")


@dataclass(frozen=True, slots=True)
class Report:
    """The built page and what writing it needs; nothing is written yet."""

    html: str
    run_dir: Path
    assets: tuple[str, ...]  # run-relative files the page links (screenshots, traces)
    copy_assets: bool  # the run folder is outside the report folder: copy them beside it
    history_entry: HistoryEntry  # the line this run adds to history.jsonl
    pdf: bool


def build_report(
    run: SavedRun,
    *,
    out_dir: Path,
    history: list[HistoryEntry],
    defects: list[dict[str, Any]] | None,
    pdf: bool = False,
) -> Report:
    """Return the report page of a run, for a report folder holding the history given."""
    rules = load_rules()
    base = _href_base(run.run_dir, out_dir)
    prefix = COPIED_RUN if base is None else base
    entry = entry_for(run.info, run.scenarios)
    history = history_up_to(history, entry)
    features = _features(run, rules, prefix)
    _attach_history(features, history, run.info)
    matrix = build_matrix(rules, features)
    marks = rule_marks(matrix)
    entry = entry.model_copy(update={"rules": marks})
    previous = previous_run(history, entry)
    changes = None
    if previous is not None:
        changes = rule_changes(
            previous, matrix, marks, exists=lambda href: (out_dir / href).is_file()
        )
    context = {
        **_summary(run, matrix, pdf=pdf),
        **_spec(rules, features, matrix),
        **_deviations(run),
        "previous": previous,
        "changes": changes,
        **_evidence(run, features, prefix),
        "history_rows": _history_rows(history),
        "defects": defects,
        "run_href": Path(os.path.relpath(run.run_dir, out_dir.parent)).as_posix(),
    }
    return Report(
        html=render_page(context),
        run_dir=run.run_dir,
        assets=_assets(run),
        copy_assets=base is None,
        history_entry=entry,
        pdf=pdf,
    )


def _href_base(run_dir: Path, out_dir: Path) -> str | None:
    """Return how the page reaches the run folder, or None when files must be copied."""
    try:
        rel = run_dir.resolve().relative_to(out_dir.resolve())
    except ValueError:
        return None
    return "" if rel == Path(".") else rel.as_posix() + "/"


def _features(run: SavedRun, rules: tuple[Rule, ...], prefix: str) -> list[FeatureView]:
    """Return the feature documents with their results, in catalogue order."""
    features = build_features(
        run.features, run.scenarios, catalogue_ids={r.id for r in rules}, base=prefix
    )
    return in_catalogue_order(features, [r.id for r in rules])


def _attach_history(
    features: list[FeatureView], history: list[HistoryEntry], info: RunInfo
) -> None:
    """Give each run of a scenario its recent outcomes and whether it is flaky."""
    target = target_of(info)
    for run in (run for f in features for sc in f.scenarios() for run in sc.runs):
        if run.result is None:
            continue
        key = scenario_key(run.result)
        run.history = [
            (o.status, f"{fr_date(o.date)} : {STATUS[o.status]}")
            for o in recent_outcomes(history, key)
        ]
        run.flaky = is_flaky(history, key, commit=info.git_commit, target=target)


def _summary(run: SavedRun, matrix: list[MatrixRow], *, pdf: bool) -> dict[str, Any]:
    """Return the header: verdict, tiles, target, browser."""
    counts = _counts(run.info, run.scenarios)
    return {
        "title": TITLE,
        "info": run.info,
        "counts": counts,
        "verdict": _verdict(matrix, counts, known=_known_unmet(run)),
        "pdf": PDF_NAME if pdf else None,
        "target_label": _target_label(run.info),
        "browser_version": _browser_version(run.info),
    }


def _spec(
    rules: tuple[Rule, ...], features: list[FeatureView], matrix: list[MatrixRow]
) -> dict[str, Any]:
    """Return the matrix, the filters' tags and the features as documents."""
    all_tags = sorted({t for f in features for sc in f.scenarios() for t in sc.doc.tags})
    tally = Counter(row.status for row in matrix)
    return {
        "rule_ids": [r.id for r in rules],
        "other_tags": [t for t in all_tags if not _RULE_ID.match(t)],
        "families": _families(matrix),
        "rule_tally": [(k, tally[k]) for k in RULE_ORDER if tally[k]],
        "rules_met": tally["met"],
        "features": features,
        "flaky": [sc for f in features for sc in f.scenarios() if sc.flaky],
    }


def _deviations(run: SavedRun) -> dict[str, Any]:
    """Return the run judged against its known deviations: by rule, and every finding."""
    judgement = run.judgement
    findings = judgement.findings if judgement else []
    return {
        "judgement": judgement,
        "rule_findings": {f.rule: f for f in findings if f.rule},
        "expectations_name": Path(judgement.source).name if judgement else "",
    }


def _evidence(run: SavedRun, features: list[FeatureView], prefix: str) -> dict[str, Any]:
    """Return the failures with their screenshots and traces, and the accessibility audits."""
    audits = _distinct(run.audits)
    impacts = Counter(v.impact or "minor" for a in audits for v in a.violations)
    return {
        "failures": _failures(run, features, prefix),
        "audits": audits,
        "a11y_total": sum(impacts.values()),
        "a11y_tally": [
            (k, impacts[k]) for k in ("critical", "serious", "moderate", "minor") if impacts[k]
        ],
        "axe_version": _axe_version(),
    }


def _assets(run: SavedRun) -> tuple[str, ...]:
    """Return the run-relative files the page links: step screenshots and present traces."""
    shots = {step.screenshot for s in run.scenarios for step in s.steps if step.screenshot}
    return tuple(sorted(shots | run.traces))


def _families(matrix: list[MatrixRow]) -> list[dict[str, Any]]:
    families: dict[str, dict[str, Any]] = {}
    for row in matrix:
        rule = row.rule
        family = families.setdefault(
            rule.family, {"id": rule.family, "title": rule.family_title, "rows": []}
        )
        family["rows"].append(row)
    return list(families.values())


def _failures(run: SavedRun, features: list[FeatureView], prefix: str) -> list[dict[str, Any]]:
    """Return one card per failed run: its rule, step, screenshot and trace."""
    failures = []
    for sc in (sc for f in features for sc in f.scenarios()):
        for view in sc.runs:
            if view.status != "failed" or view.result is None:
                continue
            step = view.failing_step()
            shot = step.screenshot if step else None
            if shot is None:  # a step that failed before its screenshot: show the last one
                shot = next((s.screenshot for s in reversed(view.steps) if s.screenshot), None)
            trace = view.result.trace
            failures.append(
                {
                    "scenario": sc,
                    "run": view,
                    "step": step,
                    "shot": shot,
                    "trace": prefix + trace if trace in run.traces else None,
                    "rule_ids": view.result.failed_rule_ids or sc.rule_ids,
                    "tags": " ".join(sc.doc.tags),
                }
            )
    return failures


def _counts(info: RunInfo, scenarios: list[ScenarioResult]) -> dict[str, int]:
    seen = Counter(s.status for s in scenarios)
    return {k: info.counts.get(k, seen[k]) for k in ("passed", "failed", "skipped")}


def _known_unmet(run: SavedRun) -> int:
    """Return how many rules fail as a known deviation of the deployment expects."""
    if run.judgement is None:
        return 0
    found = run.judgement.findings
    return sum(f.kind == "expected" and f.got == "fail" and f.rule is not None for f in found)


def _verdict(matrix: list[MatrixRow], counts: dict[str, int], *, known: int = 0) -> dict[str, str]:
    tally = Counter(row.status for row in matrix)
    total = len(matrix)
    if tally["unmet"] or counts["failed"]:
        n = tally["unmet"]
        text = f"Non conforme : {n} règle(s) non respectée(s) sur {total}"
        if known:
            text += f", dont {known} écart(s) connu(s)"
        return {"css": "ko", "text": text}
    if tally["untested"] or tally["uncovered"]:
        return {
            "css": "partial",
            "text": (
                f"Conforme sur les règles testées : {tally['met']} respectées, "
                f"{tally['untested']} non testées, {tally['uncovered']} non couvertes"
            ),
        }
    return {"css": "ok", "text": f"Conforme : les {total} règles sont respectées"}


def _history_rows(history: list[HistoryEntry]) -> list[dict[str, Any]]:
    rows = []
    for entry in history[-10:]:
        seen = Counter(entry.outcomes.values())
        rows.append(
            {
                "date": entry.date,
                "git_commit": entry.git_commit,
                "target": entry.target,
                **{k: seen[k] for k in ("passed", "failed", "skipped")},
            }
        )
    return rows


def _target_label(info: RunInfo) -> str:
    return "portail de référence" if info.target_name == "bundled" else info.target_name


def _browser_version(info: RunInfo) -> str:
    """Return the browser version when the run recorded one (not, say, a platform string)."""
    return info.browser_version if _VERSION.match(info.browser_version) else ""


def _distinct(audits: list[ScreenAudit]) -> list[ScreenAudit]:
    """Keep the first audit of each screen (workers may audit the same screen twice)."""
    seen: dict[str, ScreenAudit] = {}
    for audit in audits:
        if audit.url in ("", "about:blank"):
            continue  # a tab before its first page is no screen of the walkthrough
        seen.setdefault(audit.screen, audit)
    return list(seen.values())


def _axe_version() -> str:
    found = re.search(r"axe v([\d.]+)", axe_script()[:200])
    return found[1] if found else ""
