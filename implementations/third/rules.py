"""The rules the server holds, each check answering with its French message or None.

The page (static/rules.js) runs the same checks first, with these very messages (sent to it by
the session API); the server runs them again because it is the authority.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date

# Quoted by the catalogue (CGU-02, PWD-01): word for word.
CGU_REQUIRED = (
    "Merci de valider les Conditions Générales d'Utilisation afin de pouvoir poursuivre "
    "votre inscription."
)
PASSWORD_RULE = (
    "Pour être valide, votre mot de passe doit impérativement compter 5 lettres "
    "(composées de majuscules et de minuscules) et 3 chiffres."
)
# Not quoted by the catalogue: this portal's own wording.
NIR_EMPTY = "Le numéro de sécurité sociale est à renseigner."
NIR_SHAPE = "Ce numéro doit comporter 13 caractères (chiffres, ou 2A/2B pour la Corse)."
NIR_SEX = "Le premier chiffre du numéro doit être 1, 2, 3, 4, 7 ou 8."
NIR_MONTH = "Le mois de naissance indiqué dans le numéro n'existe pas."
NIR_DEPARTMENT = "Le département de naissance indiqué dans le numéro n'existe pas."
KEY_EMPTY = "La clé est à renseigner."
KEY_SHAPE = "La clé se compose de 2 chiffres."
KEY_WRONG = "La clé ne correspond pas au numéro de sécurité sociale."
NAME_EMPTY = "Le nom de naissance est à renseigner."
NAME_LONG = "Le nom de naissance est limité à 100 caractères."
FIRST_NAME_LONG = "Le prénom est limité à 100 caractères."
EMAIL_EMPTY = "Le courriel est à renseigner."
EMAIL_BAD = "Ce courriel est mal formé (exemple attendu : nom@domaine.fr)."
EMAIL_DIFFERENT = "La confirmation ne reprend pas le courriel saisi."
LANDLINE_BAD = "Numéro de téléphone fixe invalide : 10 chiffres commençant par 01 à 05 ou 09."
MOBILE_BAD = "Numéro de téléphone portable invalide : 10 chiffres commençant par 06 ou 07."
CAPTCHA_EMPTY = "Le contrôle de sécurité est à renseigner."
CAPTCHA_BAD = "Les caractères saisis sont incorrects ; de nouveaux caractères vous sont proposés."
AGE_TOO_YOUNG = (
    "Vous n'avez pas l'âge requis : l'inscription est ouverte à partir de 16 ans, ou dès 15 ans "
    "avec un contrat d'apprentissage signé."
)
AGE_15 = (
    "À 15 ans, l'inscription n'est ouverte qu'avec un contrat d'apprentissage signé ; "
    "à défaut, il faut avoir 16 ans."
)
ALREADY = (
    "Ce numéro de sécurité sociale est déjà inscrit : utilisez « Je m'identifie », ou "
    "« Mot de passe oublié » si vous l'avez perdu."
)
PASSWORD_DIFFERENT = "La confirmation ne reprend pas le mot de passe saisi."
PASSWORD_LONG = "Le mot de passe est limité à 64 caractères."
LOGIN_REFUSED = "Identification refusée : le numéro ou le mot de passe est inexact."
DIF_BAD = "Le solde DIF s'exprime en heures entières, de 0 à 120."
DIF_CAP = 120

IDENTITY_FIELDS = (
    "nir", "cle", "prenom", "nom", "fixe", "portable", "courriel", "confirmation", "captcha",
)  # fmt: skip
LANDLINE = ("01", "02", "03", "04", "05", "09")
MOBILE = ("06", "07")
_NIR = re.compile(r"[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{6}")
_EMAIL = re.compile(r"[^\s@\"(),:;<>\[\]\\]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def compact(value: str) -> str:
    """Drop the spaces and dots people type in numbers, and upper-case 2a/2b."""
    return re.sub(r"[\s.]", "", value).upper()


def month_known(code: int, *, lax_months: bool = False) -> bool:
    """Tell whether a NIR's month code exists (INSEE: 01-12, 20-42, 50-99)."""
    return 1 <= code <= 12 or 20 <= code <= (49 if lax_months else 42) or 50 <= code <= 99


def nir_error(raw: str, *, lax_months: bool = False) -> str | None:
    """Check the 13 characters of a NIR (FORM-02)."""
    nir = compact(raw)
    if not nir:
        return NIR_EMPTY
    if not _NIR.fullmatch(nir):
        return NIR_SHAPE
    if nir[0] not in "123478":
        return NIR_SEX
    if not month_known(int(nir[3:5]), lax_months=lax_months):
        return NIR_MONTH
    if nir[5:7] == "00":
        return NIR_DEPARTMENT
    return None


def key_of(nir: str) -> int:
    """Return the key of a valid NIR: 97 - (number mod 97), 2A read as 19 and 2B as 18."""
    digits = compact(nir).replace("2A", "19").replace("2B", "18")
    return 97 - int(digits) % 97


def key_error(nir: str, raw: str, *, check: bool = True) -> str | None:
    """Check the key of a valid NIR (its 2 digits only, when not `check`)."""
    key = compact(raw)
    if not key:
        return KEY_EMPTY
    if not re.fullmatch(r"[0-9]{2}", key):
        return KEY_SHAPE
    return None if not check or int(key) == key_of(nir) else KEY_WRONG


def age(nir: str, today: date, *, unknown_month: int = 1) -> int:
    """Return the age ELIG-04 reads: born on the 1st of the month, the latest possible century."""
    nir = compact(nir)
    code = int(nir[3:5])
    month = code if 1 <= code <= 12 else unknown_month
    year = 2000 + int(nir[1:3])
    if (year, month) > (today.year, today.month):
        year -= 100
    return today.year - year - (today.month < month)


def phone_error(raw: str, prefixes: Collection[str], message: str) -> str | None:
    """Check an optional French number (spaces, dots or +33 allowed)."""
    digits = re.sub(r"[\s.]", "", raw)
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    if not digits:
        return None
    return None if re.fullmatch(r"0[0-9]{9}", digits) and digits[:2] in prefixes else message


def identity_errors(form: Mapping[str, str], *, off: Collection[str] = ()) -> dict[str, str]:
    """Return step 2's field errors but the captcha's and the age's; `off` names skipped checks.

    Checks: "key", "birth-name", "phones", "email-match", "email-case" (a confirmation that
    differs only in case passes), "mobile-08", "months-43-49".
    """
    errors: dict[str, str] = {}
    if problem := nir_error(form["nir"], lax_months="months-43-49" in off):
        errors["nir"] = problem
    elif problem := key_error(form["nir"], form["cle"], check="key" not in off):
        errors["cle"] = problem
    if len(form["prenom"]) > 100:
        errors["prenom"] = FIRST_NAME_LONG
    name = form["nom"].strip()
    if not name and "birth-name" not in off:
        errors["nom"] = NAME_EMPTY
    elif len(name) > 100:
        errors["nom"] = NAME_LONG
    mobile = MOBILE + (("08",) if "mobile-08" in off else ())
    phones = (("fixe", LANDLINE, LANDLINE_BAD), ("portable", mobile, MOBILE_BAD))
    for field, prefixes, message in phones if "phones" not in off else ():
        if problem := phone_error(form[field], prefixes, message):
            errors[field] = problem
    email, again = form["courriel"].strip(), form["confirmation"].strip()
    if not email:
        errors["courriel"] = EMAIL_EMPTY
    elif len(email) > 254 or not _EMAIL.fullmatch(email):
        errors["courriel"] = EMAIL_BAD
    same = again.casefold() == email.casefold() if "email-case" in off else again == email
    if not same and "email-match" not in off:
        errors["confirmation"] = EMAIL_DIFFERENT
    return errors


def password_ok(password: str, *, digits: int = 3) -> bool:
    """Tell whether a password has 5 letters, both cases among them, and 3 digits (PWD-01)."""
    letters = [c for c in password if c.isalpha()]
    both = any(c.islower() for c in letters) and any(c.isupper() for c in letters)
    return len(letters) >= 5 and both and sum(c.isdigit() for c in password) >= digits


def dif_hours(raw: str, *, cap: int = DIF_CAP) -> int | None:
    """Return a DIF balance in whole hours from 0 to `cap`, or None."""
    raw = raw.strip()
    return int(raw) if re.fullmatch(r"[0-9]{1,4}", raw) and int(raw) <= cap else None


MESSAGES: dict[str, str] = {
    name: value for name, value in globals().items() if name.isupper() and isinstance(value, str)
}
