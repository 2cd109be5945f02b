"""The NIR (social security number): validity and the age it implies (FORM-02, ELIG-04)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stdnum.exceptions import ValidationError
from stdnum.fr import nir as stdnum_nir

# Sex digit: 1/2 for people registered at birth, 3/4 (temporary) and 7/8 (provisional).
VALID_SEX_DIGITS = frozenset("123478")


def _month_is_possible(month: int) -> bool:
    """Tell whether a NIR month code exists (01-12, or 20-42 and 50-99 for unknown months)."""
    return 1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99


@dataclass(frozen=True, slots=True)
class Nir:
    """A valid NIR split into its 13 characters and its 2-digit key."""

    number: str
    cle: str

    @property
    def birth_year_2(self) -> int:
        """Return the two-digit birth year (digits 2-3)."""
        return int(self.number[1:3])

    @property
    def birth_month(self) -> int:
        """Return the birth month, January when the code is not a calendar month."""
        month = int(self.number[3:5])
        return month if 1 <= month <= 12 else 1


def compact(value: str) -> str:
    """Strip spaces and dots and upper-case the 2A/2B department."""
    return stdnum_nir.compact(value or "")


def parse(number: str, cle: str) -> Nir | None:
    """Return the NIR when the 13 characters and the key are valid, else None."""
    number, cle = compact(number), compact(cle)
    if len(number) != 13 or len(cle) != 2 or not cle.isdigit():
        return None
    try:
        stdnum_nir.validate(number + cle)
    except ValidationError:
        return None
    if number[0] not in VALID_SEX_DIGITS or not _month_is_possible(int(number[3:5])):
        return None
    return Nir(number, cle)


def age_on(nir: Nir, today: date) -> int:
    """Return the age in whole years on `today`, as ELIG-04 reads it from the NIR."""
    month = nir.birth_month
    year = 2000 + nir.birth_year_2
    # The century is the latest one that does not put the birth in the future.
    if (year, month) > (today.year, today.month):
        year -= 100
    # Born on the first day of the month: the birthday is reached once that month starts.
    return today.year - year - (1 if today.month < month else 0)
