"""Command line of `python -m tutorial`: a user's mistake gives one clear line and exit status 2."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from catalogue import texts
from tutorial.brand import DEFAULT, Brand, BrandError, load_brand
from tutorial.capture.walk import WalkFailed, unknown_element
from tutorial.generate import generate
from tutorial.loudness import LoudnessError
from tutorial.options import Options, Report
from tutorial.outdir import OutputError, check_writable
from tutorial.script import (
    LANG_DIR,
    SCRIPT_PATH,
    Script,
    ScriptError,
    available_languages,
    load_script,
    translate,
)
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
    p.add_argument("--script", type=Path, default=SCRIPT_PATH, metavar="SCRIPT.YAML",
                   help="the script: sentences, actions and elements (default: "
                   "tutorial/walkthrough.yaml)")  # fmt: skip
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


class Usage(Exception):
    """A user's mistake, or a target that failed: the one line to print, exit status 2."""


def main(argv: list[str] | None = None) -> int:
    """Run the generator; return the exit status."""
    args = parser().parse_args(argv)
    console = Console(stderr=True, highlight=False)
    try:
        return _run(args, console=console)
    except Usage as exc:
        console.print(f"tutorial: {exc}", markup=False, soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        console.print("tutorial: interrupted; nothing was written", markup=False)
        return 2


def _run(args: argparse.Namespace, *, console: Console) -> int:
    """Check every input before anything starts, then film; raise Usage on a mistake."""

    def warn(message: str) -> None:
        console.print(f"[yellow]warning:[/] {message}", soft_wrap=True)

    missing = missing_tools(tts=args.tts)
    if missing:
        raise Usage(f"{missing[0]} not found: {INSTALL[missing[0]]}")
    script = _script(args)
    brand = _brand(args.brand)
    if args.recording_script:
        return _recording_script(out=args.out, script=script, brand=brand)
    recordings = _recordings(args.voice_dir, script=script, warn=warn)
    engine = make_engine(
        choice=args.tts, voices=script.voice, lang=script.language, warn=warn, voice=args.voice
    )
    try:
        check_writable(args.out)
    except OutputError as exc:
        raise Usage(str(exc)) from exc
    _check_preview(args, script=script)
    scale, video = _sizes(args)
    redact = args.redact if args.redact is not None else args.target is not None
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
        raise Usage(str(exc).splitlines()[0]) from exc
    _print_report(report, steps=len(script.steps))
    return 0


def _script(args: argparse.Namespace) -> Script:
    """Load the script (--script), translated (--lang) and cut (--first); every mistake one line."""
    try:
        script = load_script(path=args.script)
    except ScriptError as exc:
        raise Usage(str(exc)) from exc
    unknown = unknown_element(script)
    if unknown is not None:
        step, name = unknown
        raise Usage(
            f"{args.script}: step {step}: unknown element {name!r}; name one of "
            "walkthrough/locators.py (DEFAULTS), the mail view's, or acted"
        )
    if args.lang != script.language:
        try:
            script = translate(script, path=LANG_DIR / f"{args.lang}.yaml")
        except ScriptError as exc:
            langs = ", ".join(available_languages(script))
            raise Usage(f"{exc} (languages: {langs})") from exc
    if args.first is not None:
        if not 1 <= args.first <= len(script.steps):
            raise Usage(f"--first {args.first}: give a number from 1 to {len(script.steps)}")
        script = script.first(args.first)
    return script


def _brand(path: Path | None) -> Brand:
    if path is None:
        return DEFAULT
    try:
        return load_brand(path)
    except BrandError as exc:
        raise Usage(str(exc)) from exc


def _recording_script(*, out: Path, script: Script, brand: Brand) -> int:
    """Write only what the speaker reads (--recording-script)."""
    try:
        check_writable(out)
        title = f"Texte à enregistrer : {brand.title}"
        sheet, pdf = write_recording_script(script=script, out=out, title=title)
    except (OutputError, OSError, BrowserNotFound) as exc:
        raise Usage(str(exc).splitlines()[0]) from exc
    print(f"recording script written: {pdf} and {sheet}")
    return 0


def _recordings(
    voice_dir: Path | None, *, script: Script, warn: Callable[[str], None]
) -> dict[str, Path]:
    """Return the trainer's recordings by step id (--voice-dir), warning of what is amiss."""
    if voice_dir is None:
        return {}
    try:
        found = find_recordings(voice_dir=voice_dir, script=script)
    except VoiceDirError as exc:
        raise Usage(str(exc)) from exc
    for line in found.warnings(voice_dir=voice_dir):
        warn(line)
    return found.found


def _check_preview(args: argparse.Namespace, *, script: Script) -> None:
    if args.preview and args.preview not in {s.id for s in script.steps}:
        raise Usage(f"--preview {args.preview}: no such step (steps: {script.steps[0].id}, "
                    f"{script.steps[1].id}, … in {args.script})")  # fmt: skip
    if args.preview and args.style != "motion":
        raise Usage("--preview needs --style motion")


def _sizes(args: argparse.Namespace) -> tuple[int, tuple[int, int] | None]:
    """Return the capture scale and the video's size (None: the captures')."""
    if args.video is None:
        return args.scale, None
    video, needed = VIDEO_SIZES[args.video]
    if args.scale == 2 and needed == 1:
        raise Usage(f"--video {args.video} with --scale 2: choose 1440p, or leave --scale out")
    return needed, video


def _print_report(report: Report, *, steps: int) -> None:
    if report.changed is None:
        changes = "no previous output to compare with"
    elif report.changed:
        changes = "steps that look different: " + ", ".join(report.changed)
    else:
        changes = "no step looks different"
    print(f"tutorial written to {report.out}/ ({steps} steps, {report.synthesized} "
          f"sentences synthesized, {report.recorded} recorded, {report.encoded} segments "
          "encoded)")  # fmt: skip
    print(changes)


if __name__ == "__main__":
    sys.exit(main())
