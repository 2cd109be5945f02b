"""Narration audio: TTS engines behind a Protocol, a fallback, a cache by engine, voice and text."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

SAMPLE_RATE = 22050  # espeak-ng's own rate; gTTS's MP3 is converted to it
GTTS_TIMEOUT = 8.0


class SpeechError(RuntimeError):
    """An engine could not speak a sentence."""


class TTSEngine(Protocol):
    """Turn one sentence into a mono 16-bit WAV file."""

    name: str
    voice: str

    def synthesize(self, *, text: str, dest: Path) -> None:
        """Write `text`, spoken, to `dest` as WAV; raise SpeechError on failure."""
        ...


def to_wav(src: Path, dest: Path) -> None:
    """Convert any audio file to the project's WAV format with ffmpeg."""
    cmd = ["ffmpeg", "-v", "error", "-y", "-i", str(src), "-ac", "1", "-ar", str(SAMPLE_RATE)]
    done = subprocess.run([*cmd, "-c:a", "pcm_s16le", str(dest)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SpeechError(f"ffmpeg could not convert {src.name}: {done.stderr.strip()[:200]}")


@dataclass
class EspeakEngine:
    """Speak offline with espeak-ng."""

    voice: str = "fr-fr"
    name: str = "espeak"
    executable: str = "espeak-ng"

    def synthesize(self, *, text: str, dest: Path) -> None:
        """Write `text` spoken by espeak-ng to `dest`."""
        raw = dest.with_suffix(".espeak.wav")
        cmd = [self.executable, "-v", self.voice, "-w", str(raw), text]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0 or not raw.is_file() or raw.stat().st_size <= 44:
            raw.unlink(missing_ok=True)
            raise SpeechError(f"espeak-ng failed for voice {self.voice}: {done.stderr.strip()}")
        to_wav(raw, dest)
        raw.unlink()


@dataclass
class GTTSEngine:
    """Speak with Google's TTS service, with a timeout (needs the network)."""

    voice: str = "fr"
    lang: str = "fr"
    timeout: float = GTTS_TIMEOUT
    name: str = "gtts"

    def synthesize(self, *, text: str, dest: Path) -> None:
        """Write `text` spoken by gTTS to `dest`; never leave the empty file gTTS makes offline."""
        from gtts import gTTS, gTTSError

        mp3 = dest.with_suffix(".gtts.mp3")
        try:
            gTTS(text=text, lang=self.lang, tld=self.voice, timeout=self.timeout).save(str(mp3))
            if mp3.stat().st_size == 0:
                raise SpeechError("gTTS wrote an empty file")
            to_wav(mp3, dest)
        except (gTTSError, OSError, ValueError, AssertionError) as exc:
            raise SpeechError(f"gTTS unreachable ({str(exc).splitlines()[0][:120]})") from exc
        finally:
            mp3.unlink(missing_ok=True)


@dataclass
class FallbackEngine:
    """Try the first engine; once it fails, warn once and use the second for the rest of the run."""

    first: TTSEngine
    second: TTSEngine
    warn: Callable[[str], None]
    failed: bool = False

    @property
    def engines(self) -> tuple[TTSEngine, ...]:
        """Return the engines in the order they are tried now."""
        return (self.second,) if self.failed else (self.first, self.second)


def wav_duration(path: Path) -> float:
    """Return the length of a WAV file in seconds."""
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


@dataclass
class SpeechCache:
    """Keep each spoken sentence under a key made of engine, voice and text."""

    root: Path
    synthesized: list[str] = field(default_factory=list)
    hits: int = 0

    def path_for(self, engine: TTSEngine, text: str) -> Path:
        """Return where the audio of `text` by `engine` is (or would be) cached."""
        key = hashlib.sha256(f"{engine.name}\0{engine.voice}\0{text}".encode()).hexdigest()
        return self.root / engine.name / f"{key[:32]}.wav"

    def speak(self, engine: TTSEngine | FallbackEngine, text: str) -> tuple[Path, str]:
        """Return the cached audio of `text` and its engine's name, synthesizing only if missing."""
        engines = engine.engines if isinstance(engine, FallbackEngine) else (engine,)
        for candidate in engines:
            cached = self.path_for(candidate, text)
            if cached.is_file():
                self.hits += 1
                return cached, candidate.name
        last: SpeechError | None = None
        for candidate in engines:
            try:
                return self._synthesize(candidate, text), candidate.name
            except SpeechError as exc:
                last = exc
                if isinstance(engine, FallbackEngine) and candidate is engine.first:
                    engine.failed = True
                    engine.warn(f"{exc}; falling back to {engine.second.name}")
        assert last is not None
        raise last

    def _synthesize(self, engine: TTSEngine, text: str) -> Path:
        dest = self.path_for(engine, text)
        dest.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the cache entry and rename, so an interrupted run leaves no half file.
        fd, tmp = tempfile.mkstemp(dir=dest.parent, suffix=".part.wav")
        os.close(fd)
        try:
            engine.synthesize(text=text, dest=Path(tmp))
            os.replace(tmp, dest)
        finally:
            Path(tmp).unlink(missing_ok=True)
        self.synthesized.append(text)
        return dest


def make_engine(
    *,
    choice: str,
    voices: dict[str, str],
    lang: str,
    warn: Callable[[str], None],
    voice: str | None = None,
) -> TTSEngine | FallbackEngine:
    """Build the engine for --tts auto|gtts|espeak, the script's voices and an optional --voice."""
    # --voice names a voice of the engine asked for; under auto, of espeak-ng (the offline one).
    espeak = EspeakEngine(voice=(choice != "gtts" and voice) or voices.get("espeak", lang))
    gtts = GTTSEngine(voice=(choice == "gtts" and voice) or voices.get("gtts", "com"), lang=lang)
    if choice == "espeak":
        return espeak
    if choice == "gtts":
        return gtts
    return FallbackEngine(first=gtts, second=espeak, warn=warn)


def missing_tools(*, tts: str) -> list[str]:
    """Return the external programs this run needs and cannot find."""
    needed = ["ffmpeg", "ffprobe"] + (["espeak-ng"] if tts in ("auto", "espeak") else [])
    return [tool for tool in needed if shutil.which(tool) is None]
