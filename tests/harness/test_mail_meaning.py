"""MAIL-01 judges what the activation sentence says, in any words, and the quoted ones exactly."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from catalogue import texts as t
from steps.definitions.courriel import email_content
from walkthrough.mail import ConfirmationEmail
from walkthrough.verdict import RuleViolation


def _email(activation: str) -> ConfirmationEmail:
    """Return an HTML-only, quoted-printable email with the seed's sentences around `activation`."""
    body = (
        f"<html><body><p>{t.MAIL_GREETING}</p><p>{t.MAIL_WELCOME}</p><p>{activation}</p>"
        f"<p>{t.MAIL_NO_REPLY}</p><p>{t.MAIL_REGARDS}</p>"
        f"<p>{'<br>'.join(t.MAIL_SIGNATURE)}</p></body></html>"
    )
    message = EmailMessage()
    message["To"] = "marion@exemple.fr"
    message["Subject"] = "Votre compte"
    message.set_content(body, subtype="html", cte="quoted-printable")
    return ConfirmationEmail.from_bytes(bytes(message))


LINK = f'<a href="http://127.0.0.1/espace">{t.MAIL_LINK_TEXT}</a>'


@pytest.mark.parametrize(
    "activation",
    [
        f"Votre compte est activé : vous pouvez dès à présent vous en servir en vous connectant "
        f"{LINK} avec votre numéro de sécurité sociale et votre mot de passe.",
        f"{t.MAIL_ACTIVATED[0]} {LINK} {t.MAIL_ACTIVATED[1]}",
    ],
)
def test_the_activation_sentence_may_say_it_in_other_words(activation: str) -> None:
    email_content(_email(activation))


def test_an_email_that_never_says_the_account_can_be_used_fails_quoting_it() -> None:
    email = _email(
        f"Votre compte est activé. Connexion {LINK} avec votre numéro de sécurité sociale et "
        "votre mot de passe."
    )
    with pytest.raises(RuleViolation, match=r"does not say that it can be used: it says “Bonjour"):
        email_content(email)


def test_a_quoted_sentence_is_still_required_word_for_word() -> None:
    email = _email(f"Compte activé, utilisable {LINK}, numéro de sécurité sociale, mot de passe.")
    email = ConfirmationEmail.from_bytes(email.raw.replace(b"Cordialement.", b"Bien cordialement"))
    with pytest.raises(RuleViolation, match="Cordialement"):
        email_content(email)
