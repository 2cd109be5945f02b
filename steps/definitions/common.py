"""Steps shared by several areas of features/ (each is used by two areas or more).

A step used by one area only lives in that area's module; tests/harness/test_step_layout.py
keeps it so.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from playwright.sync_api import Locator, expect
from pytest_bdd import given, parsers, then, when

from catalogue import texts as t
from catalogue.edges import edges
from steps.harness.settings import Settings
from steps.support.checks import current_step, field_label, refused, step_is
from steps.support.edges import STEP_OF, edge_accepted, edge_values
from steps.support.people import (
    WRONG_CAPTCHA_ANSWER,
    identity_values,
    new_person,
    password_values,
)
from steps.support.without_page import StepRequests, captcha_answer, moved_on, still_on
from walkthrough.journey import Journey
from walkthrough.mail import ConfirmationEmail, MailReader, MailTimeout
from walkthrough.pages.registration import IDENTITY_FIELDS, field_value
from walkthrough.people import Person
from walkthrough.replay import replay_step
from walkthrough.targets import Target
from walkthrough.verdict import fail, page_state, pick_rule, verify

# Soit


@given(parsers.parse("une personne de {age:d} ans"), target_fixture="person")
def person_of_age(target: Target, age: int) -> Person:
    return new_person(target, age=age)


@given(
    parsers.parse("une personne arrivée à l'étape {step:d} de l'inscription"),
    target_fixture="person",
)
def person_at_step(journey: Journey, target: Target, step: int, registration_start: str) -> Person:
    person = new_person(target)
    journey.reach_step(step, person, start_url=registration_start)
    return person


@given(parsers.parse("elle est arrivée à l'étape {step:d} de l'inscription"))
def she_reached_step(journey: Journey, person: Person, step: int, registration_start: str) -> None:
    journey.reach_step(step, person, start_url=registration_start)


@given("un titulaire qui vient de s'inscrire", target_fixture="person")
def fresh_holder(
    journey: Journey, target: Target, password: str, registration_start: str
) -> Person:
    person = new_person(target)
    journey.register(person, password, start_url=registration_start)
    return person


# Quand


@when("elle choisit l'accès à son compte formation")
def choose_account_access(journey: Journey) -> None:
    journey.home.go_to_login()


@when("elle accepte les conditions générales et continue")
def accept_cgu(journey: Journey) -> None:
    journey.cgu.accept_cgu()
    journey.record(journey.cgu.go_on())


@when("elle remplit le formulaire d'identité et continue")
def submit_identity(journey: Journey, person: Person, apprenticeship: bool) -> None:
    journey.submit_identity(person, apprenticeship=apprenticeship)


# No quote in the password: "…", le confirme par "…" et valide is mot_de_passe.py's step.
@when(
    parsers.re(r'elle choisit le mot de passe "(?P<password>[^"]+)" et valide'),
    target_fixture="password",
)
def choose_password(journey: Journey, password: str) -> str:
    journey.password.choose_password(password)
    journey.record(journey.password.validate())
    return password


@when(parsers.re(r"(?:il|elle) demande à afficher le mot de passe"))
def toggle_show_password(journey: Journey, password_field: str) -> None:
    # The login page's control may differ from step 3's (a profile scopes it per screen).
    screen = journey.login if password_field == "login_password" else journey.password
    screen.toggle_show_password()


@when(parsers.re(r"(?:il|elle) suit le lien du courriel"))
def follow_mail_link(journey: Journey, confirmation_email: ConfirmationEmail) -> None:
    href = confirmation_email.link(t.MAIL_LINK_TEXT)
    if not href:
        raise fail("MAIL-02", f"the email has no link on “{t.MAIL_LINK_TEXT}”", "one")
    if not href.lower().startswith(("http://", "https://")):
        href = "http://" + href
    link, own = urlsplit(href), urlsplit(journey.target.base_url)
    # The same deployment: same scheme, host and port as the one under test.
    if (link.scheme, link.hostname, link.port or _port(link.scheme)) != (
        own.scheme,
        own.hostname,
        own.port or _port(own.scheme),
    ):
        raise fail(
            "MAIL-02",
            f"“{t.MAIL_LINK_TEXT}” leads to {link.scheme}://{link.netloc}",
            f"the deployment under test, {own.scheme}://{own.netloc}",
        )
    journey.page.goto(href)


def _port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


# Alors: the registration's steps


@then(parsers.parse("son inscription est {issue}"))
def registration_outcome(
    journey: Journey, person: Person, scenario_tags: set[str], issue: str
) -> None:
    age = person_age(person)
    if issue == "acceptée":
        rule = pick_rule(
            scenario_tags,
            "ELIG-02" if age == 15 else "ELIG-01",
            "ELIG-04",
            "FORM-02",
            "FORM-03",
            "FORM-05",
            "CAP-02",
        )
        step_is(journey, 3, rule, f"step 3 for {person.nir.full} (aged {age}): step 2 accepted")
    else:
        rule = pick_rule(scenario_tags, "ELIG-03", "ELIG-04")
        # A standing note with the seed's sentence is no refusal: the message must appear.
        refused(
            journey,
            rule,
            screen=journey.identity,
            message="age_condition",
            what=f"NIR {person.nir.full} (aged {age})",
            step=2,
            any_field=True,
        )


def person_age(person: Person) -> int:
    """Return the age the person's NIR shows today (ELIG-04)."""
    today = date.today()
    month = person.birth_month if 1 <= person.birth_month <= 12 else 1
    return today.year - person.birth_year - (1 if today.month < month else 0)


@then(parsers.parse("l'étape {step:d} y est annoncée comme l'étape en cours"))
def step_announced(journey: Journey, scenario_tags: set[str], step: int) -> None:
    rule = pick_rule(scenario_tags, "NAV-03", "NAV-04", "CGU-02", "CGU-03")
    step_is(journey, step, rule, "")


@then("ce qu'elle a tapé est conservé, sauf le contrôle de sécurité")
def typed_values_kept(journey: Journey, typed: Person) -> None:
    for name, attribute in IDENTITY_FIELDS:
        if name == "email_confirm":
            continue
        value = field_value(typed, attribute)
        locator = journey.identity.el(name)

        def kept(locator: Locator = locator, value: str = value) -> None:
            expect(locator).to_have_value(value)

        verify(
            "FORM-06",
            kept,
            seen=lambda locator=locator, name=name: (
                f'{field_label(journey, name)} holds "{locator.input_value()}"'
            ),
            expected=f'it to keep "{value}" after the refusal',
        )
    captcha = journey.identity.el("captcha_input")
    verify(
        "FORM-06",
        lambda: expect(captcha).to_have_value(""),
        seen=lambda: f'the security check still holds "{captcha.input_value()}"',
        expected="the security check to be emptied",
    )


@then(parsers.re(r"le mot de passe est (?P<issue>accepté|refusé)$"))
def password_outcome(journey: Journey, password: str, scenario_tags: set[str], issue: str) -> None:
    rule = pick_rule(scenario_tags, "PWD-01", "PWD-05", "MAIL-03")
    if issue == "accepté":
        verify(
            rule,
            lambda: expect(journey.account.el("welcome_banner")).to_be_visible(),
            seen=lambda: f'"{password}" was refused; {page_state(journey.page)}',
            expected="it to be accepted and the account space shown",
        )
    else:
        # The rule's sentence may stand on step 3 as an instruction: only a new error counts.
        refused(
            journey,
            rule,
            screen=journey.password,
            message="password_rule",
            what=f'"{password}"',
            step=3,
            fields=["password"],
        )


@then(parsers.re(r"le mot de passe est (?P<state>lisible en clair|masqué)"))
def password_visibility(
    journey: Journey, password_field: str, scenario_tags: set[str], state: str
) -> None:
    rule = pick_rule(scenario_tags, "PWD-03", "LOG-03")
    screen = journey.login if password_field == "login_password" else journey.password
    field = screen.el(password_field)
    wanted = "text" if state == "lisible en clair" else "password"
    verify(
        rule,
        lambda: expect(field).to_have_attribute("type", wanted),
        seen=lambda: f'the password field is of type "{field.get_attribute("type")}"',
        expected=f'it {"shown in clear" if wanted == "text" else "hidden"} (type "{wanted}")',
    )


# Alors: the account, the email, signing in


@then(parsers.re(r"(?:elle|il) arrive dans son compte personnel de formation"))
def in_account_space(journey: Journey, scenario_tags: set[str]) -> None:
    rule = pick_rule(scenario_tags, "PWD-05", "SYN-01", "ELIG-01")
    verify(
        rule,
        lambda: expect(journey.account.el("welcome_banner")).to_be_visible(),
        seen=lambda: page_state(journey.page),
        expected=f'the banner "{journey.target.locators.text_of("welcome_banner")}"',
    )


@then("aucun courriel ne lui est envoyé")
def no_mail(
    mail_reader: MailReader, person: Person, scenario_tags: set[str], settings: Settings
) -> None:
    rule = pick_rule(scenario_tags, "MAIL-03", "ELIG-03")
    try:
        # Proving an absence needs a bounded wait (--mail-quiet): the outbox may deliver later.
        got = mail_reader.wait_for(person.email, timeout=settings.mail_quiet_s)
    except MailTimeout:
        return
    raise fail(rule, f'an email "{got.subject}" was sent to {person.email}', "no email")


@then(
    parsers.re(r"(?:il|elle) reçoit un seul courriel à l'adresse donnée"),
    target_fixture="confirmation_email",
)
def one_email(
    mail_reader: MailReader, person: Person, scenario_tags: set[str], settings: Settings
) -> ConfirmationEmail:
    rule = pick_rule(scenario_tags, "MAIL-01", "MAIL-03")
    try:
        first = mail_reader.wait_for(person.email)
    except MailTimeout as exc:
        raise fail(rule, str(exc), f"one email at {person.email}") from None
    # A second copy may leave the outbox just after the first: give it a quiet period
    # (--mail-quiet, 3 s by default).
    count = len(mail_reader.wait_for_count(person.email, count=2, timeout=settings.mail_quiet_s))
    if count != 1:
        raise fail("MAIL-03", f"{count} emails were sent to {person.email}", "exactly one")
    return first


@then("la page de connexion à l'espace sécurisé s'affiche")
def login_page_shown(journey: Journey, scenario_tags: set[str]) -> None:
    rule = pick_rule(scenario_tags, "NAV-01", "MAIL-02")
    verify(
        rule,
        lambda: expect(journey.login.el("login_title")).to_be_visible(),
        seen=lambda: page_state(journey.page) + f" at {journey.page.url}",
        expected=f'the login page "{t.LOGIN_TITLE}"',
    )


@then(parsers.re(r"(?:il|elle) arrive dans son espace personnel"))
def signed_in(journey: Journey, person: Person) -> None:
    name = journey.account.holder_name(person.display_name)
    verify(
        "LOG-01",
        lambda: expect(name).to_be_visible(),
        seen=lambda: f"sign-in with {person.nir.full} led to {page_state(journey.page)}",
        expected=f'the account space of "{person.display_name}"',
    )


# Alors: the server, judged without the page (steps/support/without_page.py)

ACCEPTED = "refusé par la page, accepté par le serveur"
# The rules whose refusals are sent again, first the one a failure names when several are tagged.
RULES = (
    "FORM-02",
    "FORM-03",
    "FORM-04",
    "FORM-05",
    "ELIG-03",
    "ELIG-04",
    "PWD-01",
    "PWD-02",
    "CAP-02",
    "CAP-03",
    "CAP-04",
)
# The fields a rule is about: a failure quotes what was sent in them.
RULE_FIELDS = {
    "FORM-02": ("nir", "cle"),
    "FORM-03": ("birth_name",),
    "FORM-04": ("email", "email_confirm"),
    "FORM-05": ("landline", "mobile"),
    "ELIG-03": ("nir", "cle"),
    "ELIG-04": ("nir", "cle"),
    "PWD-01": ("password",),
    "PWD-02": ("password", "password_confirm"),
    "CAP-02": ("captcha",),
    "CAP-03": ("captcha",),
    "CAP-04": ("captcha",),
}


@then(parsers.re(r"le serveur (?P<how>la refuse aussi|en décide de même) sans la page"))
def server_decides_too(
    journey: Journey,
    scenario_tags: set[str],
    step_requests: StepRequests,
    typed: Person,
    email_confirmation: str | None,
    noted_answer: str | None,
    password: str,
    password_confirmation: str | None,
    how: str,
) -> None:
    """Send the step the page just refused again by request; the server must refuse it too."""
    rule = pick_rule(scenario_tags, *RULES)
    step = 3 if rule in ("PWD-01", "PWD-02") else 2
    if current_step(journey) != step:
        if how == "la refuse aussi":
            raise fail(rule, f"step {step} was not refused by the page", "a refusal")
        return  # the page's own request went through: the server decided it already
    template = step_requests.of(step)
    if step == 2:
        captcha = None
        if rule in ("CAP-02", "CAP-03", "CAP-04"):
            captcha = noted_answer if noted_answer is not None else WRONG_CAPTCHA_ANSWER
        values = identity_values(typed, captcha=captcha_answer(journey, wrong=captcha))
        if email_confirmation is not None:
            values["email_confirm"] = email_confirmation
    else:
        values = password_values(password, password_confirmation)
    what = _what(journey, rule, values)
    reply = replay_step(journey.page.context, template, values, page=journey.page)
    if moved_on(reply, template):
        raise _accepted(rule, step, what, f"led to {reply.url}")
    # The address that follows this step, opened in the same session, still asks for it.
    if not still_on(journey, template, open_url=template.next_url if step == 2 else None):
        raise _accepted(rule, step, what, f"moved the session past step {step}")
    if step == 2:
        finish = replay_step(
            journey.page.context,
            step_requests.of(3),
            password_values(t.EXAMPLE_PASSWORD),
            page=journey.page,
        )
        if moved_on(finish, step_requests.of(3)):
            raise _accepted(rule, step, what, "let step 3 create the account")


def _what(journey: Journey, rule: str, values: dict[str, str]) -> str:
    """Describe the values under test, by the labels a person reads."""
    shown = []
    for name in RULE_FIELDS.get(rule, ()):
        label = journey.target.locators.text_of(name if name != "captcha" else "captcha_input")
        shown.append(f"“{label}” = “{values.get(name, '')}”")
    return ", ".join(shown) or "the refused values"


def _accepted(rule: str, step: int, what: str, how: str) -> AssertionError:
    return fail(
        rule,
        f"{ACCEPTED}: step {step} sent again without the page with {what} {how}",
        "the server to refuse it as the page does",
    )


@then(parsers.parse("le serveur refuse chaque exemple hors des bornes de {rule}"))
def server_refuses_each_edge(
    journey: Journey, person: Person, step_requests: StepRequests, rule: str
) -> None:
    """Send every refused example of `rule` by request; each must leave the step where it was."""
    template = step_requests.of(STEP_OF.get(rule, 2))
    refused_edges = [e for e in edges(rule) if not e.valid and not e.undecidable]
    open_url = template.next_url if template.step == 2 else None
    for edge in refused_edges:
        reply = replay_step(
            journey.page.context,
            template,
            edge_values(journey, person, edge),
            page=journey.page,
        )
        # Where only the browser can tell (no redirect), the session is read once, at the end.
        if moved_on(reply, template) or (
            template.redirects and not still_on(journey, template, open_url=open_url)
        ):
            raise edge_accepted(rule, template.step, [edge], len(refused_edges))
    if not template.redirects and not still_on(journey, template, open_url=open_url):
        raise edge_accepted(rule, template.step, refused_edges, len(refused_edges))
