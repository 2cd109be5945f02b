"""Command line: python -m livingspec [--run reports/run] [--out reports] [--pdf/--no-pdf]."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from livingspec import allure
from livingspec.expected import update_expectations
from livingspec.files import (
    DEFECTS_FILE,
    HISTORY_FILE,
    ReportError,
    load_defects,
    load_saved_run,
    publish,
)
from livingspec.history import append_run, read_history
from livingspec.merge import MergeError, merge_runs
from livingspec.report import PDF_NAME, Report, build_report
from livingspec.statement import write_statement
from walkthrough.browser import BrowserNotFound
from walkthrough.expectations import read_judgement


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


def make_report(
    *, run_dir: Path, out_dir: Path, features_dir: Path | None = None, pdf: bool = False
) -> BuiltReport:
    """Load a saved run, build its page and write it into out_dir; return what was written."""
    run = load_saved_run(run_dir, features_dir=features_dir)
    report = build_report(
        run,
        out_dir=out_dir,
        history=read_history(out_dir / HISTORY_FILE),
        defects=load_defects(out_dir / DEFECTS_FILE),
        pdf=pdf,
    )
    return write_report(report, out_dir=out_dir)


def write_report(report: Report, *, out_dir: Path) -> BuiltReport:
    """Write the page and the files it links, append the run to the history, print the PDF."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        publish(report.run_dir, out_dir, rel, copy=report.copy_assets) for rel in report.assets
    }
    index = out_dir / "index.html"
    index.write_text(report.html, encoding="utf-8")
    files.add(index)
    append_run(out_dir / HISTORY_FILE, report.history_entry)
    pdf = None
    if report.pdf:  # last: without a Chromium, the page and its history line are written
        from livingspec.pdf import export_pdf

        pdf = export_pdf(index=index, pdf=out_dir / PDF_NAME)
        files.add(pdf)
    return BuiltReport(index=index, pdf=pdf, files=tuple(sorted(files)))


def _parser() -> argparse.ArgumentParser:
    """Return the command line's parser."""
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
    parser.add_argument(
        "--update-expectations",
        action="store_true",
        help="write or refresh the deployment's expectations file from the run (--run) and "
        "stop: known deviations still seen are kept with their reason and ticket",
    )
    parser.add_argument(
        "--expectations", type=Path, metavar="FILE.toml", help="the expectations file to write"
    )
    parser.add_argument(
        "--target", type=Path, metavar="PROFILE.toml", help="the profile naming that file"
    )
    parser.add_argument(
        "--statement",
        action="store_true",
        help="write the one-page conformance statement of the run (declaration.html, .pdf and "
        ".json in --out) and stop",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="OLD.json",
        help="with --statement: also write comparaison.html (.pdf), this statement beside an "
        "earlier one of the same deployment (its declaration.json)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Build the living specification and print where it is and how big it is."""
    args = _parser().parse_args(argv)
    if args.compare and not args.statement:
        print("livingspec: --compare goes with --statement", file=sys.stderr)
        return 2
    if args.statement:
        return _statement(args)
    if args.update_expectations:
        try:
            update = update_expectations(
                run_dir=args.run, expectations=args.expectations, target=args.target
            )
        except (ReportError, OSError) as error:
            print(f"livingspec: {error}", file=sys.stderr)
            return 2
        print("\n".join(update.lines()))
        return 0
    if args.merge:
        try:
            merge_runs(args.merge, into=args.run)
            # The shards' own Allure results are slices: the merged run writes the whole.
            allure.write_results(args.run, args.out / allure.RESULTS_DIR)
        except (MergeError, OSError) as error:
            print(f"livingspec: cannot merge the shards: {error}", file=sys.stderr)
            return 2
    try:
        built = make_report(
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
    judgement = read_judgement(args.run) if args.merge else None
    if judgement is not None:
        # Only the merged run shows a known failure fixed: its unexpected results fail the job.
        for finding in judgement.unexpected:
            print(finding.line())
        return 1 if judgement.unexpected else 0
    return 0


def _statement(args: argparse.Namespace) -> int:
    """Write the conformance statement; print each file written."""
    try:
        run = load_saved_run(args.run, features_dir=args.features)
        written = write_statement(run, out_dir=args.out, compare=args.compare, pdf=args.pdf)
    except ReportError as error:
        print(f"livingspec: {error}", file=sys.stderr)
        return 2
    except BrowserNotFound as error:
        print(f"livingspec: the statement is written but not its PDF: {error}; or pass --no-pdf",
              file=sys.stderr)  # fmt: skip
        return 2
    except OSError as error:
        print(f"livingspec: cannot write the statement ({error}); check --out", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
