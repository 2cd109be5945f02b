"""The confirmation email as a mail client shows it; subtitles burned into the picture."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from PIL import Image, ImageChops, ImageStat
from playwright.sync_api import Browser, expect

from tutorial.capture.mailview import client_page
from tutorial.video.ffmpeg import burn_subtitles
from walkthrough.mail import ConfirmationEmail


def _email() -> ConfirmationEmail:
    msg = EmailMessage()
    msg["From"] = "Mon compte formation <ne-pas-repondre@exemple.fr>"
    msg["To"] = "marion.roussarie@exemple.fr"
    msg["Subject"] = "Activation de votre compte personnel de formation"
    msg["Date"] = format_datetime(datetime(2015, 3, 6, 14, 5, tzinfo=UTC))
    msg.set_content("Bonjour,")
    msg.add_alternative("<p>Bonjour,</p><p>Bienvenue dans votre compte.</p>", subtype="html")
    return ConfirmationEmail.from_bytes(bytes(msg))


def test_the_email_shows_sender_subject_date_and_recipient_above_the_body(
    chromium: Browser,
) -> None:
    page = chromium.new_page()
    try:
        page.set_content(client_page(_email()))
        subject = page.get_by_role("heading", name="Activation de votre compte personnel")
        expect(subject).to_be_visible()
        for label, value in (
            ("De", "Mon compte formation <ne-pas-repondre@exemple.fr>"),
            ("À", "marion.roussarie@exemple.fr"),
            ("Date", "vendredi 6 mars 2015, 14:05"),
        ):
            expect(page.locator("dt", has_text=label).first).to_be_visible()
            expect(page.get_by_text(value, exact=True)).to_be_visible()
        body = page.get_by_text("Bienvenue dans votre compte.")
        headers = page.get_by_text("marion.roussarie@exemple.fr", exact=True)
        above, below = headers.bounding_box(), body.bounding_box()
        assert above and below and above["y"] < below["y"]
    finally:
        page.close()


def test_burned_subtitles_are_drawn_during_their_cue_only(tmp_path: Path) -> None:
    plain = tmp_path / "plain.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=gray:s=640x360:r=25:d=3",
         "-f", "lavfi", "-i", "anullsrc=r=22050:cl=mono", "-t", "3",
         "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", str(plain)],
        check=True,
    )  # fmt: skip
    srt = tmp_path / "s.srt"
    srt.write_text("1\n00:00:01,000 --> 00:00:02,000\nCliquez sur « Je m'inscris ».\n")
    burned = tmp_path / "burned.mp4"
    burn_subtitles(video=plain, srt=srt, dest=burned)

    def frame(at: float) -> Image.Image:
        out = tmp_path / f"{at}.png"
        subprocess.run(["ffmpeg", "-v", "error", "-ss", str(at), "-i", str(burned),
                        "-frames:v", "1", str(out)], check=True)  # fmt: skip
        return Image.open(out).convert("L")

    before, during, after = frame(0.5), frame(1.5), frame(2.5)
    band = (0, 270, 640, 360)
    changed = ImageStat.Stat(ImageChops.difference(before, during).crop(band)).mean[0]
    assert changed > 3, "no caption drawn during the cue"
    assert ImageChops.difference(before, after).crop(band).getbbox() is None or (
        ImageStat.Stat(ImageChops.difference(before, after).crop(band)).mean[0] < 1
    )
