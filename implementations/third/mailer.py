"""The confirmation email: one HTML part, quoted-printable, sent with smtplib (MAIL-01..03)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from html import escape

SENDER = "Mon compte formation <ne-pas-repondre@moncompteformation.invalid>"
SUBJECT = "Bienvenue : votre compte personnel de formation est prêt"


def confirmation(
    *, to: str, login_url: str, usable: bool = True, password: str = ""
) -> EmailMessage:
    """Write the email; the link behind "à cette adresse" opens the login page."""
    link = f'<a href="{escape(login_url)}">à cette adresse</a>'
    activation = (
        "Votre compte est activé : vous pouvez dès à présent vous en servir en vous connectant "
        f"{link} avec votre numéro de sécurité sociale et le mot de passe que vous avez choisi."
    )
    if not usable:
        activation = f"Votre espace se trouve {link}."
    paragraphs = [
        "Bonjour,",
        "Bienvenue dans votre compte personnel de formation.",
        activation,
        "Merci de ne pas répondre directement à ce courriel qui est un accusé de réception "
        "automatique.",
        "Cordialement.",
        "Votre correspondant CPF<br>Caisse des Dépôts",
    ]
    if password:
        paragraphs.insert(3, f"Pour mémoire, votre mot de passe : {escape(password)}")
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    html = f'<!doctype html>\n<html lang="fr"><body>\n{body}</body></html>\n'
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = SENDER, to, SUBJECT
    message.set_content(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message


def send(message: EmailMessage, *, smtp: tuple[str, int]) -> None:
    """Hand the email to the SMTP server."""
    with smtplib.SMTP(*smtp, timeout=10) as server:
        server.send_message(message)
