"""The confirmation email: plain text only, sent with smtplib (MAIL-01..03)."""

from __future__ import annotations

import smtplib
from collections.abc import Collection
from email.message import EmailMessage

SENDER = "Mon compte formation <ne-pas-repondre@moncompteformation.invalid>"
SUBJECT = "Votre compte personnel de formation est activé"


def confirmation(
    *, to: str, login_url: str, password: str, defects: Collection[str] = ()
) -> EmailMessage:
    """Write the email; the login address is written out beside "à cette adresse"."""
    activation = (
        "Votre compte personnel sécurisé est activé, vous pouvez l'utiliser dès maintenant en "
        f"vous connectant à cette adresse : {login_url} avec votre numéro de sécurité sociale "
        "et le mot de passe que vous avez renseigné.\n\n"
    )
    if "email-activation-missing" in defects:
        activation = f"Pour vous connecter : {login_url}\n\n"
    body = (
        "Bonjour,\n\n"
        "Bienvenue dans votre compte personnel de formation.\n\n"
        f"{activation}"
        "Merci de ne pas répondre directement à ce courriel qui est un accusé de réception "
        "automatique.\n\n"
        "Cordialement.\n\n"
        "Votre correspondant CPF\n"
        "Caisse des Dépôts\n"
    )
    if {"email-contains-password", "email-password-base64"} & set(defects):
        body += f"\nRappel de votre mot de passe : {password}\n"
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = to
    message["Subject"] = SUBJECT
    cte = "base64" if "email-password-base64" in defects else "quoted-printable"
    message.set_content(body, subtype="plain", charset="utf-8", cte=cte)
    return message


def send(message: EmailMessage, *, smtp: tuple[str, int], copies: int = 1) -> None:
    """Hand the email to the SMTP server `copies` times (one, unless a defect says two)."""
    with smtplib.SMTP(*smtp, timeout=10) as server:
        for _ in range(copies):
            server.send_message(message)
