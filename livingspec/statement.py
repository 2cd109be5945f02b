"""The conformance statement: one dated French page saying which catalogue a deployment met.

Product owners and auditors want one page, not the 67-page specification: the deployment,
the date, the versions of the catalogue and of the harness, the rules met, the known
deviations with their tickets, what was not tested and why, and the run it comes from.
Its data is kept as JSON beside it, so that two statements of one deployment can be compared.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from catalogue.rules import catalogue_version, load_rules
from livingspec.files import ReportError, SavedRun
from livingspec.matrix import MatrixRow, build_matrix
from livingspec.pdf import FOOTER
from livingspec.render import render_template
from livingspec.view import build_features

STATEMENT = "declaration"  # declaration.html, .pdf, .json in the report folder
COMPARISON = "comparaison"
UNKNOWN = "inconnu"
# What a profile could not show, as the run model says it (steps/harness/plugin.py), in French
WHY = (
    ("mail kind = none", "le profil n'a pas de boîte aux lettres (courriel : aucun)"),
    ("fixed captcha", "captcha à réponse fixe : une nouvelle image ne se voit pas"),
)
NOT_SELECTED = "non exécutée dans ce run (scénarios non sélectionnés)"
UNCOVERED = "aucun scénario ne la vérifie"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KnownLine(_Strict):
    """A known deviation the run showed as expected."""

    subject: str
    reason: str = ""
    ticket: str = ""


class UnmetLine(_Strict):
    """A rule not met that no known deviation covers."""

    rule: str
    message: str = ""


class NotTestedLine(_Strict):
    """Rules not tested for one reason."""

    why: str
    rules: list[str]


class Statement(_Strict):
    """What the statement says, kept as JSON to compare two statements."""

    target_name: str
    base_url: str
    date: str
    run_id: str
    run_dir: str
    catalogue_version: str
    harness_version: str
    rules_total: int
    met: list[str]
    known: list[KnownLine] = Field(default_factory=list)
    unmet: list[UnmetLine] = Field(default_factory=list)
    not_tested: list[NotTestedLine] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)

    @property
    def verdict(self) -> str:
        """Return the statement's one sentence."""
        n, total = len(self.met), self.rules_total
        untested = sum(len(line.rules) for line in self.not_tested)
        if self.unmet:
            unmet = _count(len(self.unmet), "règle non respectée", "règles non respectées")
            head = f"Non conforme : {unmet} hors écarts connus"
        elif self.known:
            head = "Conforme hors écarts connus"
        elif untested:
            head = "Conforme sur les règles testées"
        else:
            head = "Conforme"
        met = _count(n, "règle respectée", "règles respectées")
        return f"{head} : {met} sur {total}, {_count(untested, 'non testée', 'non testées')}."


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n <= 1 else many}"


def _why(row: MatrixRow) -> str:
    reasons = [
        run.result.skip_reason or ""
        for sc in row.scenarios
        for run in sc.runs
        if run.result is not None and run.result.status == "skipped"
    ]
    if not reasons:
        return NOT_SELECTED
    first = reasons[0]
    return next((fr for en, fr in WHY if en in first), first.removeprefix("not tested: "))


def build_statement(run: SavedRun) -> Statement:
    """Return the statement of a saved run."""
    rules = load_rules()
    features = build_features(
        run.features, run.scenarios, catalogue_ids={r.id for r in rules}, base=""
    )
    matrix = build_matrix(rules, features)
    findings = run.judgement.findings if run.judgement else []
    expected = [f for f in findings if f.kind == "expected"]
    known_rules = {f.rule for f in expected if f.rule}
    not_tested: dict[str, list[str]] = defaultdict(list)
    for row in matrix:
        if row.status == "untested":
            not_tested[_why(row)].append(row.rule.id)
        elif row.status == "uncovered":
            not_tested[UNCOVERED].append(row.rule.id)
    info = run.info
    return Statement(
        target_name=info.target_name,
        base_url=info.base_url,
        date=info.started_at,
        run_id=info.run_id,
        run_dir=run.run_dir.as_posix(),
        catalogue_version=info.catalogue_version or catalogue_version(),
        harness_version=(info.git_commit or "")[:12] or UNKNOWN,
        rules_total=len(matrix),
        met=[row.rule.id for row in matrix if row.status == "met"],
        known=[KnownLine(subject=f.subject, reason=f.reason, ticket=f.ticket) for f in expected],
        unmet=[
            UnmetLine(rule=row.rule.id, message=_first_message(row))
            for row in matrix
            if row.status == "unmet" and row.rule.id not in known_rules
        ],
        not_tested=[NotTestedLine(why=why, rules=ids) for why, ids in not_tested.items()],
        counts={k: info.counts.get(k, 0) for k in ("passed", "failed", "skipped")},
    )


def _first_message(row: MatrixRow) -> str:
    for sc in row.scenarios:
        for run in sc.runs:
            r = run.result
            if r is not None and r.status == "failed" and r.error:
                return r.error.splitlines()[0][:200]
    return ""


def read_statement(path: Path) -> Statement:
    """Read a statement kept as JSON; raise ReportError in one line when it cannot be read."""
    try:
        return Statement.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{path}: no such statement (declaration.json of a report)") from None
    except ValueError as error:
        first = str(error).splitlines()[0]
        raise ReportError(f"{path}: not a statement of this tool ({first})") from None


def render_statement(statement: Statement, *, before: Statement | None = None) -> str:
    """Return the statement's page, or both statements side by side when `before` is given."""
    if before is not None and (before.target_name, before.base_url) != (
        statement.target_name,
        statement.base_url,
    ):
        raise ReportError(
            f"the statement to compare is of {before.target_name} ({before.base_url}), "
            f"not of {statement.target_name}: compare two statements of one deployment"
        )
    columns = [before, statement] if before is not None else [statement]
    changes = _changes(before, statement) if before is not None else None
    return render_template("statement.html.j2", columns=columns, changes=changes)


def write_statement(
    run: SavedRun, *, out_dir: Path, compare: Path | None = None, pdf: bool = True
) -> list[Path]:
    """Write declaration.json, .html (and .pdf), and the comparison when asked; return them."""
    before = read_statement(compare) if compare is not None else None  # before it is replaced
    statement = build_statement(run)
    pages = {STATEMENT: render_statement(statement)}
    if before is not None:
        pages[COMPARISON] = render_statement(statement, before=before)
    out_dir.mkdir(parents=True, exist_ok=True)
    kept = out_dir / f"{STATEMENT}.json"
    kept.write_text(statement.model_dump_json(indent=2), encoding="utf-8")
    written = [kept]
    for name, html in pages.items():
        page = out_dir / f"{name}.html"
        page.write_text(html, encoding="utf-8")
        written.append(page)
        if pdf:
            from livingspec.pdf import export_pdf

            footer = FOOTER.format(title="Déclaration de conformité")
            written.append(export_pdf(index=page, pdf=page.with_suffix(".pdf"), footer=footer))
    return written


def _changes(before: Statement, after: Statement) -> dict[str, list[str]]:
    """Return the rules that became met, or stopped being met, between two statements."""
    old, new = set(before.met), set(after.met)
    return {"now_met": sorted(new - old), "no_longer_met": sorted(old - new)}
