"""Time the tutorial generator: a cold run (empty cache) and a warm run (same cache, same DIR).

Targets (issue 5): warm <= 40% of cold; cold <= 1.3x the sum of its unavoidable parts
(walking the flow, synthesizing speech, one encode), each measured inside the same run.
Run: .venv/bin/python bench/tutorial_speed.py [--scale 1|2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalogue import texts
from tutorial.generate import Options, Report, generate
from tutorial.script import load_script
from tutorial.speech import EspeakEngine
from tutorial.targets import open_target
from walkthrough.people import walkthrough_person


def one_run(*, out: Path, cache: Path, scale: int) -> tuple[float, float, Report]:
    """Run the whole generator once; return (wall time, target start time, report)."""
    script = load_script()
    quiet = Console(stderr=True, quiet=True)
    started = time.perf_counter()
    with open_target(None) as target:
        ready = time.perf_counter() - started
        report = generate(
            script=script,
            target=target,
            person=walkthrough_person(email_template=target.email_template),
            password=texts.EXAMPLE_PASSWORD,
            engine=EspeakEngine(voice=script.voice.get("espeak", "fr-fr")),
            options=Options(out=out, cache=cache, scale=scale),
            console=quiet,
        )
    return time.perf_counter() - started, ready, report


def main() -> int:
    """Run cold then warm and print the figures against the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, choices=(1, 2), default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tutorial-bench-") as tmp:
        out, cache = Path(tmp) / "out", Path(tmp) / "cache"
        cold, cold_start, cold_report = one_run(out=out, cache=cache, scale=args.scale)
        warm, warm_start, warm_report = one_run(out=out, cache=cache, scale=args.scale)
    t = cold_report.timings
    parts = cold_start + t["walk"] + t["speech"] + t["encode"]
    print(f"cold run            {cold:6.1f} s  ({cold_report.synthesized} sentences synthesized, "
          f"{cold_report.encoded} stills encoded)")  # fmt: skip
    print(f"  start the portal  {cold_start:6.1f} s")
    print(f"  walk the flow     {t['walk']:6.1f} s  (browser, page objects, screenshots)")
    print(f"  synthesize speech {t['speech']:6.1f} s  (in parallel with the walk)")
    print(f"  one encode        {t['encode']:6.1f} s  (segments + mux)")
    print(f"  guide and PDF     {t['guide']:6.1f} s")
    changed = ", ".join(warm_report.changed or []) or "none"
    print(f"warm run            {warm:6.1f} s  ({warm_report.synthesized} sentences synthesized, "
          f"{warm_report.encoded} stills encoded, changed: {changed})")  # fmt: skip
    wt = warm_report.timings
    print(f"  start {warm_start:.1f} s, walk {wt['walk']:.1f} s, encode {wt['encode']:.1f} s, "
          f"guide {wt['guide']:.1f} s")  # fmt: skip
    warm_ratio, cold_ratio = warm / cold, cold / parts
    ok_warm, ok_cold = warm_ratio <= 0.40, cold_ratio <= 1.3
    print(f"warm / cold                       {warm_ratio:5.2f}  (target <= 0.40) "
          f"{'OK' if ok_warm else 'MISSED'}")  # fmt: skip
    print(f"cold / (start+walk+speech+encode) {cold_ratio:5.2f}  (target <= 1.30) "
          f"{'OK' if ok_cold else 'MISSED'}")  # fmt: skip
    # Stricter: count the speech as hidden beside the walk, as it is.
    strict = cold / (cold_start + max(t["walk"], t["speech"]) + t["encode"])
    print(f"cold / (start+max(walk,speech)+encode) {strict:5.2f}  (same target, stricter)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
