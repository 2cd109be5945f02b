"""catalogue/defects.yaml against the code: every switch it lists is built, every rule exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalogue.defects import DEFECTS_PATH, defects_of, read_defects_file
from catalogue.rules import rule_ids
from implementations.second import defects as second_defects
from implementations.third import defects as third_defects
from mock_portal.defects import VARIANTS, policy_for
from mock_portal.policy import Policy

ROOT = Path(__file__).resolve().parents[2]
# A quoted switch name in Python, JavaScript or HTML: "email-not-sent", 'age-page-only'…
QUOTED_NAME = re.compile(r"[\"'`]([a-z0-9]+(?:-[a-z0-9]+)+)[\"'`]")


def _listed(implementation: str) -> set[str]:
    return {n for n, e in read_defects_file().items() if implementation in e.implementations}


def _named_in_code(folder: Path) -> set[str]:
    """Return the listed switch names the code of `folder` quotes, its registry aside."""
    known = set(read_defects_file())
    sources = [p for p in folder.rglob("*") if p.suffix in (".py", ".js", ".html")]
    return {
        name
        for path in sources
        if path.name != "defects.py"
        for name in QUOTED_NAME.findall(path.read_text(encoding="utf-8"))
        if name in known
    }


def test_each_rule_is_in_the_catalogue() -> None:
    strays = {n: e.rule for n, e in read_defects_file().items() if e.rule not in rule_ids()}
    assert not strays, f"{DEFECTS_PATH.name}: rules not in regles.yaml: {strays}"


def test_the_reference_portal_builds_exactly_its_listed_switches() -> None:
    assert set(VARIANTS) == _listed("reference")


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_each_reference_switch_changes_a_rule(name: str) -> None:
    # A variant that overrides nothing would leave the portal conformant under its switch.
    own = [cls for cls in VARIANTS[name].__mro__ if cls not in Policy.__mro__]
    changed = {attr for cls in own for attr in vars(cls) if not attr.startswith("__")}
    assert changed, f"{name}: {VARIANTS[name].__name__} overrides no rule"


@pytest.mark.parametrize("implementation", ["second", "third"])
def test_the_other_portals_switch_on_exactly_their_listed_names(implementation: str) -> None:
    assert _named_in_code(ROOT / "implementations" / implementation) == _listed(implementation)


@pytest.mark.parametrize(
    ("implementation", "registry"),
    [("second", second_defects.DEFECTS), ("third", third_defects.DEFECTS)],
    ids=["second", "third"],
)
def test_the_other_portals_read_the_file_as_the_project_does(
    implementation: str, registry: dict[str, second_defects.Defect]
) -> None:
    ours = {n: (d.rule, d.description) for n, d in defects_of(implementation).items()}
    assert {n: (d.rule, d.description) for n, d in registry.items()} == ours


def test_an_implementation_the_file_does_not_know_is_refused() -> None:
    with pytest.raises(KeyError, match="fourth"):
        defects_of("fourth")


def test_without_a_switch_the_policy_is_the_conformant_one() -> None:
    assert type(policy_for(())) is Policy


def test_switches_compose_each_breaking_its_own_rule() -> None:
    both = policy_for(("password-two-digits", "email-confirmation-case-only"))
    assert both.password_ok("abcDE12") and not Policy().password_ok("abcDE12")
    assert not both.email_confirmation_differs("A@B.FR", "a@b.fr")
    assert both.email_confirmation_differs("x@b.fr", "a@b.fr")


def test_an_unknown_switch_is_refused_by_name() -> None:
    with pytest.raises(KeyError, match="no-such-defect"):
        policy_for(("no-such-defect",))
