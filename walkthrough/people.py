"""Test data: French people from Faker fr_FR, with NIRs made for a wanted age, sex and place.

Usable outside pytest (the tutorial builds its walkthrough person here). Every value that a
portal stores (NIR, email) is unique per call, so parallel workers never collide.
"""

from __future__ import annotations

import itertools
import os
import random
import secrets
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from faker import Faker
from stdnum.fr import nir as stdnum_nir

Sex = Literal["homme", "femme"]
SEXES: tuple[Sex, ...] = ("homme", "femme")
_SEX_DIGIT = {"homme": "1", "femme": "2"}
# Metropolitan departments (01..95 without 20, which became 2A/2B) and Corsica.
DEPARTMENTS = (*(f"{n:02d}" for n in range(1, 96) if n != 20), "2A", "2B")
_rng = random.SystemRandom()
_counter = itertools.count(1)


class NirFault(StrEnum):
    """Each way a NIR typed at step 2 can be wrong."""

    CLE = "clé fausse"
    SEXE = "chiffre du sexe impossible"
    MOIS = "mois de naissance impossible"
    DEPARTEMENT = "département inexistant"
    LONGUEUR = "numéro trop court"
    LETTRES = "lettres au lieu de chiffres"


@dataclass(frozen=True, slots=True)
class Nir:
    """A social security number split as the form asks for it: 13 characters and a 2-digit key."""

    number: str
    cle: str

    @property
    def full(self) -> str:
        """Return the 15 characters the login page expects."""
        return self.number + self.cle

    def spaced(self) -> str:
        """Return the NIR as printed on a carte Vitale (the login page accepts spaces)."""
        return stdnum_nir.format(self.full)


@dataclass(frozen=True, slots=True)
class Person:
    """Someone who registers: identity, contact and the NIR the form asks for."""

    first_name: str
    birth_name: str
    email: str
    landline: str
    mobile: str
    nir: Nir
    sex: Sex
    birth_year: int
    birth_month: int

    @property
    def display_name(self) -> str:
        """Return the name as the account space shows it (SYN-02): first and birth name in caps."""
        return f"{self.first_name} {self.birth_name}".strip().upper()

    def with_changes(self, **changes: Any) -> Person:
        """Return a copy with some fields replaced."""
        return replace(self, **changes)


def nir_key(number: str) -> str:
    """Return the 2-digit key of a 13-character NIR (2A read as 19, 2B as 18)."""
    place = number[5:7].upper()
    digits = number[:5] + {"2A": "19", "2B": "18"}.get(place, place) + number[7:13]
    return f"{97 - int(digits) % 97:02d}"


def nir_from_parts(
    *, sex_digit: str, year: int, month_code: str, department: str, commune: str, serial: str
) -> Nir:
    """Return the NIR made of these parts with its right key, even when a part is impossible."""
    number = f"{sex_digit}{year % 100:02d}{month_code}{department}{commune}{serial}"
    return Nir(number=number, cle=nir_key(number))


def birth_month_for_age(age: int, *, today: date | None = None) -> tuple[int, int]:
    """Return a (year, month) whose first day makes someone exactly `age` today, with margin.

    The birthday falls one to ten months before today, so the age holds whatever the exact day
    a portal uses (ELIG-04: born on the first day of the month).
    """
    today = today or date.today()
    months_back = _rng.randint(1, 10)
    index = today.year * 12 + (today.month - 1) - months_back
    year, month0 = divmod(index, 12)
    return year - age, month0 + 1


def birth_month_turning(
    age: int, *, months_ahead: int, today: date | None = None
) -> tuple[int, int]:
    """Return the (year, month) of someone who turns `age` on the first of a month to come.

    `months_ahead` 0 is this month (she is `age` today), 1 the next (she is `age` - 1 today).
    """
    today = today or date.today()
    index = (today.year - age) * 12 + (today.month - 1) + months_ahead
    year, month0 = divmod(index, 12)
    return year, month0 + 1


def make_nir(
    *,
    age: int,
    sex: Sex = "femme",
    department: str | None = None,
    today: date | None = None,
    month_code: str | None = None,
    born: tuple[int, int] | None = None,
) -> Nir:
    """Return a valid NIR for someone of `age`, `sex`, born in `department` (2A/2B allowed).

    `month_code` forces the two month digits (e.g. "20", an unknown month, counted as January);
    `born` forces the (year, month) of birth instead of one drawn for `age`.
    """
    department = (department or _rng.choice(DEPARTMENTS)).upper()
    if department not in DEPARTMENTS:
        raise ValueError(f"unknown department {department!r}")
    year, month = born or birth_month_for_age(age, today=today)
    if month_code is not None:
        # A month code outside 01..12 counts as January: born on 1 January of that year.
        year = (today or date.today()).year - age
    commune = f"{_rng.randint(1, 990):03d}"
    # The serial mixes the process and a counter so two workers never draw the same number.
    serial = f"{(os.getpid() * 7 + next(_counter) * 13 + _rng.randint(0, 999)) % 999 + 1:03d}"
    nir = nir_from_parts(
        sex_digit=_SEX_DIGIT[sex],
        year=year,
        month_code=month_code or f"{month:02d}",
        department=department,
        commune=commune,
        serial=serial,
    )
    stdnum_nir.validate(nir.full)  # a generator bug must fail here, not as a portal refusal
    return nir


def birth_year_of(nir: Nir, *, today: date | None = None) -> int:
    """Return the birth year a NIR shows: the latest century that is not in the future (ELIG-04)."""
    today = today or date.today()
    yy, mm = int(nir.number[1:3]), int(nir.number[3:5])
    month = mm if 1 <= mm <= 12 else 1
    return 2000 + yy if (2000 + yy, month) <= (today.year, today.month) else 1900 + yy


def invalid_nir(fault: NirFault, *, age: int = 30) -> Nir:
    """Return a NIR wrong in exactly one way (its key is recomputed unless the key is the fault)."""
    base = make_nir(age=age, sex="homme")
    n = base.number
    match fault:
        case NirFault.CLE:
            wrong = f"{(int(base.cle) + 1) % 97 or 1:02d}"
            bad = Nir(number=n, cle=wrong)
            assert not stdnum_nir.is_valid(bad.full)
            return bad
        case NirFault.SEXE:
            number = "5" + n[1:]
        case NirFault.MOIS:
            number = n[:3] + "13" + n[5:]
        case NirFault.DEPARTEMENT:
            number = n[:5] + "2C" + n[7:]
            return Nir(number=number, cle=base.cle)
        case NirFault.LONGUEUR:
            return Nir(number=n[:12], cle=base.cle)
        case NirFault.LETTRES:
            return Nir(number=n[:7] + "ABC" + n[10:], cle=base.cle)
    return Nir(number=number, cle=nir_key(number))


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def landline_number() -> str:
    """Return a French landline number (01 to 05 or 09), spaced in pairs."""
    prefix = _rng.choice(["01", "02", "03", "04", "05", "09"])
    return " ".join([prefix, *(f"{_rng.randint(0, 99):02d}" for _ in range(4))])


def mobile_number() -> str:
    """Return a French mobile number (06 or 07), spaced in pairs."""
    prefix = _rng.choice(["06", "07"])
    return " ".join([prefix, *(f"{_rng.randint(0, 99):02d}" for _ in range(4))])


def unique_token() -> str:
    """Return a short token unique to this call, for addresses and names."""
    return secrets.token_hex(4)


def make_person(
    *,
    age: int = 30,
    sex: Sex | None = None,
    department: str | None = None,
    email_domain: str = "exemple.fr",
    email_template: str | None = None,
    first_name: str | None = None,
    birth_name: str | None = None,
    faker: Faker | None = None,
) -> Person:
    """Return a person of `age` with a unique email and NIR.

    `email_template` (e.g. "qa+{token}@staging.example") places the address in a real mailbox.
    """
    fake = faker or Faker("fr_FR")
    chosen: Sex = sex if sex is not None else _rng.choice(SEXES)
    male = chosen == "homme"
    first = first_name or (fake.first_name_male() if male else fake.first_name_female())
    last = birth_name or fake.last_name()
    token = unique_token()
    local = f"{_ascii(first)}.{_ascii(last)}.{token}"
    email = email_template.format(token=token, local=local) if email_template else None
    nir = make_nir(age=age, sex=chosen, department=department)
    year = birth_year_of(nir)
    return Person(
        first_name=first,
        birth_name=last,
        email=email or f"{local}@{email_domain}",
        landline=landline_number(),
        mobile=mobile_number(),
        nir=nir,
        sex=chosen,
        birth_year=year,
        birth_month=int(nir.number[3:5]),
    )


def walkthrough_person(**kwargs: Any) -> Person:
    """Return a person like the walkthrough's Marion Roussarie, with unique NIR and email."""
    defaults: dict[str, Any] = {"sex": "femme", "age": 30}
    defaults |= {"first_name": "Marion", "birth_name": "Roussarie"}
    return make_person(**(defaults | kwargs))
