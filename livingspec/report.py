"""Build reports/index.html (and its PDF) from a saved run folder."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalogue.rules import PROJECT_ROOT, Rule, load_rules
from livingspec.a11y import axe_script
from livingspec.gherkin_doc import load_features
from livingspec.history import (
    HistoryEntry,
    entry_for,
    is_flaky,
    recent_outcomes,
    record_run,
    scenario_key,
    target_of,
)
from livingspec.matrix import RULE_ORDER, MatrixRow, build_matrix
from livingspec.render import FAMILY_TITLES, STATUS, fr_date, render_page
from livingspec.view import FeatureView, build_features, in_catalogue_order
from walkthrough.runmodel import RunInfo, ScenarioResult, ScreenAudit, load_run

TITLE = "Inscription sur « Mon Compte Formation »"
PDF_NAME = "spec.pdf"
_VERSION = re.compile(r"^\d+(\.\d+)+$")
_RULE_ID = re.compile(r"^[A-Z]+-\d+$")


class ReportError(RuntimeError):
    """A problem the person running the command can fix; its text says how."""


@dataclass(frozen=True, slots=True)
class BuiltReport:
    """What a build wrote."""

    index: Path
    pdf: Path | None
    files: tuple[Path, ...]

    @property
    def size_bytes(self) -> int:
        """Return the size of every file the report needs."""
        return sum(f.stat().st_size for f in self.files)


def _load(run_dir: Path) -> tuple[RunInfo, list[ScenarioResult], list[ScreenAudit]]:
    if not (run_dir / "run.json").is_file():
        raise ReportError(
            f"no run found in {run_dir} (run.json missing): run the suite first, "
            "or pass --run with the folder of a saved run"
        )
    try:
        return load_run(run_dir)
    except ValueError as error:
        first = str(error).splitlines()[0]
        raise ReportError(f"the run in {run_dir} cannot be read ({first})") from error


def _load_defects(path: Path) -> list[dict[str, Any]] | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise ReportError(f"{path} is not valid JSON ({error}): fix or delete it") from error
    if not isinstance(data, list):
        raise ReportError(f"{path} must hold a list of defects: fix or delete it")
    return data


def _href_base(run_dir: Path, out_dir: Path) -> str | None:
    """Return how the page reaches the run folder, or None when files must be copied."""
    try:
        rel = run_dir.resolve().relative_to(out_dir.resolve())
    except ValueError:
        return None
    return "" if rel == Path(".") else rel.as_posix() + "/"


def _publish(run_dir: Path, out_dir: Path, rel: str, base: str | None) -> Path:
    """Make one run file reachable from the report folder; return where it is."""
    source = run_dir / rel
    if base is not None:
        return source
    target = out_dir / "run" / rel
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)  # same content, no second copy on disk
        except OSError:
            shutil.copyfile(source, target)
    return target


def _families(matrix: list[MatrixRow]) -> list[dict[str, Any]]:
    families: dict[str, dict[str, Any]] = {}
    for row in matrix:
        rule: Rule = row.rule
        family = families.setdefault(
            rule.family,
            {
                "id": rule.family,
                "title": FAMILY_TITLES.get(rule.family, rule.family_title),
                "rows": [],
            },
        )
        family["rows"].append(row)
    return list(families.values())


def _counts(info: RunInfo, scenarios: list[ScenarioResult]) -> dict[str, int]:
    seen = Counter(s.status for s in scenarios)
    return {k: info.counts.get(k, seen[k]) for k in ("passed", "failed", "skipped")}


def _verdict(matrix: list[MatrixRow], counts: dict[str, int]) -> dict[str, str]:
    tally = Counter(row.status for row in matrix)
    total = len(matrix)
    if tally["unmet"] or counts["failed"]:
        n = tally["unmet"]
        return {"css": "ko", "text": f"Non conforme : {n} règle(s) non respectée(s) sur {total}"}
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


def _attach_history(features: list[FeatureView], history: list[HistoryEntry], info: RunInfo):
    for feature in features:
        for sc in feature.scenarios():
            for run in sc.runs:
                if run.result is None:
                    continue
                key = scenario_key(run.result)
                run.history = [
                    (o.status, f"{fr_date(o.date)} : {STATUS[o.status]}")
                    for o in recent_outcomes(history, key)
                ]
                run.flaky = is_flaky(history, key, commit=info.git_commit, target=target_of(info))


def build_report(
    *,
    run_dir: Path,
    out_dir: Path,
    features_dir: Path | None = None,
    pdf: bool = False,
) -> BuiltReport:
    """Write index.html (and the PDF) for the run saved in run_dir; return what was written."""
    info, scenarios, audits = _load(run_dir)
    rules = load_rules()
    catalogue_ids = {r.id for r in rules}
    docs = load_features(features_dir or _features_of(run_dir))
    base = _href_base(run_dir, out_dir)
    features = build_features(
        docs, scenarios, catalogue_ids=catalogue_ids, base=base if base is not None else "run/"
    )
    features = in_catalogue_order(features, [r.id for r in rules])
    out_dir.mkdir(parents=True, exist_ok=True)
    history = record_run(out_dir / "history.jsonl", entry_for(info, scenarios))
    _attach_history(features, history, info)
    matrix = build_matrix(rules, features)

    files: set[Path] = set()
    for s in scenarios:
        for step in s.steps:
            if step.screenshot:
                files.add(_publish(run_dir, out_dir, step.screenshot, base))
        if s.trace and (run_dir / s.trace).is_file():
            files.add(_publish(run_dir, out_dir, s.trace, base))

    prefix = base if base is not None else "run/"
    failures = []
    for feature in features:
        for sc in feature.scenarios():
            for run in sc.runs:
                if run.status != "failed" or run.result is None:
                    continue
                failing = run.failing_step()
                shot = failing.screenshot if failing else None
                if shot is None:  # a step that failed before its screenshot: show the last one
                    shot = next((s.screenshot for s in reversed(run.steps) if s.screenshot), None)
                trace = run.result.trace
                failures.append(
                    {
                        "scenario": sc,
                        "run": run,
                        "step": failing,
                        "shot": shot,
                        "trace": prefix + trace if trace and (run_dir / trace).is_file() else None,
                        "rule_ids": run.result.failed_rule_ids or sc.rule_ids,
                        "tags": " ".join(sc.doc.tags),
                    }
                )

    all_tags = sorted({t for f in features for sc in f.scenarios() for t in sc.doc.tags})
    tally = Counter(row.status for row in matrix)
    impacts = Counter(v.impact or "minor" for a in _distinct(audits) for v in a.violations)
    counts = _counts(info, scenarios)
    pdf_path = out_dir / PDF_NAME
    context = {
        "title": TITLE,
        "info": info,
        "counts": counts,
        "verdict": _verdict(matrix, counts),
        "pdf": PDF_NAME if pdf else None,
        "rule_ids": [r.id for r in rules],
        "other_tags": [t for t in all_tags if not _RULE_ID.match(t)],
        "families": _families(matrix),
        "rule_tally": [(k, tally[k]) for k in RULE_ORDER if tally[k]],
        "rules_met": tally["met"],
        "a11y_total": sum(impacts.values()),
        "target_label": _target_label(info),
        "browser_version": _browser_version(info),
        "failures": failures,
        "features": features,
        "audits": _distinct(audits),
        "a11y_tally": [
            (k, impacts[k]) for k in ("critical", "serious", "moderate", "minor") if impacts[k]
        ],
        "axe_version": _axe_version(),
        "history_rows": _history_rows(history),
        "flaky": [sc for f in features for sc in f.scenarios() if sc.flaky],
        "defects": _load_defects(out_dir / "defects.json"),
        "run_href": Path(os.path.relpath(run_dir, out_dir.parent)).as_posix(),
    }
    index = out_dir / "index.html"
    index.write_text(render_page(context), encoding="utf-8")
    files.add(index)
    written_pdf = None
    if pdf:
        from livingspec.pdf import export_pdf

        written_pdf = export_pdf(index=index, pdf=pdf_path)
        files.add(written_pdf)
    return BuiltReport(index=index, pdf=written_pdf, files=tuple(sorted(files)))


def _features_of(run_dir: Path) -> Path:
    """Prefer the feature files saved with the run: the spec as it was when it ran."""
    saved = run_dir / "features"
    return saved if saved.is_dir() else PROJECT_ROOT / "features"


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
