"""Target profiles: how the suite reaches one deployment (TOML, checked by pydantic).

A wrong profile must stop the run before any test with one line naming the key or the URL.
"""

from __future__ import annotations

import tomllib
import urllib.error
import urllib.request
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from walkthrough.locators import (
    DEFAULTS,
    SCREENS,
    LocatorOverrideError,
    Locators,
    LocatorSpec,
    spec_from_mapping,
)


class ProfileError(ValueError):
    """A profile that cannot drive a run; the message is the one line the operator sees."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CaptchaConfig(_Strict):
    """How captchas are answered: the oracle (bundled portal), a fixed answer, or a person."""

    strategy: Literal["oracle", "fixed", "manual"] = "oracle"
    answer: str | None = None

    @model_validator(mode="after")
    def _fixed_needs_answer(self) -> CaptchaConfig:
        if self.strategy == "fixed" and not self.answer:
            raise ValueError("captcha.answer is required when captcha.strategy is 'fixed'")
        return self


class SmtpMail(_Strict):
    """The harness listens for the deployment's mail on host:port."""

    kind: Literal["smtp"] = "smtp"
    host: str = "127.0.0.1"
    port: int = Field(8025, ge=1, le=65535)
    address: str = "{local}@exemple.fr"


class ImapMail(_Strict):
    """A real test mailbox; test addresses are made from `address` (e.g. plus-addressing)."""

    kind: Literal["imap"]
    host: str
    port: int = Field(ge=1, le=65535)
    user: str
    password: str
    tls: bool = True
    address: str


class NoMail(_Strict):
    """No mailbox: the MAIL rules are reported as not tested."""

    kind: Literal["none"]


MailConfig = Annotated[SmtpMail | ImapMail | NoMail, Field(discriminator="kind")]


class ReportConfig(_Strict):
    """What the harness records besides verdicts."""

    screenshots: bool = True
    accessibility: bool = True


class ServerConfig(_Strict):
    """What the suite tries against the server itself, without the page (docs/suite.md)."""

    # false: refused steps are not sent again by request; reported as not tested.
    without_page: bool = True


class Profile(_Strict):
    """One deployment under test."""

    name: str = "bundled"
    base_url: str | None = None
    captcha: CaptchaConfig = Field(default_factory=CaptchaConfig)
    mail: MailConfig = Field(default_factory=SmtpMail)
    report: ReportConfig = Field(default_factory=ReportConfig)
    # known deviations: a TOML file, relative to the profile (walkthrough/expectations.py)
    expectations: str | None = None
    server: ServerConfig = Field(default_factory=ServerConfig)
    # name = entry, or screen = {name = entry} for an entry that holds on one screen only
    locators: dict[str, Any] = Field(default_factory=dict)

    def build_locators(self) -> Locators:
        """Return the registry with this profile's overrides (per screen where scoped)."""
        specs = {}
        screens: dict[str, dict[str, LocatorSpec]] = {}
        for name, raw in self.locators.items():
            if name in SCREENS and isinstance(raw, dict):
                screens[name] = {}
                for inner, entry in raw.items():
                    _known(f"{name}.{inner}", inner)
                    screens[name][inner] = spec_from_mapping(f"{name}.{inner}", entry)
                continue
            _known(name, name)
            specs[name] = spec_from_mapping(name, raw)
        return Locators(specs, screens=screens)


def _known(where: str, name: str) -> None:
    if name not in DEFAULTS:
        screens = ", ".join(SCREENS)
        raise ProfileError(
            f"locators.{where}: no such locator or screen (locators: docs/suite.md; "
            f"screens: {screens})"
        )


def load_profile(path: Path) -> Profile:
    """Read and check a profile file; raise ProfileError with one line on any mistake."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"{path}: no such profile file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML ({exc})") from None
    raw.setdefault("name", path.stem)
    try:
        profile = Profile.model_validate(raw)
        profile.build_locators()
    except ValidationError as exc:
        raise ProfileError(f"{path}: {_first_error(exc)}") from None
    except LocatorOverrideError as exc:
        raise ProfileError(f"{path}: {exc}") from None
    if not profile.base_url:
        raise ProfileError(f"{path}: base_url: missing; give the public home page's address")
    return profile


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith(("function-", "tagged")))
    kinds = {"smtp", "imap", "none"}
    loc = ".".join(p for p in loc.split(".") if p not in kinds)
    if err["type"] == "extra_forbidden":
        return f"{loc}: unknown key; remove it or check its spelling"
    if err["type"] == "missing":
        return f"{loc}: missing value; add it"
    return f"{loc or 'profile'}: {err['msg']}"


def check_reachable(profile: Profile, *, timeout: float = 10.0) -> None:
    """Check that base_url answers over HTTP; raise ProfileError with one line when it does not.

    Whether it is the walkthrough is the browser's to judge (NAV-01): a client-rendered home
    page, a control whose text is split across elements, or a firewall that refuses scripts'
    user agents all show nothing useful to a raw HTTP read.
    """
    url = profile.base_url or ""
    request = urllib.request.Request(url, headers={"User-Agent": BROWSER_LIKE_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read(1)
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403, 405, 406, 429):  # it answers; a browser may well be let in
            return
        raise ProfileError(f"base_url {url}: answered HTTP {exc.code}; check the address") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ProfileError(f"base_url {url}: unreachable ({reason}); check the address") from None


BROWSER_LIKE_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
