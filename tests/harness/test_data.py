"""The test-data generator makes NIRs a portal must accept or refuse, for the reason named."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.fr import nir as stdnum_nir

from walkthrough.people import (
    NirFault,
    birth_year_of,
    invalid_nir,
    make_nir,
    make_person,
    nir_key,
    walkthrough_person,
)


@pytest.mark.parametrize("age", [14, 15, 16, 45, 99])
@pytest.mark.parametrize("department", ["75", "2A", "2B", "01", "95"])
def test_a_made_nir_is_valid_and_shows_the_wanted_age(age: int, department: str) -> None:
    nir = make_nir(age=age, sex="homme", department=department)
    assert stdnum_nir.is_valid(nir.full)
    assert nir.number[5:7] == department
    today = date.today()
    year, month = birth_year_of(nir), int(nir.number[3:5])
    assert today.year - year - (1 if today.month < month else 0) == age


def test_corsica_keys_read_2a_as_19_and_2b_as_18() -> None:
    assert nir_key("2530719073004") == nir_key("253072A073004")
    assert nir_key("2530718073004") == nir_key("253072B073004")


@pytest.mark.parametrize("fault", list(NirFault))
def test_each_fault_breaks_exactly_what_it_names(fault: NirFault) -> None:
    nir = invalid_nir(fault)
    if fault in (NirFault.CLE, NirFault.DEPARTEMENT, NirFault.LONGUEUR, NirFault.LETTRES):
        assert not stdnum_nir.is_valid(nir.full)
    else:  # the key is right: only the sex digit or the month is impossible
        assert stdnum_nir.is_valid(nir.full)
        assert nir.number[0] not in "123478" or not 1 <= int(nir.number[3:5]) <= 12


def test_people_never_share_an_email_or_a_nir() -> None:
    people = [make_person() for _ in range(200)]
    assert len({p.email for p in people}) == 200
    assert len({p.nir.full for p in people}) == 200


def test_the_walkthrough_person_is_marion_in_capitals() -> None:
    assert walkthrough_person().display_name == "MARION ROUSSARIE"


def test_an_email_template_places_the_address_in_a_mailbox() -> None:
    person = make_person(email_template="qa+{token}@staging.example")
    assert person.email.startswith("qa+") and person.email.endswith("@staging.example")


def test_a_16th_birthday_on_the_first_of_next_month_is_16_years_before_that_month() -> None:
    from walkthrough.people import birth_month_turning

    november = date(2026, 11, 27)
    assert birth_month_turning(16, months_ahead=0, today=november) == (2010, 11)
    # Born in December 2010: a reading of the year alone says 16, the month says 15.
    assert birth_month_turning(16, months_ahead=1, today=november) == (2010, 12)
    # In December the next month is January of the next year (the step says why it degrades).
    assert birth_month_turning(16, months_ahead=1, today=date(2026, 12, 3)) == (2011, 1)
