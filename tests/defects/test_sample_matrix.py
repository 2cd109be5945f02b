"""A sample of the defect matrix: the suite fails on each defect and names the broken rule.

The full matrix is `bench/defect_matrix.py`; here three defects from three families (a page
rule, a captcha rule the oracle must see, a mail rule) run in one portal and one suite run,
so that `make test` stays fast.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from mock_portal.defects import DEFECTS

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ("cgu-not-enforced", "captcha-replayable", "email-contains-password")


def _matrix_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("defect_matrix", ROOT / "bench/defect_matrix.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_suite_names_the_rule_each_sampled_defect_breaks() -> None:
    matrix = _matrix_module()
    rules = sorted({DEFECTS[name].rule for name in SAMPLE})
    assert len(rules) == len(SAMPLE)  # disjoint rules: each failure is the work of one defect
    row = matrix.run_suite(
        defects=SAMPLE, rule=rules[0], workers=1, pick=["-m", " or ".join(rules)]
    )
    assert row.suite_failed, row.note
    missing = [rule for rule in rules if rule not in row.named_rule_ids]
    assert not missing, f"not named: {missing}; failures: {row.failed_scenarios} {row.note}"
    assert set(row.named_rule_ids) <= set(rules), row.named_rule_ids
