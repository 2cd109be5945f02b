"""A trainer's own voice: recordings replace the synthesis, set the timing, keep the subtitles.

The recordings are tones of known pitch and length, made 10 dB apart, in three formats: the
video's narration can then be recognised by pitch, and its loudness checked against -16 LUFS.
"""

from __future__ import annotations

import array
import csv
import itertools
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import assert_one_line_exit_2
from tests.tutorial.conftest import run_tutorial
from tutorial.loudness import measure, normalise
from tutorial.script import load_script
from tutorial.voice import SCRIPT_NAME, VoiceDirError, find_recordings

RATE = 22050


@dataclass(frozen=True)
class Tone:
    """A recording stand-in: a sine of known pitch, length and level."""

    step: str
    file: str
    hz: int
    seconds: float
    gain_db: float


# Three formats, 10 dB apart at the extremes; `documents` (step 4) is left unrecorded.
TONES = [
    Tone("bienvenue", "bienvenue.wav", 440, 3.0, -4),
    Tone("objectif", "objectif.mp3", 660, 2.0, -14),
    Tone("conditions-age", "conditions-age.m4a", 880, 4.5, -9),
]


def make_tone(tone: Tone, folder: Path) -> Path:
    """Record a tone with ffmpeg, as a speaker's file would arrive."""
    dest = folder / tone.file
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi",
         "-i", f"sine=frequency={tone.hz}:duration={tone.seconds}:sample_rate=44100",
         "-af", f"volume={tone.gain_db}dB", str(dest)],
        check=True, capture_output=True,
    )  # fmt: skip
    return dest


def decoded(path: Path) -> array.array:
    """Return a file's first audio track as mono 16-bit samples at 22050 Hz."""
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a:0", "-ac", "1", "-ar", str(RATE),
         "-f", "s16le", "-"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    return array.array("h", raw)


def pitch(samples: array.array, start: float, end: float) -> float:
    """Return the pitch of a pure tone between two times, from its zero crossings."""
    part = samples[round(start * RATE) : round(end * RATE)]
    crossings = sum(1 for a, b in itertools.pairwise(part) if (a < 0) != (b < 0))
    return crossings / 2 / (end - start)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Film the first four sentences with three of them recorded; return the output and stderr."""
    base = tmp_path_factory.mktemp("voice")
    voice = base / "voice"
    voice.mkdir()
    for tone in TONES:
        make_tone(tone, voice)
    proc = run_tutorial(
        "--first", "4", "--voice-dir", voice, "--out", base / "out", "--cache", base / "cache",
        "--tts", "espeak",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    return base / "out", proc.stderr


def test_the_video_narration_is_the_recordings(recorded: tuple[Path, str]) -> None:
    out, _ = recorded
    steps = json.loads((out / "tutorial.json").read_text(encoding="utf-8"))["steps"]
    samples = decoded(out / "tutorial.mp4")
    for tone, step in zip(TONES, steps, strict=False):
        # Inside the sentence, away from its edges: the pitch heard is the recording's.
        heard = pitch(samples, step["start"] + 0.2, step["start"] + tone.seconds - 0.2)
        assert heard == pytest.approx(tone.hz, rel=0.02), (tone.step, heard)


def test_each_step_lasts_at_least_its_recording(recorded: tuple[Path, str]) -> None:
    out, _ = recorded
    steps = json.loads((out / "tutorial.json").read_text(encoding="utf-8"))["steps"]
    for tone, step in zip(TONES, steps, strict=False):
        assert step["speech"] == pytest.approx(tone.seconds, abs=0.05), tone.step
        assert step["duration"] >= tone.seconds
        assert steps[steps.index(step) + 1]["start"] >= step["start"] + tone.seconds


def test_the_subtitles_keep_the_script_sentences(recorded: tuple[Path, str]) -> None:
    out, _ = recorded
    srt = (out / "tutorial.srt").read_text(encoding="utf-8")
    for step in load_script().steps[:4]:
        assert step.narration in srt


def test_one_warning_names_the_sentences_without_recording(recorded: tuple[Path, str]) -> None:
    _, stderr = recorded
    warnings = [line for line in stderr.splitlines() if "warning:" in line]
    assert len(warnings) == 1, stderr
    assert "documents" in warnings[0] and "bienvenue" not in warnings[0]


def test_the_final_mp4_is_at_minus_16_lufs_with_recordings_10_db_apart(
    recorded: tuple[Path, str],
) -> None:
    out, _ = recorded
    level = measure(out / "tutorial.mp4")
    print(f"MP4 loudness: {level.integrated} LUFS, true peak {level.true_peak} dBTP")
    assert level.integrated == pytest.approx(-16, abs=1)
    assert level.true_peak < -1


@pytest.mark.parametrize("gain_db", [-30, -4])
def test_a_sentence_is_normalised_whatever_its_level(tmp_path: Path, gain_db: int) -> None:
    src = make_tone(Tone("x", "x.wav", 500, 2.5, gain_db), tmp_path)
    dest = tmp_path / "n.wav"
    normalise(src=src, dest=dest, sample_rate=RATE)
    level = measure(dest)
    assert level.integrated == pytest.approx(-16, abs=0.5)
    assert level.true_peak < -1


def test_espeak_speech_peaks_are_limited_under_minus_1_dbtp(tmp_path: Path) -> None:
    # Speech peaks about 17 dB over its loudness: one gain alone would clip it.
    raw = tmp_path / "s.wav"
    sentence = "Votre inscription se déroule en trois étapes."
    subprocess.run(
        ["espeak-ng", "-v", "fr-fr", "-w", str(raw), sentence],
        check=True, capture_output=True,
    )  # fmt: skip
    dest = tmp_path / "n.wav"
    normalise(src=raw, dest=dest, sample_rate=RATE)
    level = measure(dest)
    assert level.integrated == pytest.approx(-16, abs=0.5)
    assert level.true_peak < -1


def test_the_recording_script_lists_every_sentence_with_its_id(tmp_path: Path) -> None:
    proc = run_tutorial("--recording-script", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    with (tmp_path / f"{SCRIPT_NAME}.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    script = load_script()
    assert [(r["id"], r["phrase"]) for r in rows] == [(s.id, s.narration) for s in script.steps]
    assert (tmp_path / f"{SCRIPT_NAME}.pdf").read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "tutorial.mp4").exists()


def _files(folder: Path, *names: str) -> Path:
    for name in names:
        (folder / name).write_bytes(b"")
    return folder


def test_recordings_match_step_ids_and_report_the_rest(tmp_path: Path) -> None:
    script = load_script().first(3)
    found = find_recordings(
        voice_dir=_files(tmp_path, "bienvenue.WAV", "objectif.m4a", "bienvenu.mp3", "notes.txt"),
        script=script,
    )
    assert sorted(found.found) == ["bienvenue", "objectif"]
    assert found.missing == ["conditions-age"]
    assert found.unknown == ["bienvenu.mp3"]


def test_a_recording_of_a_sentence_since_changed_is_not_used(tmp_path: Path) -> None:
    script = load_script().first(2)
    _files(tmp_path, "bienvenue.wav", "objectif.wav")
    sheet = tmp_path / f"{SCRIPT_NAME}.csv"
    sheet.write_text(
        "numero,id,chapitre,phrase,fichier\n"
        f"1,bienvenue,CGU,{script.steps[0].narration},bienvenue.wav\n"
        "2,objectif,CGU,Une phrase d'avant.,objectif.wav\n",
        encoding="utf-8-sig",
    )
    found = find_recordings(voice_dir=tmp_path, script=script)
    assert list(found.found) == ["bienvenue"]
    assert found.stale == ["objectif"]
    assert "objectif" in found.warnings(voice_dir=tmp_path)[0]


def test_two_recordings_for_one_sentence_are_refused(tmp_path: Path) -> None:
    _files(tmp_path, "bienvenue.wav", "bienvenue.mp3")
    with pytest.raises(VoiceDirError, match="two recordings for bienvenue"):
        find_recordings(voice_dir=tmp_path, script=load_script())


def test_a_missing_voice_dir_is_one_line(tmp_path: Path) -> None:
    proc = run_tutorial("--voice-dir", tmp_path / "nope", "--out", tmp_path / "out")
    assert_one_line_exit_2(
        proc, "--voice-dir", "no such folder", prefix="tutorial: ", stderr_only=True
    )
