"""Defective pages, sign-in and account space (NAV, CGU-01, PWD-03/04, LOG, SYN, FORM-06)."""

from __future__ import annotations

from catalogue import messages
from mock_portal.defects.switches import variant
from mock_portal.policy import DIF_CAP, Policy

# The deliberately revealing message of `login-reveals-unknown-nir` (LOG-02 forbids it).
UNKNOWN_NIR_MESSAGE = "Aucun compte n'est ouvert avec ce numéro de sécurité sociale."
# The extra hint of `login-messages-differ`, shown to an unknown NIR only.
UNKNOWN_NIR_HINT = "Vérifiez les 15 caractères de votre numéro de sécurité sociale."
DIF_MAX_DIGITS = 9  # as the DIF form reads a balance


# What the pages show.


@variant("home-no-account-button")
class HomeNoAccountButton(Policy):
    account_button = False


@variant("progress-no-current")
class ProgressNoCurrent(Policy):
    marks_current_step = False


@variant("cgu-link-missing")
class CguLinkMissing(Policy):
    cgu_link = False  # the site footer keeps its own


@variant("errors-not-tied")
class ErrorsNotTied(Policy):
    errors_tied = False  # listed at the top, none beside its field


@variant("show-password-broken")
class ShowPasswordBroken(Policy):
    show_password_works = False


@variant("login-show-password-broken")
class LoginShowPasswordBroken(Policy):
    login_show_password_works = False


@variant("welcome-banner-missing")
class WelcomeBannerMissing(Policy):
    welcome_banner = False


@variant("name-not-capitals")
class NameNotCapitals(Policy):
    holder_in_capitals = False


@variant("space-links-hidden")
class SpaceLinksHidden(Policy):
    space_links_hidden = True


@variant("strength-indicator-wrong")
class StrengthIndicatorWrong(Policy):
    def strength_words(self) -> dict[str, str]:
        return {**super().strength_words(), "strong": messages.STRENGTH_MEDIUM}


@variant("strength-very-strong-refused")
class StrengthVeryStrongRefused(Policy):
    def strength_words(self) -> dict[str, str]:
        return {**super().strength_words(), "weak": "Très fort", "medium": "Très fort"}


# Sign-in.


@variant("login-spaces-refused")
class LoginSpacesRefused(Policy):
    def reads_typed_nir(self, typed: str) -> bool:
        return " " not in typed


@variant("login-reveals-unknown-nir")
class LoginRevealsUnknownNir(Policy):
    def login_refusal(self, *, nir_known: bool) -> tuple[str, str | None]:
        return (
            (UNKNOWN_NIR_MESSAGE, None) if not nir_known else super().login_refusal(nir_known=True)
        )


@variant("login-messages-differ")
class LoginMessagesDiffer(Policy):
    def login_refusal(self, *, nir_known: bool) -> tuple[str, str | None]:
        refusal, hint = super().login_refusal(nir_known=nir_known)
        return refusal, hint if nir_known else UNKNOWN_NIR_HINT


# The DIF balance.


@variant("dif-above-cap")
class DifAboveCap(Policy):
    def dif_accepted(self, hours: int) -> bool:
        return True


@variant("dif-figures-stale")
class DifFiguresStale(Policy):
    def store_dif(self, account_id: int, hours: int) -> None:
        pass  # confirmed, never stored


@variant("dif-refused-changes-figures")
class DifRefusedChangesFigures(Policy):
    def dif_refused(self, account_id: int, typed: str) -> None:
        # Read as digits, clamped to 0-120, and stored although refused.
        digits = "".join(c for c in typed if c.isascii() and c.isdigit())[:DIF_MAX_DIGITS]
        self.store_dif(account_id, min(DIF_CAP, int(digits or 0)))
