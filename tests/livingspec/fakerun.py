"""Build run folders in memory for unit tests of the report (the real failing run is elsewhere)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from livingspec.gherkin_doc import DocFeature
from walkthrough.runmodel import (
    RunInfo,
    ScenarioResult,
    ScreenAudit,
    ScreenshotStore,
    Status,
    StepResult,
    append_jsonl,
    write_jsonl,
)


def screenshot(label: str, *, size: tuple[int, int] = (320, 200)) -> bytes:
    """Draw a small screenshot-like JPEG that shows a label, as the browser would hand it."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0], 28), fill=(0, 0, 145))
    draw.text((10, 60), label, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _fill(text: str, example: dict[str, str] | None) -> str:
    if not example:
        return text
    return re.sub(r"<([^>]+)>", lambda m: example.get(m[1], m[0]), text)


def results_from(
    features: list[DocFeature],
    run_dir: Path,
    *,
    outcome: dict[str, Status] | None = None,
    screenshots: bool = True,
) -> list[ScenarioResult]:
    """Return one result per scenario or example row; outcome maps a scenario name to a status."""
    outcome = outcome or {}
    results = []
    for feature in features:
        for rule in feature.rules:
            for sc in rule.scenarios:
                rows: list[tuple[int, dict[str, str] | None]] = [
                    (line, dict(zip(block.header, cells, strict=True)))
                    for block in sc.examples
                    for line, cells in block.rows
                ] or [(sc.line, None)]
                for line, example in rows:
                    name = _fill(sc.name, example)
                    status = outcome.get(name, outcome.get(sc.name, "passed"))
                    steps = []
                    for i, step in enumerate((*feature.background, *rule.background, *sc.steps)):
                        text = _fill(step.text, example)
                        step_status: Status = status if status != "failed" else "passed"
                        failed_here = status == "failed" and i == len(sc.steps) - 1
                        if failed_here:
                            step_status = "failed"
                        shot = (
                            ScreenshotStore(run_dir).store(screenshot(text))
                            if screenshots and status != "skipped"
                            else None
                        )
                        steps.append(
                            StepResult(
                                keyword=step.keyword,
                                text=text,
                                line=step.line,
                                status=step_status,
                                duration_s=0.25,
                                screenshot=shot,
                                error="AssertionError: autre texte" if failed_here else None,
                            )
                        )
                    ids = [t for t in sc.tags if re.match(r"^[A-Z]+-\d+$", t)]
                    results.append(
                        ScenarioResult(
                            nodeid=f"steps/test_x.py::{feature.path}:{line}",
                            feature_file=feature.path,
                            feature_name=feature.name,
                            feature_description=feature.description,
                            rule_name=rule.name or None,
                            name=name,
                            line=line,
                            tags=list(sc.tags),
                            rule_ids=ids,
                            outline_name=sc.name if example else None,
                            example=example,
                            status=status,
                            skip_reason="courriel désactivé (mail none)"
                            if status == "skipped"
                            else None,
                            error=f"{ids[0] if ids else '?'} : le texte attendu n'est pas affiché"
                            if status == "failed"
                            else None,
                            failed_rule_ids=ids[:1] if status == "failed" else [],
                            started_at="2026-11-26T14:00:00+00:00",
                            duration_s=1.5,
                            steps=steps,
                        )
                    )
    return results


def write_run(
    run_dir: Path,
    results: list[ScenarioResult],
    *,
    run_id: str = "run-1",
    commit: str | None = "abc1234",
    audits: Sequence[ScreenAudit] = (),
) -> RunInfo:
    """Save a run folder the way the suite does."""
    run_dir.mkdir(parents=True, exist_ok=True)
    counts = {k: sum(r.status == k for r in results) for k in ("passed", "failed", "skipped")}
    info = RunInfo(
        run_id=run_id,
        started_at="2026-11-26T14:00:00+00:00",
        finished_at="2026-11-26T14:03:10+00:00",
        duration_s=190.0,
        target_name="portail de référence",
        base_url="http://127.0.0.1:8000/",
        captcha="oracle",
        mail="smtp",
        browser_name="chromium",
        browser_version="131.0",
        workers=2,
        git_commit=commit,
        counts=counts,
    )
    (run_dir / "run.json").write_text(info.model_dump_json(indent=2), encoding="utf-8")
    write_jsonl(run_dir / "scenarios.jsonl", results)
    (run_dir / "a11y.jsonl").unlink(missing_ok=True)
    for audit in audits:
        append_jsonl(run_dir / "a11y.jsonl", audit)
    return info
