"""Defective registration rules: step order, identity, fields and what a refusal shows."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import session
from stdnum.fr import nir as stdnum_nir

from catalogue import messages
from mock_portal import nir as nir_rules
from mock_portal.defects.switches import variant
from mock_portal.policy import Policy
from mock_portal.validation import password_is_valid

# NAV-04, CGU-02: the gates between steps.


@variant("cgu-not-enforced")
class CguNotEnforced(Policy):
    def cgu_accepted(self, ticked: bool) -> bool:
        return True


@variant("step-skippable")
class StepSkippable(Policy):
    def may_open_step2(self, progress: dict[str, Any]) -> bool:
        return True

    def may_open_step3(self, progress: dict[str, Any]) -> bool:
        return True


@variant("step-2-any-session")
class Step2AnySession(Policy):
    def may_open_step2(self, progress: dict[str, Any]) -> bool:
        # The guard asks for a session (step 1 shown), not step 1 passed.
        return super().may_open_step2(progress) or "csrf_token" in session


@variant("step-3-after-step-1")
class Step3AfterStep1(Policy):
    def may_open_step3(self, progress: dict[str, Any]) -> bool:
        # The guard asks for step 1 only, as if step 3 followed it.
        return super().may_open_step3(progress) or bool(progress.get("cgu"))


@variant("step-order-page-only")
class StepOrderPageOnly(Policy):
    def keeps_identity_of_refused_step2(self, errors: dict[str, str]) -> bool:
        # Kept before the captcha is judged: step 3's request then finds an identity.
        return list(errors) == ["captcha"]


# FORM-02, ELIG-02..04, FORM-03, FORM-07: identity.


def _any_key(number: str, cle: str) -> nir_rules.Nir | None:
    """Accept any two-digit key for a NIR whose 13 characters are valid."""
    compact, typed_key = nir_rules.compact(number), nir_rules.compact(cle)
    if len(compact) == 13 and len(typed_key) == 2 and typed_key.isdigit():
        right = nir_rules.parse(compact, stdnum_nir.calc_check_digits(compact))
        return nir_rules.Nir(right.number, typed_key) if right else None
    return None


@variant("nir-key-unchecked")
class NirKeyUnchecked(Policy):
    def nir(self, number: str, cle: str) -> nir_rules.Nir | None:
        return super().nir(number, cle) or _any_key(number, cle)


@variant("nir-key-page-only")
class NirKeyPageOnly(Policy):
    def nir(self, number: str, cle: str) -> nir_rules.Nir | None:
        return super().nir(number, cle) or _any_key(number, cle)

    def script_checks(self) -> list[str]:
        return [*super().script_checks(), "nir-key"]


@variant("corsica-refused")
class CorsicaRefused(Policy):
    def nir(self, number: str, cle: str) -> nir_rules.Nir | None:
        parsed = super().nir(number, cle)
        return None if parsed and parsed.number[5:7] in ("2A", "2B") else parsed


@variant("nir-month-unchecked")
class NirMonthUnchecked(Policy):
    def nir(self, number: str, cle: str) -> nir_rules.Nir | None:
        parsed = super().nir(number, cle)
        compact, key = nir_rules.compact(number), nir_rules.compact(cle)
        if parsed or not (len(compact) == 13 and compact[:3].isdigit() and compact[5:].isalnum()):
            return parsed
        fixed = compact[:3] + "01" + compact[5:]  # read as January: the month is ignored
        try:
            right_key = stdnum_nir.calc_check_digits(compact)
            month_aside = nir_rules.parse(fixed, stdnum_nir.calc_check_digits(fixed))
        except ValueError:  # letters where digits belong: refused as usual
            return None
        return nir_rules.Nir(compact, key) if month_aside and key == right_key else None


@variant("month-43-49-accepted")
class Month43To49Accepted(Policy):
    def nir(self, number: str, cle: str) -> nir_rules.Nir | None:
        parsed = super().nir(number, cle)
        compact, key = nir_rules.compact(number), nir_rules.compact(cle)
        if parsed or len(compact) != 13 or not compact[3:5].isdigit():
            return parsed
        if not 43 <= int(compact[3:5]) <= 49:
            return None
        unknown = compact[:3] + "50" + compact[5:]  # read as an unknown month
        try:
            right = stdnum_nir.calc_check_digits(compact)
            other = stdnum_nir.calc_check_digits(unknown)
        except ValueError:
            return None
        ok = key == right and nir_rules.parse(unknown, other) is not None
        return nir_rules.Nir(compact, key) if ok else None


@variant("unknown-month-december")
class UnknownMonthDecember(Policy):
    def age(self, nir: nir_rules.Nir, today: date) -> int:
        if 1 <= int(nir.number[3:5]) <= 12:
            return super().age(nir, today)
        year = 2000 + nir.birth_year_2
        if (year, 12) > (today.year, today.month):
            year -= 100
        return today.year - year - (1 if today.month < 12 else 0)


@variant("age-14-accepted")
class Age14Accepted(Policy):
    def age_error(self, age: int, *, declared: bool) -> tuple[str, str] | None:
        return None if age < 15 else super().age_error(age, declared=declared)


@variant("age-page-only")
class AgePageOnly(Policy):
    def age_error(self, age: int, *, declared: bool) -> tuple[str, str] | None:
        return None if age < 15 else super().age_error(age, declared=declared)

    def script_checks(self) -> list[str]:
        return [*super().script_checks(), "age"]


@variant("age-15-no-declaration")
class Age15NoDeclaration(Policy):
    def age_error(self, age: int, *, declared: bool) -> tuple[str, str] | None:
        return None if age == 15 else super().age_error(age, declared=declared)


@variant("duplicate-nir-accepted")
class DuplicateNirAccepted(Policy):
    def nir_is_free(self, nir: nir_rules.Nir) -> bool:
        return True


@variant("birth-name-optional")
class BirthNameOptional(Policy):
    def birth_name_missing(self, value: str) -> bool:
        return False


# FORM-04, FORM-05, PWD-01, PWD-02, PWD-05: fields.


@variant("phone-unchecked")
class PhoneUnchecked(Policy):
    def phone_error(self, value: str, *, mobile: bool) -> str | None:
        return None


@variant("mobile-08-accepted")
class Mobile08Accepted(Policy):
    def phone_prefixes(self, *, mobile: bool) -> tuple[str, ...]:
        prefixes = super().phone_prefixes(mobile=mobile)
        return (*prefixes, "08") if mobile else prefixes


@variant("email-mismatch-accepted")
class EmailMismatchAccepted(Policy):
    def email_confirmation_differs(self, confirmation: str, email: str) -> bool:
        return False


@variant("email-confirmation-page-only")
class EmailConfirmationPageOnly(Policy):
    def email_confirmation_differs(self, confirmation: str, email: str) -> bool:
        return False

    def script_checks(self) -> list[str]:
        return [*super().script_checks(), "email-confirmation"]


@variant("email-confirmation-case-only")
class EmailConfirmationCaseOnly(Policy):
    def email_confirmation_differs(self, confirmation: str, email: str) -> bool:
        return confirmation.lower() != email.lower()


@variant("password-no-uppercase")
class PasswordNoUppercase(Policy):
    def password_ok(self, password: str) -> bool:
        return password_is_valid(password, need_upper=False)


@variant("password-two-digits")
class PasswordTwoDigits(Policy):
    def password_ok(self, password: str) -> bool:
        return password_is_valid(password, min_digits=2)


@variant("password-page-only")
class PasswordPageOnly(Policy):
    def password_ok(self, password: str) -> bool:
        return True

    def script_checks(self) -> list[str]:
        return [*super().script_checks(), "password"]


@variant("long-password-refused")
class LongPasswordRefused(Policy):
    def password_ok(self, password: str) -> bool:
        return super().password_ok(password) and len(password) <= 12


@variant("password-confirmation-unchecked")
class PasswordConfirmationUnchecked(Policy):
    def password_confirmation_differs(self, confirmation: str, password: str) -> bool:
        return False


# FORM-06, ELIG-03, PWD-01, MAIL-03: what a refused step shows and leaves behind.


@variant("first-error-only")
class FirstErrorOnly(Policy):
    def step2_errors_shown(self, errors: dict[str, str]) -> dict[str, str]:
        return dict(list(super().step2_errors_shown(errors).items())[:1])


@variant("typed-values-lost")
class TypedValuesLost(Policy):
    def step2_values_kept(self, values: dict[str, str]) -> dict[str, str]:
        return dict.fromkeys(values, "")


@variant("age-note-only")
class AgeNoteOnly(Policy):
    age_note = True  # the age sentence stands on step 2 as a note instead

    def step2_errors_shown(self, errors: dict[str, str]) -> dict[str, str]:
        shown = super().step2_errors_shown(errors)
        if shown.get("nir") == messages.AGE_CONDITION:
            return {field: message for field, message in shown.items() if field != "nir"}
        return shown


@variant("password-rule-hint-only")
class PasswordRuleHintOnly(Policy):
    def step3_refusal_shown(
        self, errors: dict[str, str], values: dict[str, str]
    ) -> tuple[dict[str, str], dict[str, str]]:
        if "mot_de_passe" in errors:
            return {}, {}  # step 3 again, with only the standing rule
        return super().step3_refusal_shown(errors, values)


@variant("password-refused-account-created")
class PasswordRefusedAccountCreated(Policy):
    def creates_account_despite(self, errors: dict[str, str]) -> bool:
        return "mot_de_passe" in errors


@variant("double-submit-two-emails")
class DoubleSubmitTwoEmails(Policy):
    def confirms_a_repeated_submit(self) -> bool:
        return True
