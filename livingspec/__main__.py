"""Command line: python -m livingspec [--run reports/run] [--out reports] [--pdf/--no-pdf]."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from livingspec.merge import MergeError, merge_runs
from livingspec.report import ReportError, build_report
from walkthrough.browser import BrowserNotFound


def main(argv: list[str] | None = None) -> int:
    """Build the living specification and print where it is and how big it is."""
    parser = argparse.ArgumentParser(
        prog="python -m livingspec",
        description="Build the living specification (reports/index.html) from a saved run.",
    )
    parser.add_argument("--run", type=Path, default=Path("reports/run"), help="run folder")
    parser.add_argument("--out", type=Path, default=Path("reports"), help="report folder")
    parser.add_argument("--features", type=Path, default=None, help="feature files folder")
    parser.add_argument(
        "--pdf",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also print the whole specification to PDF with Chromium (default: yes)",
    )
    parser.add_argument(
        "--merge",
        type=Path,
        nargs="+",
        metavar="RUN_DIR",
        help="first merge these shards' run folders (pytest --shard K/N) into --run",
    )
    args = parser.parse_args(argv)
    if args.merge:
        try:
            merge_runs(args.merge, into=args.run)
        except (MergeError, OSError) as error:
            print(f"livingspec: cannot merge the shards: {error}", file=sys.stderr)
            return 2
    try:
        built = build_report(
            run_dir=args.run, out_dir=args.out, features_dir=args.features, pdf=args.pdf
        )
    except ReportError as error:
        print(f"livingspec: {error}", file=sys.stderr)
        return 2
    except BrowserNotFound as error:
        print(f"livingspec: the page is written but not its PDF: {error}; or pass --no-pdf",
              file=sys.stderr)  # fmt: skip
        return 2
    except OSError as error:
        print(f"livingspec: cannot write the report ({error}); check --out", file=sys.stderr)
        return 2
    size = built.size_bytes / 1_000_000
    if built.pdf:
        print(f"PDF: {built.pdf} ({built.pdf.stat().st_size / 1_000_000:.1f} MB)")
    print(f"Report size: {size:.1f} MB in {len(built.files)} files")
    print(built.index)
    return 0


if __name__ == "__main__":
    sys.exit(main())
