"""Each rule at its edges: one example per class of the catalogue and per boundary.

The classes are the catalogue's own (regles.yaml says them in French); the examples are
derived from them, and from today's date where a rule counts an age. `tests/test_edges.py`
checks that every class and every boundary has its example. An example carries what to
change in a valid person's step (`field`, `value`); the suite builds the values from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# FORM-02: the two month digits of a NIR, (first, last, valid): 01-12, 20-42 and 50-99
# exist (20-42 and 50-99 for an unknown month); 00, 13-19 and 43-49 do not.
MONTH_CLASSES = (
    (1, 12, True),
    (20, 42, True),
    (50, 99, True),
    (0, 0, False),
    (13, 19, False),
    (43, 49, False),
)
CORSICA = ("2A", "2B")
# FORM-05: the leading pair of each phone field that is valid; every pair 00-09 is tried.
PHONE_PREFIXES = {
    "landline": ("01", "02", "03", "04", "05", "09"),
    "mobile": ("06", "07"),
}
PHONE_FORMATS = ("espaces", "points", "+33")
# PWD-01: at least 5 letters with both cases, and at least 3 digits.
MIN_LETTERS = 5
MIN_DIGITS = 3
# ELIG-01/04: 16 years, counted from the first day of the birth month, January if unknown.
AGE = 16
UNDECIDABLE = "non distinguable à cette date"


@dataclass(frozen=True)
class Edge:
    """One example of a rule: what to change, whether the rule accepts it, and why."""

    rule: str
    case: str  # in French, for the report: "mois 43 (classe 43-49)"
    field: str  # what the suite changes (see `steps/support/edges.py`)
    value: str
    valid: bool
    undecidable: str = ""  # why today cannot tell this example's readings apart


def phone(prefix: str, layout: str) -> str:
    """Return a 10-digit number starting with `prefix`, written with spaces, dots or +33."""
    digits = prefix + "12345678"
    pairs = [digits[i : i + 2] for i in range(0, 10, 2)]
    if layout == "espaces":
        return " ".join(pairs)
    if layout == "points":
        return ".".join(pairs)
    return "+33 " + digits[1] + " " + " ".join(pairs[1:])


def form02() -> list[Edge]:
    """Return each month class's bounds, Corsica's departments and a key off by one."""
    found = []
    for first, last, valid in MONTH_CLASSES:
        span = f"{first:02d}-{last:02d}" if first != last else f"{first:02d}"
        for month in dict.fromkeys((first, last)):
            case = f"mois {month:02d} (classe {span})"
            found.append(Edge("FORM-02", case, "nir_month", f"{month:02d}", valid))
    for department in CORSICA:
        found.append(Edge("FORM-02", f"département {department}", "department", department, True))
    found.append(Edge("FORM-02", "clé décalée de un", "nir_key_offset", "1", False))
    return found


def form04() -> list[Edge]:
    """Return a confirmation that differs only in case (FORM-04 says "identique")."""
    return [
        Edge("FORM-04", "confirmation identique", "email_confirm_case", "same", True),
        Edge("FORM-04", "confirmation en majuscules", "email_confirm_case", "upper", False),
    ]


def form05() -> list[Edge]:
    """Return every leading pair 00-09 in each phone field, in each written form."""
    found = []
    for field, valid_prefixes in PHONE_PREFIXES.items():
        for n in range(10):
            prefix = f"0{n}"
            for layout in PHONE_FORMATS:
                number = phone(prefix, layout)
                case = f"{field} {number}"
                found.append(Edge("FORM-05", case, field, number, prefix in valid_prefixes))
    return found


def pwd01() -> list[Edge]:
    """Return the minimum itself, each missing class and one below each minimum."""
    lower, upper, digits = "bcdefgh", "ABCDEFG", "1234567"

    def word(n_upper: int, n_lower: int, n_digits: int) -> str:
        return upper[:n_upper] + lower[:n_lower] + digits[:n_digits]

    cases = [
        ("au minimum", word(1, MIN_LETTERS - 1, MIN_DIGITS), True),
        ("sans minuscule", word(MIN_LETTERS, 0, MIN_DIGITS), False),
        ("sans majuscule", word(0, MIN_LETTERS, MIN_DIGITS), False),
        ("sans chiffre", word(1, MIN_LETTERS + 2, 0), False),
        ("une lettre de moins", word(1, MIN_LETTERS - 2, MIN_DIGITS), False),
        ("un chiffre de moins", word(1, MIN_LETTERS - 1, MIN_DIGITS - 1), False),
    ]
    return [Edge("PWD-01", case, "password", value, valid) for case, value, valid in cases]


def elig04(today: date) -> list[Edge]:
    """Return the first day of the 16th birthday's month and the day before, an unknown month
    read as January, and the century boundary, as (year, month) of birth from `today`."""
    this_month = (today.year - AGE, today.month)
    next_index = (today.year - AGE) * 12 + today.month  # the month after this one
    next_month = divmod(next_index, 12)
    # An unknown month reads as January; read as December instead, the age differs unless
    # December is this month.
    undecidable = UNDECIDABLE if today.month == 12 else ""
    return [
        Edge("ELIG-04", "16 ans le premier jour de ce mois", "born", _ym(*this_month), True),
        Edge(
            "ELIG-04",
            "16 ans le premier jour du mois prochain",
            "born",
            _ym(next_month[0], next_month[1] + 1),
            False,
        ),
        Edge(
            "ELIG-04",
            "mois inconnu lu comme janvier (16 ans cette année)",
            "born_unknown_month",
            str(today.year - AGE),
            True,
            undecidable,
        ),
        Edge(
            "ELIG-04",
            "siècle : né ce mois-ci de cette année (0 an, pas 100)",
            "born",
            _ym(today.year, today.month),
            False,
        ),
        Edge(
            "ELIG-04",
            "siècle : année à deux chiffres de l'an prochain (99 ans, pas -1)",
            "born",
            _ym(today.year - 99, 1),
            True,
        ),
    ]


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def edges(rule: str, *, today: date | None = None) -> list[Edge]:
    """Return the examples of `rule` (FORM-02, FORM-04, FORM-05, PWD-01, ELIG-04)."""
    makers = {"FORM-02": form02, "FORM-04": form04, "FORM-05": form05, "PWD-01": pwd01}
    if rule == "ELIG-04":
        return elig04(today or date.today())
    if rule not in makers:
        raise KeyError(f"no edges for {rule}; known: {', '.join([*makers, 'ELIG-04'])}")
    return makers[rule]()


RULES = ("FORM-02", "FORM-04", "FORM-05", "PWD-01", "ELIG-04")
