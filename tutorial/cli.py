"""Command line of `python -m tutorial`: a user's mistake gives one clear line and exit status 2."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from catalogue import texts
from tutorial.brand import DEFAULT, BrandError, load_brand
from tutorial.capture.walk import WalkFailed
from tutorial.generate import Options, generate
from tutorial.loudness import LoudnessError
from tutorial.outdir import OutputError, check_writable
from tutorial.script import ScriptError, available_languages, load_script
from tutorial.speech import SpeechError, make_engine, missing_tools
from tutorial.targets import TargetError, open_target
from tutorial.video.ffmpeg import EncodeError
from tutorial.voice import SCRIPT_NAME, VoiceDirError, find_recordings, write_recording_script
from walkthrough.browser import BrowserNotFound
from walkthrough.people import walkthrough_person
from walkthrough.profile import ProfileError

# The video's size, and the capture scale it needs (its pixels from 2x captures, never enlarged).
VIDEO_SIZES = {"720p": ((1280, 720), 1), "1080p": ((1920, 1080), 2), "1440p": ((2560, 1440), 2)}
BUNDLED_URL = "http://127.0.0.1:8000/"  # `python -m mock_portal` serves the portal there
INSTALL = {
    "ffmpeg": "install it with `sudo apt-get install ffmpeg`",
    "ffprobe": "install it with `sudo apt-get install ffmpeg`",
    "espeak-ng": "install it with `sudo apt-get install espeak-ng`, or use --tts gtts online",
}


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of `python -m tutorial`."""
    p = argparse.ArgumentParser(
        prog="python -m tutorial",
        description="Film the registration walkthrough: a narrated, subtitled tutorial.mp4 "
        "(pointer, typing, zoom), an interactive click-through, its SCORM package, a Markdown "
        "guide and a PDF handout.",
    )
    p.add_argument("--target", type=Path, metavar="PROFILE", help="a deployment's TOML profile "
                   "(default: start the bundled portal)")  # fmt: skip
    p.add_argument("--out", type=Path, default=Path("reports/tutorial"), metavar="DIR")
    p.add_argument("--tts", choices=("auto", "gtts", "espeak"), default="auto")
    p.add_argument("--voice", help="espeak-ng voice (e.g. fr-fr, mb-fr1), or gTTS accent (tld) "
                   "with --tts gtts")  # fmt: skip
    p.add_argument("--lang", default="fr", help="narration language (a file in tutorial/lang/)")
    p.add_argument("--redact", action=argparse.BooleanOptionalAction, default=None,
                   help="blur personal data (default: on, not on the bundled portal)")  # fmt: skip
    p.add_argument("--scale", type=int, choices=(1, 2), default=1, help="2 for 2560x1440 stills")
    p.add_argument("--video", choices=tuple(VIDEO_SIZES), help="the video's size (default: 720p, "
                   "1440p with --scale 2); 1080p films at 2x and paints 1920x1080")  # fmt: skip
    p.add_argument("--cache", type=Path, default=Path(".cache/tutorial"), metavar="DIR",
                   help="where spoken sentences and video segments are kept")  # fmt: skip
    p.add_argument("--style", choices=("slides", "motion"), default="motion",
                   help="motion: pointer, typing, cross-fades and camera (default); slides: "
                   "one annotated still per sentence")  # fmt: skip
    p.add_argument("--burn-subtitles", action="store_true",
                   help="draw the subtitles into the picture, for players without a subtitle "
                   "track")  # fmt: skip
    p.add_argument("--site-url", metavar="URL", help="the address on the closing card "
                   f"(default: the profile's base_url; {BUNDLED_URL} for the bundled portal, "
                   "where `python -m mock_portal` serves it)")  # fmt: skip
    p.add_argument("--voice-dir", type=Path, metavar="DIR", help="your own recordings, one a "
                   "sentence, named by its step id (bienvenue.wav, .mp3 or .m4a); the missing "
                   "ones are synthesised")  # fmt: skip
    p.add_argument("--recording-script", action="store_true", help=f"only write what the "
                   f"speaker reads into --out: {SCRIPT_NAME}.pdf and {SCRIPT_NAME}.csv, each "
                   "sentence with its id, in order")  # fmt: skip
    p.add_argument("--brand", type=Path, metavar="BRAND.YAML", help="an organisation's name, "
                   "logo, colours, cards' texts and footer (see docs/tutorial.md)")  # fmt: skip
    p.add_argument("--first", type=int, metavar="N", help="film only the first N sentences "
                   "(a quick check of a voice or a brand)")  # fmt: skip
    p.add_argument("--preview", metavar="STEP", help="also write preview-STEP.webp, one step's "
                   "motion as a small animation (motion style)")  # fmt: skip
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the generator; return the exit status."""
    args = parser().parse_args(argv)
    console = Console(stderr=True, highlight=False)

    def fail(message: str) -> int:
        console.print(f"tutorial: {message}", markup=False, soft_wrap=True)
        return 2

    def warn(message: str) -> None:
        console.print(f"[yellow]warning:[/] {message}", soft_wrap=True)

    missing = missing_tools(tts=args.tts)
    if missing:
        return fail(f"{missing[0]} not found: {INSTALL[missing[0]]}")
    try:
        script = load_script(lang=args.lang)
    except ScriptError as exc:
        langs = ", ".join(available_languages())
        return fail(f"{exc} (languages: {langs})")
    brand = DEFAULT
    if args.brand is not None:
        try:
            brand = load_brand(args.brand)
        except BrandError as exc:
            return fail(str(exc))
    if args.first is not None:
        if not 1 <= args.first <= len(script.steps):
            return fail(f"--first {args.first}: give a number from 1 to {len(script.steps)}")
        script = script.first(args.first)
    if args.recording_script:
        try:
            check_writable(args.out)
            title = f"Texte à enregistrer : {brand.title}"
            sheet, pdf = write_recording_script(script=script, out=args.out, title=title)
        except (OutputError, OSError, BrowserNotFound) as exc:
            return fail(str(exc).splitlines()[0])
        print(f"recording script written: {pdf} and {sheet}")
        return 0
    recordings: dict[str, Path] = {}
    if args.voice_dir is not None:
        try:
            found = find_recordings(voice_dir=args.voice_dir, script=script)
        except VoiceDirError as exc:
            return fail(str(exc))
        for line in found.warnings(voice_dir=args.voice_dir):
            warn(line)
        recordings = found.found
    engine = make_engine(
        choice=args.tts, voices=script.voice, lang=script.language, warn=warn, voice=args.voice
    )
    try:
        check_writable(args.out)
    except OutputError as exc:
        return fail(str(exc))
    if args.preview and args.preview not in {s.id for s in script.steps}:
        return fail(f"--preview {args.preview}: no such step (steps: {script.steps[0].id}, "
                    f"{script.steps[1].id}, … in tutorial/walkthrough.yaml)")  # fmt: skip
    if args.preview and args.style != "motion":
        return fail("--preview needs --style motion")
    redact = args.redact if args.redact is not None else args.target is not None
    scale, video = args.scale, None
    if args.video is not None:
        video, needed = VIDEO_SIZES[args.video]
        if args.scale == 2 and needed == 1:
            return fail(f"--video {args.video} with --scale 2: choose 1440p, or leave --scale out")
        scale = needed
    try:
        with open_target(args.target) as target:
            # The bundled portal runs on a random port here: show where a trainer can open it.
            site_url = args.site_url or (BUNDLED_URL if args.target is None else target.base_url)
            options = Options(
                out=args.out, cache=args.cache, scale=scale, video=video, redact=redact,
                style=args.style, burn_subtitles=args.burn_subtitles, site_url=site_url,
                preview=args.preview, recordings=recordings, brand=brand,
            )  # fmt: skip
            person = walkthrough_person(email_template=target.email_template)
            report = generate(
                script=script,
                target=target,
                person=person,
                password=texts.EXAMPLE_PASSWORD,
                engine=engine,
                options=options,
                console=console,
            )
    except (
        WalkFailed, TargetError, ProfileError, OutputError, SpeechError, EncodeError,
        BrowserNotFound, VoiceDirError, LoudnessError,
    ) as exc:  # fmt: skip
        return fail(str(exc).splitlines()[0])
    except KeyboardInterrupt:
        return fail("interrupted; nothing was written")
    if report.changed is None:
        changes = "no previous output to compare with"
    elif report.changed:
        changes = "steps that look different: " + ", ".join(report.changed)
    else:
        changes = "no step looks different"
    print(f"tutorial written to {report.out}/ ({len(script.steps)} steps, {report.synthesized} "
          f"sentences synthesized, {report.recorded} recorded, {report.encoded} segments "
          "encoded)")  # fmt: skip
    print(changes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
