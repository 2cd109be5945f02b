"""A training organisation's brand kit (--brand brand.yaml): its name, logo, colours and texts.

The default kit is the tutorial as it always looked; a kit changes the video's title and closing
cards, the click-through (header, colours, footer), the SCORM package's title and the PDF guide.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from catalogue import texts

HEX = r"^#[0-9a-fA-F]{6}$"
LOGO_TYPES = {".png", ".jpg", ".jpeg"}
CARD_BACKGROUND, CARD_STRIP = (20, 24, 38), (0, 56, 130)  # the default cards' (annotate's)
MIN_CONTRAST = 4.5  # WCAG AA for text: white text on the primary colour must stay readable


class BrandError(ValueError):
    """The brand file cannot be used; the message is one line saying what to change."""


class Strict(BaseModel):
    """Refuse unknown keys, so a typo in the brand file is reported, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def rgb(colour: str) -> tuple[int, int, int]:
    """Return the (r, g, b) of a #RRGGBB colour."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def contrast_with_white(colour: str) -> float:
    """Return the WCAG contrast ratio of white text on `colour`."""

    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


class Colours(Strict):
    """The organisation's two colours, as #RRGGBB."""

    # Cards' background, buttons, chapter badges and callouts' border: white text sits on it.
    primary: str = Field(default="#003882", pattern=HEX)
    # The hotspot, the cards' bottom strip.
    accent: str = Field(default="#c8006a", pattern=HEX)

    @field_validator("primary")
    @classmethod
    def _readable(cls, value: str) -> str:
        ratio = contrast_with_white(value)
        if ratio < MIN_CONTRAST:
            raise ValueError(
                f"white text on {value} has a contrast of {ratio:.1f}:1, under "
                f"{MIN_CONTRAST}:1; choose a darker colour"
            )
        return value


class TitleCard(Strict):
    """The video's opening card."""

    title: str = Field(default=texts.REGISTRATION_TITLE, min_length=1)
    subtitle: str = "Tutoriel vidéo"


class ClosingCard(Strict):
    """The video's closing card (the site's address is added under the title)."""

    title: str = Field(default="À vous de jouer !", min_length=1)
    text: str = ""


class Brand(Strict):
    """Everything an organisation puts its name on."""

    organisation: str = Field(default=texts.SITE_NAME, min_length=1)
    logo: Path | None = None  # PNG or JPEG, relative to the brand file
    colours: Colours = Colours()
    title_card: TitleCard = TitleCard()
    closing_card: ClosingCard = ClosingCard()
    footer: str = ""  # the click-through's footer, e.g. "© 2026 Formations Dupont"

    @property
    def custom(self) -> bool:
        """Return whether this is an organisation's kit rather than the default look."""
        return self != DEFAULT

    def card_colours(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        """Return the cards' background and bottom strip: the kit's, or the default dark blue."""
        if self.colours == Colours():
            return CARD_BACKGROUND, CARD_STRIP
        return rgb(self.colours.primary), rgb(self.colours.accent)

    @property
    def title(self) -> str:
        """Return the tutorial's title: the title card's, also the page's and the SCORM's."""
        return self.title_card.title


DEFAULT = Brand()


def load_brand(path: Path) -> Brand:
    """Load and check a brand file; raise BrandError with one line saying what to change."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BrandError(f"--brand {path}: cannot read it ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise BrandError(f"--brand {path}: not valid YAML ({str(exc).splitlines()[0]})") from exc
    try:
        brand = Brand.model_validate(data or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err["loc"]) or "(top)"
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            keys = ", ".join(Brand.model_fields)
            message = f"unknown key; the keys are {keys}"
        elif err["type"] == "string_pattern_mismatch":
            message = "write a colour as #RRGGBB, e.g. #0b5d1e"
        raise BrandError(f"{path}: {where}: {message}") from exc
    if brand.logo is None:
        return brand
    logo = brand.logo if brand.logo.is_absolute() else path.parent / brand.logo
    if logo.suffix.lower() not in LOGO_TYPES:
        raise BrandError(f"{path}: logo: {brand.logo} is not a PNG or JPEG image")
    if not logo.is_file():
        raise BrandError(f"{path}: logo: no file {logo}; put the logo beside the brand file")
    return brand.model_copy(update={"logo": logo.resolve()})
