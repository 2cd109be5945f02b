"""Show the confirmation email as a mail client does: sender, subject, date and recipient first."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from datetime import datetime
from email.utils import parsedate_to_datetime
from html import escape

from playwright.sync_api import Locator, Page

from catalogue import texts
from walkthrough.mail import ConfirmationEmail, MailReader
from walkthrough.people import Person

MAIL_TIMEOUT_S = 30.0
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")  # fmt: skip

CLIENT_CSS = """
body { margin: 0; font-family: "DejaVu Sans", Arial, sans-serif; background: #eef1f6;
       color: #1b1b2f; }
.bar { background: #2b3a55; color: #fff; padding: .7rem 1.5rem; font-size: 1.05rem; }
.message { background: #fff; margin: 1rem auto; max-width: 980px; border: 1px solid #c9d0dc;
           border-radius: 6px; }
.headers { padding: 1rem 1.5rem; border-bottom: 1px solid #dde2ea; }
.headers h1 { font-size: 1.35rem; margin: 0 0 .6rem; }
.headers dl { display: grid; grid-template-columns: 6rem 1fr; gap: .25rem .5rem; margin: 0; }
.headers dt { color: #5a6478; } .headers dd { margin: 0; }
.body { padding: 1rem 1.5rem; }
"""


class MailFailed(RuntimeError):
    """The confirmation email did not arrive; the message names the rule."""


def french_date(when: datetime) -> str:
    """Return a date as a French mail client shows it: "vendredi 27 novembre 2026, 18:05"."""
    return f"{DAYS[when.weekday()]} {when.day} {MONTHS[when.month - 1]} {when.year}, {when:%H:%M}"


def client_page(mail: ConfirmationEmail) -> str:
    """Return the HTML of a mail client's reading pane showing `mail`."""
    msg = email.message_from_bytes(mail.raw, policy=email.policy.default) if mail.raw else None
    sender = str(msg.get("From", "")) if msg else ""
    try:
        when = french_date(parsedate_to_datetime(str(msg.get("Date")))) if msg else ""
    except (TypeError, ValueError):
        when = ""
    body = mail.html or f"<pre>{escape(mail.text)}</pre>"
    rows = [("De", sender), ("À", mail.to), ("Date", when)]
    items = "".join(
        f'<dt>{name}</dt><dd class="{"date" if name == "Date" else ""}">{escape(value)}</dd>'
        for name, value in rows
    )
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{escape(mail.subject)}</title><style>{CLIENT_CSS}</style></head><body>"
        '<div class="bar">Messagerie — Boîte de réception</div>'
        '<article class="message"><header class="headers">'
        f"<h1>{escape(mail.subject)}</h1><dl>{items}</dl></header>"
        f'<div class="body">{body}</div></article></body></html>'
    )


class MailScreen:
    """Show the confirmation email in the browser, as a mail client shows it."""

    def __init__(self, *, page: Page, mail: MailReader | None) -> None:
        self.page, self.mail = page, mail

    def open_confirmation(self, person: Person) -> Locator:
        """Wait for the email sent to the person and show it in a reading pane; return its body."""
        if self.mail is None:
            raise MailFailed("MAIL-01: this target has no mailbox to read (mail: none)")
        try:
            mail = self.mail.wait_for(person.email, timeout=MAIL_TIMEOUT_S)
        except TimeoutError as exc:
            raise MailFailed(f"MAIL-01: {exc}") from exc
        # A blank page first: the portal's Content-Security-Policy would block the client's style.
        self.page.goto("about:blank")
        self.page.set_content(client_page(mail))
        return self.page.locator(".body")


# Locators the tutorial points at that are not the suite's (the mail is not a portal screen).
MAIL_LOCATORS: dict[str, Callable[[Page], Locator]] = {
    "mail_welcome": lambda page: page.get_by_text(texts.MAIL_WELCOME, exact=False),
    "mail_date": lambda page: page.locator(".headers dd.date"),
}
