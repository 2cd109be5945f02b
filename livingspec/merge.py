"""Merge the run folders of N shards (`pytest steps --shard K/N`) into one run folder.

The merged folder is an ordinary run (run.json, scenarios.jsonl, a11y.jsonl, attachments/,
traces/, features/): the report built from it has one summary, one requirement matrix (a rule
failing in any shard is not met, as in one process) and one history line, since the merged run
has one run id, derived from the shards' ids so that merging the same shards again adds none.
"""

from __future__ import annotations

import filecmp
import hashlib
import os
import shutil
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from walkthrough import runmodel
from walkthrough.expectations import Expectations, judge, read_judgement, write_judgement
from walkthrough.runmodel import RunInfo, ScenarioResult, ScreenAudit

COPIED_DIRS = ("attachments", "traces")
MODEL_FILES = (
    "run.json",
    "scenarios.jsonl",
    "a11y.jsonl",
    "browser-version.txt",
    "expectations.json",
)


class MergeError(ValueError):
    """Shard folders that cannot make one run; the text says what to do."""


def _load(run_dir: Path) -> tuple[RunInfo, list[ScenarioResult], list[ScreenAudit]]:
    if not (run_dir / "run.json").is_file():
        raise MergeError(f"{run_dir} holds no run (run.json missing): pass the shards' --run-dir")
    try:
        return runmodel.load_run(run_dir)
    except ValueError as error:
        first = str(error).splitlines()[0]
        raise MergeError(f"the run in {run_dir} cannot be read ({first})") from error


def _same(values: Sequence[object], what: str, sources: Sequence[Path]) -> None:
    if len(set(values)) > 1:
        seen = ", ".join(f"{s}: {v}" for s, v in zip(sources, values, strict=True))
        raise MergeError(f"the shards ran {what} that differ ({seen}): merge shards of one run")


def _link(source: Path, target: Path) -> None:
    """Make `source` appear at `target` without a second copy on disk when possible."""
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _features_equal(a: Path, b: Path) -> bool:
    compare = filecmp.dircmp(a, b)
    if compare.left_only or compare.right_only or compare.diff_files or compare.funny_files:
        return False
    return all(_features_equal(a / d, b / d) for d in compare.common_dirs)


def _without_shard(argv: Sequence[str]) -> list[str]:
    """Return a shard's command line as the whole run's: without its `--shard K/N`."""
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--shard":
            skip = True
        elif not arg.startswith("--shard="):
            out.append(arg)
    return out


def merged_info(infos: Sequence[RunInfo], scenarios: Sequence[ScenarioResult]) -> RunInfo:
    """Return the RunInfo of the whole run: first start to last finish, every shard's workers."""
    started = min(i.started_at for i in infos)
    finished = max(i.finished_at for i in infos)
    span = (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()
    first = infos[0]
    tally = Counter(s.status for s in scenarios)
    return first.model_copy(
        update={
            "run_id": hashlib.sha256(" ".join(i.run_id for i in infos).encode()).hexdigest()[:12],
            "started_at": started,
            "finished_at": finished,
            # Shards run side by side in CI: the whole run lasts from the first start to the
            # last finish, and never less than its longest shard.
            "duration_s": round(max(span, *(i.duration_s for i in infos)), 3),
            "browser_version": next((i.browser_version for i in infos if i.browser_version), ""),
            "workers": sum(i.workers for i in infos),
            "argv": _without_shard(first.argv),
            "counts": {
                "passed": tally["passed"],
                "failed": tally["failed"],
                "skipped": tally["skipped"],
                "total": len(scenarios),
            },
        }
    )


def merge_runs(sources: Sequence[Path], *, into: Path) -> RunInfo:
    """Merge the shards' run folders `sources` into the run folder `into`; return its RunInfo."""
    sources = [Path(s) for s in sources]
    if not sources:
        raise MergeError("--merge needs the run folders of the shards (one per shard)")
    resolved = [s.resolve() for s in sources]
    if into.resolve() in resolved:
        raise MergeError(f"--run {into} is one of the shards: write the merge to another folder")
    if len(set(resolved)) != len(resolved):
        raise MergeError("a run folder is given twice: pass each shard's folder once")
    loaded = [_load(s) for s in sources]
    infos = [info for info, _, _ in loaded]
    _same([(i.target_name, i.base_url) for i in infos], "targets", sources)
    _same([i.git_commit for i in infos], "commits", sources)
    owner: dict[str, Path] = {}
    scenarios: list[ScenarioResult] = []
    for source, (_, results, _) in zip(sources, loaded, strict=True):
        for result in results:
            if result.nodeid in owner:
                raise MergeError(
                    f"{result.nodeid} ran in {owner[result.nodeid]} and in {source}: "
                    "merge the shards of one split (same N, each K once)"
                )
            owner[result.nodeid] = source
            scenarios.append(result)
    scenarios.sort(key=lambda r: (r.feature_file, r.line, r.nodeid))
    audits: dict[str, ScreenAudit] = {}
    for _, _, shard_audits in loaded:
        for audit in shard_audits:
            audits.setdefault(audit.screen, audit)

    into.mkdir(parents=True, exist_ok=True)
    for name in MODEL_FILES:
        (into / name).unlink(missing_ok=True)
    shutil.rmtree(into / "features", ignore_errors=True)
    for source in sources:
        for folder in COPIED_DIRS:
            for path in sorted((source / folder).glob("*")):
                _link(path, into / folder / path.name)
    features = [s / "features" for s in sources if (s / "features").is_dir()]
    if features:
        if not all(_features_equal(features[0], other) for other in features[1:]):
            raise MergeError("the shards read different feature files: run them on one commit")
        shutil.copytree(features[0], into / "features")
    info = merged_info(infos, scenarios)
    runmodel.write_jsonl(into / "scenarios.jsonl", scenarios)
    ordered: list[ScreenAudit] = sorted(audits.values(), key=lambda a: a.screen)
    runmodel.write_jsonl(into / "a11y.jsonl", ordered)
    if info.browser_version:
        (into / "browser-version.txt").write_text(info.browser_version + "\n", encoding="utf-8")
    (into / "run.json").write_text(info.model_dump_json(indent=2), encoding="utf-8")
    _judge_whole(sources, scenarios, into)
    return info


def _judge_whole(sources: Sequence[Path], scenarios: list[ScenarioResult], into: Path) -> None:
    """Judge the merged run against the shards' expectations: a fixed rule shows only here."""
    try:
        judged = [read_judgement(s) for s in sources]
    except ValueError as error:
        raise MergeError(f"a shard's expectations.json cannot be read ({error})") from error
    if not any(judged):
        return
    if any(j is None for j in judged):
        raise MergeError("some shards ran with expectations and some without: run them alike")
    deviations = [j.deviations for j in judged if j is not None]
    if any(d != deviations[0] for d in deviations):
        raise MergeError("the shards ran with different expectations: run them alike")
    first = judged[0]
    assert first is not None
    whole = judge(Expectations(deviation=deviations[0]), scenarios, source=first.source)
    write_judgement(into, whole)
