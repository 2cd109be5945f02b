"""Server-side rules of the second portal: each check returns a French message, or None when fine.

The browser app (static/app.js) runs the same rules before sending anything; these run again on
the server because a browser can be bypassed. Written without python-stdnum on purpose: this
portal must not share code with mock_portal.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date

# One message per kind of error (the catalogue lets the wording vary with the kind).
NIR_EMPTY = "Saisissez votre numéro de sécurité sociale."
NIR_SHAPE = "Le numéro compte 13 caractères : des chiffres, et 2A ou 2B pour la Corse."
NIR_SEX = "Le numéro commence par 1 ou 2 (3, 4, 7 ou 8 pour un numéro provisoire)."
NIR_MONTH = "Les chiffres 4 et 5 du numéro ne forment pas un mois de naissance possible."
NIR_DEPARTMENT = "Les chiffres 6 et 7 du numéro ne forment pas un département possible."
KEY_EMPTY = "Saisissez les 2 chiffres de la clé."
KEY_SHAPE = "La clé s'écrit avec 2 chiffres exactement."
KEY_WRONG = "Cette clé ne correspond pas au numéro saisi : vérifiez-les sur votre carte Vitale."
NAME_EMPTY = "Indiquez votre nom de naissance."
NAME_LONG = "Ce nom est trop long (100 caractères au plus)."
FIRST_NAME_LONG = "Ce prénom est trop long (100 caractères au plus)."
EMAIL_EMPTY = "Indiquez votre adresse courriel."
EMAIL_BAD = "Cette adresse courriel n'est pas valide : écrivez-la comme prenom.nom@exemple.fr."
EMAIL_DIFFERENT = "Les deux adresses courriel ne sont pas identiques."
LANDLINE_BAD = "Un téléphone fixe compte 10 chiffres et commence par 01, 02, 03, 04, 05 ou 09."
MOBILE_BAD = "Un téléphone portable compte 10 chiffres et commence par 06 ou 07."
CAPTCHA_EMPTY = "Recopiez les caractères de l'image."
CAPTCHA_BAD = "Ces caractères ne sont pas ceux de l'image. Recopiez les nouveaux caractères."
AGE_TOO_YOUNG = (
    "Vous ne pouvez pas encore vous inscrire : il faut avoir au moins 16 ans, "
    "ou 15 ans avec un contrat d'apprentissage signé."
)
AGE_DECLARE = (
    "L'inscription est ouverte dès 16 ans, et à 15 ans seulement avec un contrat "
    "d'apprentissage signé : si c'est votre cas, cochez la case ci-dessus."
)
AGE_NOT_DECLARED = (
    "Sans contrat d'apprentissage signé, l'inscription n'est possible qu'à partir de 16 ans "
    "(15 ans pour les apprentis)."
)
ALREADY = (
    "Ce numéro de sécurité sociale a déjà un compte. Connectez-vous avec « Je m'identifie », "
    "ou choisissez « Mot de passe oublié » si vous ne vous en souvenez plus."
)
# CGU-02's and PWD-01's sentences are quoted by the catalogue: they must stay word for word.
CGU_REQUIRED = (
    "Merci de valider les Conditions Générales d'Utilisation afin de pouvoir poursuivre "
    "votre inscription."
)
PASSWORD_RULE = (
    "Pour être valide, votre mot de passe doit impérativement compter 5 lettres "
    "(composées de majuscules et de minuscules) et 3 chiffres."
)
PASSWORD_DIFFERENT = "Les deux mots de passe saisis ne sont pas identiques."
PASSWORD_LONG = "Ce mot de passe est trop long (64 caractères au plus)."
LOGIN_REFUSED = "Identification impossible : vérifiez votre numéro et votre mot de passe."
DIF_BAD = "Indiquez un nombre entier d'heures entre 0 et 120."
DIF_CAP = 120

# The fields of step 2, by the names the browser app posts.
FIELDS = ("nir", "cle", "prenom", "nom", "fixe", "portable", "courriel", "courriel2", "captcha")
_MONTHS = set(range(1, 13)) | set(range(20, 43)) | set(range(50, 100))
_LAX_MONTHS = _MONTHS | set(range(43, 50))  # the month-43-49-accepted defect
_NIR = re.compile(r"[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{6}")
# The dot-atom of RFC 5322, without quoted local parts: nothing a mail header could split.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def squeeze(value: str) -> str:
    """Drop spaces and dots and upper-case letters (how people type a NIR)."""
    return re.sub(r"[\s.]", "", value).upper()


def nir_error(number: str, *, corsica: bool = True, lax_months: bool = False) -> str | None:
    """Check the 13 characters of a NIR."""
    number = squeeze(number)
    if not number:
        return NIR_EMPTY
    if not _NIR.fullmatch(number) or (not corsica and number[5:7] in ("2A", "2B")):
        return NIR_SHAPE
    if number[0] not in "123478":
        return NIR_SEX
    if int(number[3:5]) not in (_LAX_MONTHS if lax_months else _MONTHS):
        return NIR_MONTH
    if number[5:7] == "00":
        return NIR_DEPARTMENT
    return None


def expected_key(number: str) -> int:
    """Return 97 minus the number modulo 97, Corsica's 2A and 2B read as 19 and 18."""
    digits = squeeze(number).replace("2A", "19").replace("2B", "18")
    return 97 - int(digits) % 97


def key_error(number: str, key: str, *, check: bool = True) -> str | None:
    """Check the 2-digit key against a NIR already found valid."""
    key = squeeze(key)
    if not key:
        return KEY_EMPTY
    if not re.fullmatch(r"[0-9]{2}", key):
        return KEY_SHAPE
    if check and int(key) != expected_key(number):
        return KEY_WRONG
    return None


def age(number: str, today: date, *, unknown_month: int = 1) -> int:
    """Return the age ELIG-04 reads from a valid NIR on `today`."""
    number = squeeze(number)
    month = int(number[3:5])
    month = month if 1 <= month <= 12 else unknown_month
    year = 2000 + int(number[1:3])
    if (year, month) > (today.year, today.month):
        year -= 100
    return today.year - year - (today.month < month)


def phone_error(value: str, prefixes: Collection[str], message: str) -> str | None:
    """Check an optional French phone number against its allowed 2-digit prefixes."""
    digits = re.sub(r"[\s.]", "", value)
    if not digits:
        return None
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    ok = re.fullmatch(r"0[0-9]{9}", digits) and digits[:2] in prefixes
    return None if ok else message


LANDLINE_PREFIXES = ("01", "02", "03", "04", "05", "09")
MOBILE_PREFIXES = ("06", "07")


def identity_errors(form: Mapping[str, str], *, skip: Collection[str] = ()) -> dict[str, str]:
    """Return every field error of step 2 except the captcha and the age (field id -> message).

    `skip` names the checks a defect switches off.
    """
    errors: dict[str, str] = {}
    nir = form.get("nir", "")
    if problem := nir_error(nir, corsica="corsica" not in skip, lax_months="months-43-49" in skip):
        errors["nir"] = problem
    elif problem := key_error(nir, form.get("cle", ""), check="key" not in skip):
        errors["cle"] = problem
    if len(form.get("prenom", "")) > 100:
        errors["prenom"] = FIRST_NAME_LONG
    name = form.get("nom", "").strip()
    if not name and "birth-name" not in skip:
        errors["nom"] = NAME_EMPTY
    elif len(name) > 100:
        errors["nom"] = NAME_LONG
    if "phones" not in skip:
        for field, prefixes, message in (
            ("fixe", LANDLINE_PREFIXES, LANDLINE_BAD),
            ("portable", MOBILE_PREFIXES + (("08",) if "mobile-08" in skip else ()), MOBILE_BAD),
        ):
            if problem := phone_error(form.get(field, ""), prefixes, message):
                errors[field] = problem
    email = form.get("courriel", "").strip()
    if not email:
        errors["courriel"] = EMAIL_EMPTY
    elif len(email) > 254 or not _EMAIL.fullmatch(email):
        errors["courriel"] = EMAIL_BAD
    again = form.get("courriel2", "").strip()
    same = again.casefold() == email.casefold() if "email-case" in skip else again == email
    if "email-match" not in skip and not same:
        errors["courriel2"] = EMAIL_DIFFERENT
    return errors


def password_ok(password: str, *, upper: bool = True, digits: int = 3) -> bool:
    """Tell whether a password has 5 letters of both cases and 3 digits (PWD-01)."""
    letters = [c for c in password if c.isalpha()]
    cases = any(c.islower() for c in letters) and (any(c.isupper() for c in letters) or not upper)
    return len(letters) >= 5 and cases and sum(c.isdigit() for c in password) >= digits


def strength(password: str) -> str:
    """Return the word the strength meter shows (PWD-04)."""
    if not password_ok(password):
        return "Faible"
    return "Fort" if len(password) >= 12 else "Moyen"


def dif_value(raw: str) -> int | None:
    """Return a DIF balance typed as whole hours from 0 to the legal cap, else None."""
    raw = raw.strip()
    if not re.fullmatch(r"[0-9]{1,4}", raw):
        return None
    value = int(raw)
    return value if value <= DIF_CAP else None


# The messages the browser app shows, sent to it by the state API (one source for both sides).
MESSAGES: dict[str, str] = {
    name: value for name, value in globals().items() if name.isupper() and isinstance(value, str)
}
