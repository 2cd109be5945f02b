"""Speech: gTTS unreachable falls back to espeak-ng with a warning; the cache never re-speaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import free_port
from tutorial.speech import (
    EspeakEngine,
    FallbackEngine,
    GTTSEngine,
    SpeechCache,
    SpeechError,
    wav_duration,
)


@pytest.fixture
def gtts_unreachable(monkeypatch: pytest.MonkeyPatch) -> int:
    """Point gTTS at a loopback port nobody listens on."""
    port = free_port()
    import gtts.tts

    monkeypatch.setattr(
        gtts.tts, "_translate_url", lambda tld="com", path="": f"http://127.0.0.1:{port}/{path}"
    )
    return port


def test_gtts_offline_raises_and_leaves_no_empty_file(
    tmp_path: Path, gtts_unreachable: int
) -> None:
    dest = tmp_path / "out.wav"
    with pytest.raises(SpeechError, match="gTTS unreachable"):
        GTTSEngine(timeout=2).synthesize(text="Bonjour.", dest=dest)
    assert list(tmp_path.iterdir()) == []


def test_auto_falls_back_to_espeak_with_one_visible_warning(
    tmp_path: Path, gtts_unreachable: int
) -> None:
    warnings: list[str] = []
    engine = FallbackEngine(
        first=GTTSEngine(timeout=2), second=EspeakEngine(), warn=warnings.append
    )
    cache = SpeechCache(root=tmp_path)
    first, name = cache.speak(engine, "Puis continuez.")
    second, _ = cache.speak(engine, "Finalisez votre inscription.")
    assert name == "espeak"
    assert len(warnings) == 1 and "falling back to espeak" in warnings[0]
    assert wav_duration(first) > 0.3 and wav_duration(second) > 0.3
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".wav"]
    assert leftovers == []


def test_an_unchanged_sentence_is_never_synthesized_twice(tmp_path: Path) -> None:
    engine = EspeakEngine()
    cache = SpeechCache(root=tmp_path)
    a, _ = cache.speak(engine, "Puis continuez.")
    b, _ = SpeechCache(root=tmp_path).speak(engine, "Puis continuez.")
    assert a == b and cache.synthesized == ["Puis continuez."]
    other, _ = cache.speak(EspeakEngine(voice="fr-be"), "Puis continuez.")
    assert other != a, "the voice is part of the key"


def test_a_voice_espeak_does_not_know_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SpeechError, match="espeak-ng failed"):
        EspeakEngine(voice="xx-nowhere").synthesize(text="Bonjour.", dest=tmp_path / "a.wav")
    assert list(tmp_path.iterdir()) == []
