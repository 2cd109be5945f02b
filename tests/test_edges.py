"""catalogue/edges.py: every class of the catalogue and every boundary has its example."""

from __future__ import annotations

from datetime import date

import pytest

from catalogue.edges import (
    CORSICA,
    MONTH_CLASSES,
    PHONE_FORMATS,
    PHONE_PREFIXES,
    RULES,
    UNDECIDABLE,
    edges,
)


def _age(born: str, today: date) -> int:
    year, month = (int(p) for p in born.split("-"))
    return today.year - year - (1 if today.month < month else 0)


def test_the_month_classes_split_00_to_99_and_each_bound_is_an_example() -> None:
    owners = [[c for c in MONTH_CLASSES if c[0] <= m <= c[1]] for m in range(100)]
    assert all(len(o) == 1 for o in owners), "each month code in exactly one class"
    examples = {(e.value, e.valid) for e in edges("FORM-02") if e.field == "nir_month"}
    for first, last, valid in MONTH_CLASSES:
        assert {(f"{first:02d}", valid), (f"{last:02d}", valid)} <= examples
    fields = {(e.field, e.value, e.valid) for e in edges("FORM-02")}
    assert {("department", d, True) for d in CORSICA} <= fields
    assert ("nir_key_offset", "1", False) in fields


def test_every_leading_pair_is_tried_in_each_phone_field_and_each_written_form() -> None:
    found = edges("FORM-05")
    assert len(found) == len(PHONE_PREFIXES) * 10 * len(PHONE_FORMATS)
    for field, valid in PHONE_PREFIXES.items():
        for n in range(10):
            mine = [e for e in found if e.field == field and e.case.endswith(e.value)]
            layouts = [e for e in mine if e.value.replace(" ", "").replace(".", "")
                       .replace("+33", "0").startswith(f"0{n}")]  # fmt: skip
            assert len(layouts) == len(PHONE_FORMATS), (field, n)
            assert all(e.valid == (f"0{n}" in valid) for e in layouts)
    assert any(e.value.startswith("+33 8") and not e.valid for e in found if e.field == "mobile")


def test_the_password_examples_are_the_minimum_each_missing_class_and_one_below_each() -> None:
    found = {e.case: e for e in edges("PWD-01")}
    assert found["au minimum"].valid and found["au minimum"].value == "Abcde123"
    wrong = {case: e.value for case, e in found.items() if not e.valid}
    assert wrong["sans minuscule"].isupper() or not any(
        c.islower() for c in wrong["sans minuscule"]
    )
    assert not any(c.isupper() for c in wrong["sans majuscule"])
    assert not any(c.isdigit() for c in wrong["sans chiffre"])
    assert sum(c.isalpha() for c in wrong["une lettre de moins"]) == 4
    assert sum(c.isdigit() for c in wrong["un chiffre de moins"]) == 2


def test_a_confirmation_differing_only_in_case_is_an_example() -> None:
    assert [(e.value, e.valid) for e in edges("FORM-04")] == [("same", True), ("upper", False)]


@pytest.mark.parametrize("today", [date(2026, 12, 5), date(2026, 6, 1), date(2027, 1, 31)])
def test_the_age_examples_come_from_today(today: date) -> None:
    found = {e.case: e for e in edges("ELIG-04", today=today)}
    first = found["16 ans le premier jour de ce mois"]
    before = found["16 ans le premier jour du mois prochain"]
    assert _age(first.value, today) == 16 and first.valid
    assert _age(before.value, today) == 15 and not before.valid
    assert not found["siècle : né ce mois-ci de cette année (0 an, pas 100)"].valid
    unknown = found["mois inconnu lu comme janvier (16 ans cette année)"]
    # January and December give the same age only in December: then it is not tested.
    assert unknown.undecidable == (UNDECIDABLE if today.month == 12 else "")


def test_every_rule_with_edges_has_refused_examples_and_an_unknown_rule_is_named() -> None:
    for rule in RULES:
        assert any(not e.valid for e in edges(rule, today=date(2026, 6, 1))), rule
    with pytest.raises(KeyError, match="no edges for NAV-04"):
        edges("NAV-04")
