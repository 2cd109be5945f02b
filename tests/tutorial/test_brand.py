"""A brand kit puts an organisation's name, logo, colours and texts on every output it names.

Checked on a short branded film: the cards' pixels, the click-through in Chromium, the SCORM
manifest. A bad kit is one line and exit status 2; without a kit, the look is the default one.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, Page, expect

from livingspec.a11y import audit_page
from tests.helpers import assert_one_line_exit_2
from tests.tutorial.conftest import run_tutorial
from tests.tutorial.frames import frames_at
from tutorial.brand import CARD_BACKGROUND as DEFAULT_CARD
from tutorial.brand import DEFAULT, BrandError, load_brand, rgb
from tutorial.guide import clickthrough, handout
from tutorial.records import GuideStep
from tutorial.video.cards import draw_card

ORGANISATION = "Formations Dupont"
PRIMARY, ACCENT = "#0b5d1e", "#d35400"
FOOTER = "© 2026 Formations Dupont, contact@dupont-formation.fr"
KIT = f"""\
organisation: {ORGANISATION}
logo: logo.png
colours:
  primary: "{PRIMARY}"
  accent: "{ACCENT}"
title_card:
  title: S'inscrire sur Mon Compte Formation
  subtitle: Un tutoriel de {ORGANISATION}
closing_card:
  title: À vous de jouer !
  text: "Une question ? contact@dupont-formation.fr"
footer: {FOOTER}
"""


def _kit(folder: Path, text: str = KIT) -> Path:
    logo = Image.new("RGB", (200, 80), "white")
    ImageDraw.Draw(logo).ellipse((10, 10, 70, 70), fill=rgb(ACCENT))
    logo.save(folder / "logo.png")
    (folder / "brand.yaml").write_text(text, encoding="utf-8")
    return folder / "brand.yaml"


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Film the first five sentences as slides, under the kit."""
    base = tmp_path_factory.mktemp("brand")
    kit = _kit(base)
    proc = run_tutorial(
        "--brand", kit, "--first", "5", "--style", "slides", "--tts", "espeak",
        "--out", base / "out", "--cache", base / "cache",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    return base / "out"


@pytest.fixture
def guide(branded: Path, chromium: Browser) -> Iterator[Page]:
    """Open the branded click-through from the file system."""
    page = chromium.new_page(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    page.goto((branded / "tutorial.html").as_uri())
    try:
        yield page
    finally:
        page.close()


def _close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=False))


def test_the_video_cards_carry_the_organisation_s_colour(branded: Path, tmp_path: Path) -> None:
    title = Image.open(branded / "cards" / "title.png").convert("RGB")
    assert title.getpixel((20, 300)) == rgb(PRIMARY)
    assert title.getpixel((20, title.height - 3)) == rgb(ACCENT)
    # In the MP4 as a player shows it: the title card's first second (H.264 shifts colours a bit).
    frame = frames_at(branded / "tutorial.mp4", [10], folder=tmp_path)[10]
    seen = frame.getpixel((20, 300))
    assert isinstance(seen, tuple) and _close(seen, rgb(PRIMARY), 12), seen


def test_the_click_through_shows_the_organisation_in_a_browser(guide: Page) -> None:
    expect(guide.get_by_role("img", name=ORGANISATION)).to_be_visible()
    expect(guide.get_by_text(ORGANISATION, exact=True)).to_be_visible()
    expect(guide.get_by_role("heading", name="S'inscrire sur Mon Compte Formation")).to_be_visible()
    expect(guide.get_by_text(FOOTER)).to_be_visible()
    chapter = guide.locator(".step:not([hidden]) .chapter")
    expect(chapter).to_have_css("background-color", "rgb(11, 93, 30)")
    for _ in range(4):  # to the first step with a hotspot
        guide.keyboard.press("ArrowRight")
    expect(guide.locator(".step:not([hidden]) .hotspot")).to_have_css(
        "border-top-color", "rgb(211, 84, 0)"
    )
    audit = audit_page(guide, screen="tutorial.html with a brand kit")
    assert audit.violations == [], [(v.id, v.description) for v in audit.violations]


def test_the_scorm_manifest_carries_the_organisation_s_name(branded: Path) -> None:
    with zipfile.ZipFile(branded / "tutorial-scorm.zip") as zf:
        manifest = zf.read("imsmanifest.xml").decode("utf-8")
        names = zf.namelist()
    # What the LMS reads: the organization's title, once the XML is parsed (however it escapes).
    ns = {"ims": "http://www.imsproject.org/xsd/imscp_rootv1p1p2"}
    title = ElementTree.fromstring(manifest).find(
        "ims:organizations/ims:organization/ims:title", ns
    )
    assert title is not None
    assert title.text == f"{ORGANISATION} : S'inscrire sur Mon Compte Formation"
    assert "cards/logo.png" in names


def test_the_pdf_guide_page_carries_the_organisation(tmp_path: Path) -> None:
    kit = load_brand(_kit(tmp_path))
    step = GuideStep(number=1, chapter="Avant de commencer", text="Bonjour.",
                     image="steps/01.png", audio="audio/01.wav")  # fmt: skip
    page = handout.html_page(title=kit.title, language="fr", steps=[step], video="", vtt="",
                             brand=kit, logo="cards/logo.png")  # fmt: skip
    assert ORGANISATION in page and PRIMARY in page and "cards/logo.png" in page


def test_without_a_kit_the_look_is_the_default_one(tmp_path: Path) -> None:
    page = clickthrough.page(title=DEFAULT.title, language="fr", steps=[], video="", vtt="",
                             scorm=True)  # fmt: skip
    assert ":root { --brand" not in page.split("</style>", 1)[1]
    assert 'class="org"' not in page and "brand-footer" not in page
    draw_card(dest=tmp_path / "card.png", title="t", lines=[], scale=1,
              colours=DEFAULT.card_colours())  # fmt: skip
    assert Image.open(tmp_path / "card.png").convert("RGB").getpixel((20, 300)) == DEFAULT_CARD


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (("organisation:", "organization:"), "organization: unknown key"),
        (('primary: "#0b5d1e"', 'primary: "vert"'), "colours.primary: write a colour as #RRGGBB"),
        (('primary: "#0b5d1e"', 'primary: "#f5d000"'), "contrast of 1.5:1, under 4.5:1"),
        (("logo: logo.png", "logo: absent.png"), "logo: no file"),
        (("logo: logo.png", "logo: logo.gif"), "is not a PNG or JPEG"),
    ],
    ids=["typo", "colour", "contrast", "no-logo", "logo-type"],
)
def test_a_bad_kit_is_named_in_one_line(
    tmp_path: Path, change: tuple[str, str], needle: str
) -> None:
    kit = _kit(tmp_path, KIT.replace(*change))
    with pytest.raises(BrandError, match=None) as caught:
        load_brand(kit)
    assert needle in str(caught.value) and "\n" not in str(caught.value)


def test_a_bad_kit_stops_the_command_with_exit_2(tmp_path: Path) -> None:
    kit = _kit(tmp_path, KIT.replace('primary: "#0b5d1e"', 'primary: "vert"'))
    proc = run_tutorial("--brand", kit, "--out", tmp_path / "out")
    assert_one_line_exit_2(proc, "colours.primary", "#RRGGBB", prefix="tutorial: ",
                           stderr_only=True)  # fmt: skip
