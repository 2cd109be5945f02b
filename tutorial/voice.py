"""A trainer's own voice: one recording a sentence, named by its step id; the script to read."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tutorial.guide import handout
from tutorial.guide.jinja import render
from tutorial.script import Script
from tutorial.speech import SpeechError, to_wav

SUFFIXES = (".wav", ".mp3", ".m4a")
SCRIPT_NAME = "recording-script"  # .csv and .pdf; a copy of the CSV in DIR dates the recordings


class VoiceDirError(ValueError):
    """The recordings folder cannot be used as it is."""


@dataclass(frozen=True, kw_only=True)
class Recordings:
    """Which steps have a usable recording, and which will be synthesised instead, and why."""

    found: dict[str, Path] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # recorded for a sentence since changed
    unknown: list[str] = field(default_factory=list)  # audio files named for no step

    def warnings(self, *, voice_dir: Path) -> list[str]:
        """Return one line per kind of problem, naming the steps (empty when all is recorded)."""
        lines = []
        if self.missing:
            lines.append(f"no recording in {voice_dir} for {', '.join(self.missing)}: "
                         "synthesised instead")  # fmt: skip
        if self.stale:
            lines.append(f"the sentence of {', '.join(self.stale)} changed since it was "
                         f"recorded: synthesised instead; record it again and copy the new "
                         f"{SCRIPT_NAME}.csv into {voice_dir}")  # fmt: skip
        if self.unknown:
            lines.append(f"recordings named for no step, ignored: {', '.join(self.unknown)}")
        return lines


def _recorded_sentences(voice_dir: Path) -> dict[str, str]:
    """Return id -> sentence from the recording script the speaker read, if it is in DIR."""
    sheet = voice_dir / f"{SCRIPT_NAME}.csv"
    if not sheet.is_file():
        return {}
    with sheet.open(encoding="utf-8-sig", newline="") as f:
        return {row["id"]: row["phrase"] for row in csv.DictReader(f) if "id" in row}


def find_recordings(*, voice_dir: Path, script: Script) -> Recordings:
    """Match the audio files of `voice_dir` to the script's step ids."""
    if not voice_dir.is_dir():
        raise VoiceDirError(f"--voice-dir {voice_dir}: no such folder; make one holding "
                            "<step id>.wav (or .mp3, .m4a) files")  # fmt: skip
    files: dict[str, Path] = {}
    for path in sorted(voice_dir.iterdir()):
        if path.suffix.lower() not in SUFFIXES or not path.is_file():
            continue
        if path.stem in files:
            raise VoiceDirError(f"--voice-dir {voice_dir}: two recordings for {path.stem} "
                                f"({files[path.stem].name}, {path.name}); keep one")  # fmt: skip
        files[path.stem] = path
    read = _recorded_sentences(voice_dir)
    ids = [s.id for s in script.steps]
    stale = [
        s.id for s in script.steps if s.id in files and read.get(s.id, s.narration) != s.narration
    ]
    return Recordings(
        found={i: files[i] for i in ids if i in files and i not in stale},
        missing=[i for i in ids if i not in files],
        stale=stale,
        unknown=[files[k].name for k in files if k not in ids],
    )


@dataclass
class RecordingCache:
    """Keep each recording converted to the narration's WAV format, under a digest of its bytes."""

    root: Path
    converted: int = 0

    def get(self, src: Path) -> Path:
        """Return `src` as mono 16-bit WAV, converted once for the same bytes."""
        digest = hashlib.sha256(src.read_bytes()).hexdigest()
        dest = self.root / f"{digest[:32]}.wav"
        if dest.is_file():
            return dest
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".part.wav")
        os.close(fd)
        try:
            try:
                to_wav(src, Path(tmp))
            except SpeechError as exc:
                raise VoiceDirError(f"cannot read the recording {src}: {exc}") from exc
            os.replace(tmp, dest)
        finally:
            Path(tmp).unlink(missing_ok=True)
        self.converted += 1
        return dest


def recording_csv(script: Script) -> str:
    """Return the sentences to record, in order, with their ids (the recordings' file names)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["numero", "id", "chapitre", "phrase", "fichier"])
    for number, step in enumerate(script.steps, start=1):
        title = script.chapter_title(step.chapter)
        writer.writerow([number, step.id, title, step.narration, f"{step.id}.wav"])
    return buf.getvalue()


@dataclass(frozen=True, slots=True)
class _Row:
    id: str
    chapter: str
    sentence: str


def recording_html(script: Script, *, title: str) -> str:
    """Return the printable page the speaker reads from: one sentence a row, its id beside it."""
    rows = [
        _Row(id=s.id, chapter=script.chapter_title(s.chapter), sentence=s.narration)
        for s in script.steps
    ]
    return render("recording-script.html.j2", language=script.language, title=title, rows=rows)


def write_recording_script(*, script: Script, out: Path, title: str) -> tuple[Path, Path]:
    """Write recording-script.csv and recording-script.pdf into `out`; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    sheet = out / f"{SCRIPT_NAME}.csv"
    sheet.write_text(recording_csv(script), encoding="utf-8-sig")
    page = out / f"{SCRIPT_NAME}.html"
    page.write_text(recording_html(script, title=title), encoding="utf-8")
    pdf = out / f"{SCRIPT_NAME}.pdf"
    try:
        handout.pdf(html=page, dest=pdf, landscape=False)
    finally:
        page.unlink()
    return sheet, pdf
