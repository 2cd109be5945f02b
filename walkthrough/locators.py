"""The locator registry: every element and message the suite looks for, by name, in one place.

Each entry is built from the catalogue's visible texts (roles, labels, texts). A target profile
may override any entry by name (`[locators]` in the TOML profile) for a deployment whose markup
or wording differs, without editing a step.

Over 300 lines on purpose: `DEFAULTS`, the one list of every name a profile may override, is
about 90 lines of data, and it belongs beside the spec and override rules that read it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from playwright.sync_api import Locator, Page

from catalogue import messages as m
from catalogue import texts as t
from walkthrough.screens import ScreenName

Kind = Literal["role", "label", "text", "control", "css"]

# The screens a locator may be scoped to (`[locators.step_3]` in a profile), as profile keys.
SCREENS = tuple(screen.value for screen in ScreenName)
_JS_SPECIAL = re.compile(r"[.*+?^${}()|[\]\\/-]")


@dataclass(frozen=True, slots=True)
class Message:
    """A text the suite expects: one literal, alternatives, or a regular expression.

    Patterns are written in the syntax Python and JavaScript share, since the browser also
    matches them (an error that appears); spaces in a literal match any run of white space.
    """

    patterns: tuple[str, ...]
    shown: str
    ignore_case: bool = False

    @classmethod
    def literal(cls, *texts: str, ignore_case: bool = False) -> Message:
        """Return a message that is any of `texts`, word for word (spaces normalised)."""
        return cls(
            tuple(_literal_pattern(t) for t in texts),
            " or ".join(f"“{t}”" for t in texts),
            ignore_case,
        )

    @classmethod
    def regex(cls, pattern: str, *, ignore_case: bool = False) -> Message:
        """Return a message matching a regular expression."""
        re.compile(pattern)
        return cls((pattern,), f"text matching /{pattern}/", ignore_case)

    def compiled(self) -> re.Pattern[str]:
        """Return one Python pattern matching any alternative."""
        flags = re.IGNORECASE if self.ignore_case else 0
        return re.compile("|".join(f"(?:{p})" for p in self.patterns), flags)

    def matches(self, text: str) -> bool:
        """Tell whether `text` (as rendered) says this message."""
        return bool(self.compiled().search(" ".join(text.split())))

    def js(self) -> dict[str, object]:
        """Return the patterns for the browser's RegExp."""
        return {"sources": list(self.patterns), "flags": "i" if self.ignore_case else ""}


@dataclass(frozen=True, slots=True)
class Meaning:
    """What a message must convey in any words: each pattern must match (ELIG-03, FORM-07)."""

    what: str
    patterns: tuple[str, ...]

    def said_by(self, text: str) -> bool:
        """Tell whether `text` conveys every part of this meaning."""
        folded = " ".join(text.split())
        return all(re.search(p, folded, re.IGNORECASE) for p in self.patterns)


@dataclass(frozen=True, slots=True)
class Expected:
    """What a refusal must show: words pinned, an element located, or any words; and a meaning.

    With neither `message` nor `element`, any new error counts, whatever its words.
    """

    message: Message | None = None
    element: LocatorSpec | None = None
    meaning: Meaning | None = None

    def describe(self) -> str:
        """Return what is expected, as a failure message names it."""
        if self.message is not None:
            said = self.message.shown
        elif self.element is not None:
            said = f"shown by {self.element.describe()}"
        else:
            said = "in any words"
        return said + (f" stating {self.meaning.what}" if self.meaning else "")


def _literal_pattern(text: str) -> str:
    words = " ".join(text.split()).split(" ")
    return r"\s+".join(_JS_SPECIAL.sub(lambda m: "\\" + m.group(0), w) for w in words)


@dataclass(frozen=True, slots=True)
class LocatorSpec:
    """How to find one thing on a screen: by role and name, label, text, or (profiles only) CSS.

    A text spec may carry a `message` (alternatives or a pattern) instead of one literal.
    """

    kind: Kind
    value: str
    role: str | None = None
    exact: bool = True
    message: Message | None = None
    # A message the catalogue does not quote: by default any words count, saying `meaning`.
    free: bool = False
    meaning: Meaning | None = None

    def resolve(self, scope: Page | Locator) -> Locator:
        """Return the Playwright locator for this spec inside `scope`."""
        name: str | re.Pattern[str] = self.value if self.exact else _loose(self.value)
        match self.kind:
            # The ignores: a profile's role is any ARIA role name, a str; Playwright's stubs list
            # the names as a Literal, and Playwright itself refuses an unknown one at run time.
            case "role" if not self.value:
                return scope.get_by_role(self.role)  # type: ignore[arg-type]
            case "role":
                return scope.get_by_role(self.role or "button", name=name, exact=self.exact)  # type: ignore[arg-type]
            case "label" if self.message is not None:
                return scope.get_by_label(self.message.compiled())
            case "label" if self.exact:
                return scope.get_by_label(_label_start(self.value))
            case "label":
                return scope.get_by_label(self.value, exact=False)
            case "text" if self.message is not None:
                return scope.get_by_text(self.message.compiled())
            case "text":
                return scope.get_by_text(self.value, exact=self.exact)
            case "control":
                # "A control named X": a link or a button, whichever the deployment chose.
                link = scope.get_by_role("link", name=name, exact=self.exact)
                return link.or_(scope.get_by_role("button", name=name, exact=self.exact))
            case "css":
                return scope.locator(self.value)
        raise ValueError(f"unknown locator kind {self.kind!r}")

    def announces(self, role: str, name: str) -> bool | None:
        """Tell whether a field announced as `role` `name` is this entry's (None: cannot tell).

        The accessibility tree's names read as Playwright's label and role locators read them.
        """
        match self.kind:
            case "label" if self.message is not None:
                return bool(self.message.compiled().search(name))
            case "label" if self.exact:
                return bool(_label_start(self.value).search(name))
            case "label":
                return self.value.casefold() in name.casefold()
            case "role" if self.value:
                exact = name == " ".join(self.value.split())
                loose = self.value.casefold() in name.casefold()
                return role == self.role and (exact if self.exact else loose)
        return None

    def as_message(self) -> Message:
        """Return what this spec's text says, as a message to look for."""
        if self.message is not None:
            return self.message
        return Message.literal(self.value, ignore_case=not self.exact or self.kind == "text")

    def describe(self) -> str:
        """Return how a person would name this element, for failure messages."""
        if self.message is not None:
            return f"{'field labelled' if self.kind == 'label' else 'text'} {self.message.shown}"
        if self.kind == "role" and not self.value:
            return f"an element of role {self.role}"
        return f'{self.role or self.kind} "{self.value}"'


def _label_start(text: str) -> re.Pattern[str]:
    # A label may go on after its words (FORM-06: an error inside the field's label); the next
    # character must end a word, so "Courriel *" never finds "Confirmation courriel *".
    return re.compile(rf"^\s*{_literal_pattern(text)}(?:\s|$)")


def _loose(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(text), re.IGNORECASE)


def role(role_name: str, value: str, *, exact: bool = True) -> LocatorSpec:
    """Return a spec for an element of `role_name` named `value`."""
    return LocatorSpec("role", value, role=role_name, exact=exact)


def label(value: str, *, exact: bool = True) -> LocatorSpec:
    """Return a spec for a form field whose label starts with `value` (an error may follow)."""
    return LocatorSpec("label", value, exact=exact)


def text(value: str, *, exact: bool = False) -> LocatorSpec:
    """Return a spec for a visible text (a message, a banner)."""
    return LocatorSpec("text", value, exact=exact)


def free(value: str, *, meaning: Meaning | None = None) -> LocatorSpec:
    """Return a spec for a message the catalogue does not quote: any words, saying `meaning`."""
    return LocatorSpec("text", value, exact=False, free=True, meaning=meaning)


# What ELIG-03's and FORM-07's messages must say, in whatever words.
AGE_MEANING = Meaning(
    "the age condition (16 ans, or 15 ans with an apprenticeship)",
    (r"\b16\s*ans\b", r"\b15\s*ans\b", r"apprenti"),
)
ALREADY_MEANING = Meaning(
    "the way to « Je m'identifie » and « Mot de passe oublié »",
    (r"je m['’]identifie", r"mot de passe oubli[ée]"),
)


def control(value: str) -> LocatorSpec:
    """Return a spec for a link or button named `value`."""
    return LocatorSpec("control", value)


DEFAULTS: Mapping[str, LocatorSpec] = {
    # Home page (NAV-01)
    "home_access": control(m.HOME_ACCESS),
    # Login page (NAV-02, LOG-*)
    "login_title": role("heading", t.LOGIN_TITLE),
    "login_registered": role("heading", t.LOGIN_REGISTERED),
    "login_nir": label(t.LOGIN_NIR),
    "login_password": label(t.LOGIN_PASSWORD),
    "show_password": label(t.SHOW_PASSWORD),
    "login_submit": role("button", t.LOGIN_SUBMIT),
    "forgotten_password": control(t.FORGOTTEN_PASSWORD),
    "login_not_registered": role("heading", t.LOGIN_NOT_REGISTERED),
    "register": control(t.REGISTER),
    "more_info": role("heading", t.MORE_INFO),
    "demo_video": role("link", t.DEMO_VIDEO),
    "cgu_document": role("link", t.CGU_DOCUMENT),
    "login_refused": free(m.LOGIN_REFUSED),
    # Progress bar (NAV-03): the step a screen reader announces as current.
    "progress_current": LocatorSpec("css", '[aria-current="step"]'),
    "progress_step_1": text(t.STEP_CGU),
    "progress_step_2": text(t.STEP_REGISTER),
    "progress_step_3": text(t.STEP_PASSWORD),
    # Step 1 (CGU-*)
    "cgu_checkbox": role("checkbox", t.CGU_CHECKBOX),
    "cgu_link": role("link", "Conditions Générales d'Utilisation", exact=False),
    "continue": role("button", t.CONTINUE),
    "cgu_required": text(t.CGU_REQUIRED),
    # Step 2 (FORM-*, CAP-*, ELIG-*)
    "nir": label(t.FIELD_NIR),
    "cle": label(t.FIELD_CLE),
    "first_name": label(t.FIELD_FIRST_NAME),
    "birth_name": label(t.FIELD_BIRTH_NAME),
    "landline": label(t.FIELD_LANDLINE),
    "mobile": label(t.FIELD_MOBILE),
    "email": label(t.FIELD_EMAIL),
    "email_confirm": label(t.FIELD_EMAIL_CONFIRM),
    "captcha_input": label(t.FIELD_CAPTCHA, exact=False),
    "captcha_instructions": text(t.CAPTCHA_INSTRUCTIONS),
    "captcha_image": role("img", "caractères", exact=False),
    "captcha_renew": control(t.CAPTCHA_RENEW),
    "captcha_audio": control(t.CAPTCHA_AUDIO),
    "apprenticeship": role("checkbox", t.APPRENTICESHIP_DECLARATION),
    "error_summary": text(m.ERROR_SUMMARY),
    "age_condition": free(m.AGE_CONDITION, meaning=AGE_MEANING),
    "nir_invalid": free(m.NIR_INVALID),
    "birth_name_required": free(m.BIRTH_NAME_REQUIRED),
    "email_invalid": free(m.EMAIL_INVALID),
    "email_mismatch": free(m.EMAIL_MISMATCH),
    "landline_invalid": free(m.LANDLINE_INVALID),
    "mobile_invalid": free(m.MOBILE_INVALID),
    "captcha_wrong": free(m.CAPTCHA_WRONG),
    "nir_already_registered": free(m.NIR_ALREADY_REGISTERED, meaning=ALREADY_MEANING),
    # Step 3 (PWD-*)
    "password": label(t.FIELD_PASSWORD),
    "password_confirm": label(t.FIELD_PASSWORD_CONFIRM),
    "password_strength": LocatorSpec("role", "", role="status", exact=False),
    "validate": role("button", t.VALIDATE),
    "password_rule": text(t.PASSWORD_RULE),
    "password_mismatch": free(m.PASSWORD_MISMATCH),
    # Account space (SYN-*)
    "welcome_banner": text(t.WELCOME_BANNER),
    "summary_title": role("heading", t.SUMMARY_TITLE),
    "hours_title": role("heading", t.HOURS_TITLE),
    "cpf_available": text(t.CPF_AVAILABLE),
    "cpf_reserved": text(t.CPF_RESERVED),
    "dif_available": text(t.DIF_AVAILABLE),
    "dif_note": text(t.DIF_NOTE),
    "usable_hours": text(t.USABLE_HOURS),
    "no_usable_hours": text(t.NO_USABLE_HOURS),
    "files_open": text(t.FILES_OPEN),
    "files_closed": text(t.FILES_CLOSED),
    "nav_personal_info": control(m.NAV_PERSONAL_INFO),
    "nav_dif": control(m.NAV_DIF),
    "nav_training_search": control(m.NAV_TRAINING_SEARCH),
    "nav_training_files": control(m.NAV_TRAINING_FILES),
    "nav_delegations": control(m.NAV_DELEGATIONS),
    "footer_cgu": role("link", t.CGU_DOCUMENT),
    "footer_accessibility": control(t.ACCESSIBILITY),
    "footer_contact": control(t.CONTACT),
    "logout": control(m.LOGOUT),
    # The menu that folds the logout away; by default a collapsed button or the holder's name.
    "account_menu": role("button", "Menu", exact=False),
    "nav_summary": control(m.NAV_SUMMARY),
    "dif_field": label(m.DIF_FIELD),
    "dif_save": role("button", m.DIF_SAVE),
    "dif_saved": text(m.DIF_SAVED),
    "dif_invalid": free(m.DIF_INVALID),
}


class LocatorOverrideError(ValueError):
    """A profile names a locator that does not exist or describes it wrongly."""


def spec_from_mapping(name: str, raw: object) -> LocatorSpec:
    """Build a spec from a profile entry.

    A table such as {role = "button", name = "Se connecter"}, {role = "status"}, {label = ...},
    {text = ...}, {control = ...}, {css = ...}, {regex = ...} or {label_regex = ...} (a field
    whose label matches a pattern); a bare string (a message said
    word for word) or a list of strings (any of these messages).
    """
    if isinstance(raw, str):
        return LocatorSpec("text", raw, message=Message.literal(raw))
    if isinstance(raw, list):
        if not raw or not all(isinstance(x, str) and x for x in raw):
            raise LocatorOverrideError(f"locators.{name}: a list must hold message texts")
        return LocatorSpec("text", raw[0], message=Message.literal(*raw))
    if not isinstance(raw, Mapping):
        raise LocatorOverrideError(f"locators.{name}: give a table, a text or a list of texts")
    allowed = {"role", "name", "label", "text", "control", "css", "exact", "regex", "label_regex"}
    unknown = set(raw) - allowed
    if unknown:
        raise LocatorOverrideError(f"locators.{name}: unknown key {sorted(unknown)[0]!r}")
    exact = bool(raw.get("exact", True))
    if "role" in raw:
        return LocatorSpec("role", str(raw.get("name", "")), role=str(raw["role"]), exact=exact)
    patterns: tuple[tuple[str, Kind], ...] = (("regex", "text"), ("label_regex", "label"))
    for key, found in patterns:
        if key not in raw:
            continue
        pattern = str(raw[key])
        try:
            message = Message.regex(pattern, ignore_case=not exact)
        except re.error as exc:
            raise LocatorOverrideError(f"locators.{name}: {key} {pattern!r}: {exc}") from None
        return LocatorSpec(found, pattern, message=message)
    if isinstance(raw.get("text"), list):
        return spec_from_mapping(name, raw["text"])
    for kind in ("label", "text", "control", "css"):
        if kind in raw:
            return LocatorSpec(kind, str(raw[kind]), exact=exact)
    raise LocatorOverrideError(
        f"locators.{name}: give one of role (+ name), label, label_regex, text, regex, control, css"
    )


class Locators:
    """The registry in force for one target: defaults, the profile's overrides, per-screen ones."""

    def __init__(
        self,
        overrides: Mapping[str, LocatorSpec] | None = None,
        *,
        screens: Mapping[str, Mapping[str, LocatorSpec]] | None = None,
    ) -> None:
        overrides = dict(overrides or {})
        scoped = {screen: dict(specs) for screen, specs in (screens or {}).items()}
        for screen, specs in scoped.items():
            if screen not in SCREENS:
                known = ", ".join(SCREENS)
                raise LocatorOverrideError(f"locators.{screen}: no such screen ({known})")
            overrides.update({f"{ScreenName(screen)}.{n}": spec for n, spec in specs.items()})
        unknown = {n.split(".")[-1] for n in overrides} - set(DEFAULTS)
        if unknown:
            raise LocatorOverrideError(f"locators.{sorted(unknown)[0]}: no such locator")
        self.specs: dict[str, LocatorSpec] = {**DEFAULTS, **overrides}

    def spec(self, name: str, screen: ScreenName | None = None) -> LocatorSpec:
        """Return the entry `name`, the one scoped to `screen` first."""
        scoped = self.specs.get(f"{screen}.{name}") if screen is not None else None
        return scoped or self.specs[name]

    def __call__(
        self, scope: Page | Locator, name: str, *, screen: ScreenName | None = None
    ) -> Locator:
        """Return the locator `name` inside `scope` (as scoped to `screen` when it is)."""
        return self.spec(name, screen).resolve(scope)

    def text_of(self, name: str, screen: ScreenName | None = None) -> str:
        """Return the visible text or name an entry looks for (expected values in messages)."""
        spec = self.spec(name, screen)
        return spec.message.shown if spec.message is not None else spec.value

    def message(self, name: str, screen: ScreenName | None = None) -> Message:
        """Return the entry `name` as a message to look for (literal, alternatives or pattern)."""
        return self.spec(name, screen).as_message()

    def expected(self, name: str, screen: ScreenName | None = None) -> Expected:
        """Return what a refusal `name` must show on `screen`.

        The catalogue's quoted texts word for word; a message it does not quote in any words
        (saying what it must mean), unless the profile pins words or locates the element.
        """
        spec = self.spec(name, screen)
        meaning = DEFAULTS[name].meaning
        if spec.free:
            return Expected(meaning=meaning)
        if spec.kind == "text":
            return Expected(message=spec.as_message(), meaning=meaning)
        return Expected(element=spec, meaning=meaning)
