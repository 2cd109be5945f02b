"""Render the report page from the view with Jinja2 (autoescaped, deterministic)."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from livingspec.wcag import criterion_label

STATUS = {
    "passed": "Réussi",
    "failed": "Échoué",
    "skipped": "Non testé",
    "notrun": "Non exécuté",
    "template": "Modèle",
}
ICON = {"passed": "✓", "failed": "✗", "skipped": "–", "notrun": "○", "template": "·"}
RULE_STATUS = {
    "met": "Respectée",
    "unmet": "Non respectée",
    "untested": "Non testée",
    "uncovered": "Non couverte",
}
# The status filter speaks of scenarios; a rule's status maps onto the same four boxes.
RULE_FILTER = {"met": "passed", "unmet": "failed", "untested": "skipped", "uncovered": "notrun"}
FILTER_STATUSES = (
    ("passed", "Réussi", "scénarios réussis, règles respectées"),
    ("failed", "Échoué", "scénarios échoués, règles non respectées"),
    ("skipped", "Non testé", "scénarios et règles non testés"),
    ("notrun", "Non exécuté", "scénarios non exécutés, règles non couvertes"),
)
# How the run drove the captcha and read the mail (the profile's words), as a reader says it
CAPTCHA_MODE = {
    "oracle": "oracle du portail de test",
    "fixed": "réponse fixe",
    "manual": "saisi à la main",
}
MAIL_MODE = {"smtp": "serveur SMTP de la suite", "imap": "boîte IMAP", "none": "aucun"}
# The statuses an expectations file speaks of, as the report says them
EXPECTED = {"fail": "échec", "pass": "réussite", "not tested": "non testée"}
IMPACT = {"critical": "Critique", "serious": "Grave", "moderate": "Modéré", "minor": "Mineur"}
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_CODE = re.compile(r"`([^`]+)`")
_BEFORE_HIGH = re.compile(r" (?=[»:;?!])")


def fr_date(value: str) -> str:
    """Format an ISO timestamp as a French date, e.g. "26 novembre 2026 à 14:02 UTC"."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    text = f"{moment.day} {MONTHS[moment.month - 1]} {moment.year} à {moment:%H:%M}"
    offset = moment.utcoffset()
    if offset is not None:
        text += " UTC" if not offset else f" (UTC{moment:%z})"
    return text


def ticket_label(url: str) -> str:
    """Return a ticket's short name from its URL, e.g. "PORTAIL-412"."""
    return url.rstrip("/").rsplit("/", 1)[-1] or url


def seconds(value: float | None) -> str:
    """Format a duration in French: "0,4 s", "12 s", "3 min 05 s"."""
    if value is None:
        return ""
    if value < 10:
        return f"{value:.1f} s".replace(".", ",")
    total = round(value)
    if total < 60:
        return f"{total} s"
    return f"{total // 60} min {total % 60:02d} s"


def paragraphs(text: str) -> Markup:
    """Return a description as HTML paragraphs: blank lines part them, line breaks do not."""
    parts = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(p) for p in parts)


def placeholders(text: str) -> Markup:
    """Return an outline's text with its <placeholders> marked, the rest escaped."""
    parts = re.split(r"(<[^<>]+>)", text)
    return Markup("").join(
        Markup('<span class="ph">{}</span>').format(p) if i % 2 else Markup.escape(p)
        for i, p in enumerate(parts)
    )


def rule_text(text: str) -> Markup:
    """Return a rule's French text, escaped, its `code` spans marked, French spacing kept."""
    parts = _CODE.split(text)
    return Markup("").join(
        Markup("<code>{}</code>").format(p) if i % 2 else Markup.escape(_french_spacing(p))
        for i, p in enumerate(parts)
    )


def _french_spacing(text: str) -> str:
    """Tie guillemets and high punctuation to their words, so no line starts with « ; » or :."""
    return _BEFORE_HIGH.sub("\u00a0", text).replace("« ", "«\u00a0")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("livingspec", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
        undefined=StrictUndefined,  # a missing value is a bug, not an empty cell
    )
    env.filters.update(
        fr_date=fr_date,
        seconds=seconds,
        rule_text=rule_text,
        paragraphs=paragraphs,
        placeholders=placeholders,
        wcag_label=criterion_label,
        status_label=lambda s: STATUS.get(s, s),
        ticket_label=ticket_label,
        expected_label=lambda s: EXPECTED.get(s, s),
    )
    env.globals.update(
        STATUS=STATUS,
        ICON=ICON,
        RULE_STATUS=RULE_STATUS,
        RULE_FILTER=RULE_FILTER,
        FILTER_STATUSES=FILTER_STATUSES,
        IMPACT=IMPACT,
        CAPTCHA_MODE=CAPTCHA_MODE,
        MAIL_MODE=MAIL_MODE,
        block_keyword="Exemples",
    )
    return env


def _asset(name: str) -> Markup:
    text = resources.files("livingspec").joinpath("templates", name).read_text(encoding="utf-8")
    return Markup(text)  # our own file, inlined so the page opens from file:// alone


def render_page(context: dict[str, Any]) -> str:
    """Return the report page as HTML."""
    template = _environment().get_template("report.html.j2")
    return template.render(css=_asset("report.css"), js=_asset("report.js"), **context)


def render_template(name: str, **context: Any) -> str:
    """Return another page of the report folder (the statement) rendered from its template."""
    return _environment().get_template(name).render(**context)
