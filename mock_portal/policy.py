"""The portal's rules as one service the views ask: conformant here, defective in defects/.

`create_app` installs a `Policy` in `app.extensions["cpf_policy"]`: this class when no defect is
switched on, otherwise a subclass built from the defective variants of `mock_portal/defects/`
(each overrides the one or two methods whose rule it breaks). The views and templates ask
`policy()`, so each reads as the rule it applies; no view knows a defect's name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app, session
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue import messages, texts
from mock_portal import nir as nir_rules
from mock_portal.captcha_service import answer_matches
from mock_portal.db import Account, db_session
from mock_portal.validation import normalize_phone, password_is_valid

DIF_CAP = 120  # the legal DIF ceiling
LANDLINE_PREFIXES = ("01", "02", "03", "04", "05", "09")
MOBILE_PREFIXES = ("06", "07")


class Steps:
    """The order of the three steps and their gates (NAV-04, CGU-02)."""

    def cgu_accepted(self, ticked: bool) -> bool:
        """Let step 1 go on only with the CGU box ticked (CGU-02)."""
        return ticked

    def may_open_step2(self, progress: dict[str, Any]) -> bool:
        """Open step 2 only once step 1 is passed in this session (NAV-04)."""
        return bool(progress.get("cgu"))

    def may_open_step3(self, progress: dict[str, Any]) -> bool:
        """Open step 3 only once step 2 is passed in this session (NAV-04)."""
        return bool(progress.get("identity"))

    def keeps_identity_of_refused_step2(self, errors: dict[str, str]) -> bool:
        """Tell whether a refused step 2 still opens step 3 (never: NAV-04)."""
        return False


class Identity:
    """Step 2's identity checks: the NIR, the age it implies, the names (FORM, ELIG)."""

    def nir(self, number: str, cle: str) -> nir_rules.Nir | None:
        """Return the NIR when the 13 characters and the key are valid (FORM-02)."""
        return nir_rules.parse(number, cle)

    def age(self, nir: nir_rules.Nir, today: date) -> int:
        """Return the age the NIR implies on `today` (ELIG-04)."""
        return nir_rules.age_on(nir, today)

    def age_error(self, age: int, *, declared: bool) -> tuple[str, str] | None:
        """Return (field, message) when the age bars registration (ELIG-02, ELIG-03)."""
        if age < 15:
            return "nir", messages.AGE_CONDITION
        if age == 15 and not declared:
            return "apprentissage", messages.AGE_CONDITION
        return None

    def nir_is_free(self, nir: nir_rules.Nir) -> bool:
        """Tell whether no account holds this NIR yet (FORM-07)."""
        with db_session() as db:
            return db.scalar(select(Account.id).where(Account.nir == nir.number)) is None

    def birth_name_missing(self, value: str) -> bool:
        """Tell whether the mandatory 'Nom de naissance' is empty (FORM-03)."""
        return not value


class Fields:
    """Phones, email and password as typed (FORM-04, FORM-05, PWD-01, PWD-02)."""

    def phone_prefixes(self, *, mobile: bool) -> tuple[str, ...]:
        """Return the prefixes a French phone number of this kind may start with."""
        return MOBILE_PREFIXES if mobile else LANDLINE_PREFIXES

    def phone_error(self, value: str, *, mobile: bool) -> str | None:
        """Return the error message for an optional French phone number, or None (FORM-05)."""
        if not (value or "").strip():
            return None
        number = normalize_phone(value)
        prefixes = self.phone_prefixes(mobile=mobile)
        if len(number) != 10 or not number.isdigit() or not number.startswith(prefixes):
            return messages.MOBILE_INVALID if mobile else messages.LANDLINE_INVALID
        return None

    def email_confirmation_differs(self, confirmation: str, email: str) -> bool:
        """Tell whether 'Confirmation courriel' differs from 'Courriel', letter for letter."""
        return confirmation != email

    def password_ok(self, password: str) -> bool:
        """Apply PWD-01 (and PWD-05: no upper limit)."""
        return password_is_valid(password)

    def password_confirmation_differs(self, confirmation: str, password: str) -> bool:
        """Tell whether 'Confirmation mot de passe' differs from the password (PWD-02)."""
        return confirmation != password


class Refusals:
    """What a refused step shows (FORM-06, PWD-01) and what it leaves behind."""

    def step2_errors_shown(self, errors: dict[str, str]) -> dict[str, str]:
        """Show every error of a refused step 2 at once (FORM-06)."""
        return errors

    def step2_values_kept(self, values: dict[str, str]) -> dict[str, str]:
        """Keep what was typed in a refused step 2 (FORM-06)."""
        return values

    def step3_refusal_shown(
        self, errors: dict[str, str], values: dict[str, str]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Show a refused password's errors with what was typed."""
        return errors, values

    def creates_account_despite(self, errors: dict[str, str]) -> bool:
        """Tell whether a refused step 3 still creates the account (never)."""
        return False

    def confirms_a_repeated_submit(self) -> bool:
        """Tell whether step 3 sent again after success confirms again (never: MAIL-03)."""
        return False


class Captcha:
    """The captcha's answers: which are good, for how long, how they are heard (CAP-02..05)."""

    def captcha_matches(self, answer: str, typed: str) -> bool:
        """Compare an answer with what was typed, without regard to case (CAP-02)."""
        return answer_matches(answer, typed)

    def next_captcha_answer(self, fresh: str, replaced: dict[str, str] | None) -> str:
        """Return the answer of a new challenge: new characters every time (CAP-03, CAP-04)."""
        return fresh

    def captcha_issued(self, challenge: dict[str, str]) -> None:
        """Do what follows issuing a challenge: nothing (the answer stays on the server)."""

    def captcha_also_accepted(self, challenge: dict[str, str] | None) -> list[str]:
        """Return answers good besides the pending one: none, each is good once (CAP-03)."""
        return []

    def captcha_checked(self, ok: bool, typed: str) -> None:
        """Do what follows a check: nothing (the challenge is already spent)."""

    def captcha_kept_after_refusal(self) -> bool:
        """Tell whether a right answer survives step 2 refused for another field (never)."""
        return False

    def captcha_audio_key(self, challenge: dict[str, str]) -> str:
        """Return the key the spoken challenge is cached under: its own (CAP-05)."""
        return challenge["id"]

    def captcha_audio(self, wav: bytes) -> bytes:
        """Return the spoken challenge as it is served."""
        return wav


class Mail:
    """The confirmation email (MAIL-01..03)."""

    def login_link(self, *, configured: str | None, own: str) -> str:
        """Return the address behind 'à cette adresse': the portal's login page (MAIL-02)."""
        return configured or own

    def confirmation_queued(self, db: Session, *, password: str) -> None:
        """Amend the confirmation just added to `db`: nothing to amend (MAIL-01, MAIL-03)."""


class Login:
    """Sign-in (LOG-01, LOG-02)."""

    def reads_typed_nir(self, typed: str) -> bool:
        """Tell whether the NIR as typed is looked up (always: spaces and dots allowed)."""
        return True

    def login_refusal(self, *, nir_known: bool) -> tuple[str, str | None]:
        """Return the refusal and hint: the same whether the NIR exists or not (LOG-02)."""
        return messages.LOGIN_REFUSED, None


class Dif:
    """The DIF balance of the account space (SYN-06)."""

    def dif_accepted(self, hours: int) -> bool:
        """Accept whole hours from 0 to 120."""
        return hours <= DIF_CAP

    def store_dif(self, account_id: int, hours: int) -> None:
        """Store an accepted balance, which the summary's figures show."""
        with db_session() as db, db.begin():
            row = db.get(Account, account_id)
            assert row is not None
            row.dif_hours = hours

    def dif_refused(self, account_id: int, typed: str) -> None:
        """Do what follows a refused balance: nothing is stored."""


class Page:
    """What the templates show (NAV, CGU, PWD, SYN, FORM-06) and what the page's script checks."""

    account_button = True  # NAV-01: "Mon compte formation" on the public pages
    marks_current_step = True  # NAV-03: aria-current on the progress bar
    cgu_link = True  # CGU-01: step 1 links to the CGU document
    age_note = False  # ELIG-03: the age sentence is an error, never a standing note
    errors_tied = True  # FORM-06: each error beside its field, tied with aria-describedby
    show_password_works = True  # PWD-03: "Afficher le mot de passe" at step 3
    login_show_password_works = True  # LOG-03: the same on the login page
    welcome_banner = True  # SYN-01
    holder_in_capitals = True  # SYN-02
    space_links_hidden = False  # SYN-05

    def strength_words(self) -> dict[str, str]:
        """Return the indicator's words for weak, medium and strong passwords (PWD-04)."""
        return {
            "weak": messages.STRENGTH_WEAK,
            "medium": messages.STRENGTH_MEDIUM,
            "strong": texts.STRENGTH_STRONG,
        }

    def script_checks(self) -> list[str]:
        """Return the checks left to the page's script: none, the server holds every rule."""
        return []


class Policy(Steps, Identity, Fields, Refusals, Captcha, Mail, Login, Dif, Page):
    """Every rule the portal applies, conformant to the catalogue."""


def policy() -> Policy:
    """Return the policy installed in this app."""
    installed: Policy = current_app.extensions["cpf_policy"]
    return installed


def step_progress() -> dict[str, Any]:
    """Return this session's registration progress (steps passed, identity kept)."""
    return session.get("inscription") or {}
