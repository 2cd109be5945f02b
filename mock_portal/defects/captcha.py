"""Defective captcha rules: answers that stay good, leak, or are heard wrong (CAP-02..05)."""

from __future__ import annotations

import io
import wave
from typing import Any

from flask import after_this_request, current_app, session
from itsdangerous import URLSafeTimedSerializer

from mock_portal.defects.switches import variant
from mock_portal.policy import Policy, step_progress


@variant("captcha-case-sensitive")
class CaptchaCaseSensitive(Policy):
    def captcha_matches(self, answer: str, typed: str) -> bool:
        return answer == typed.strip()


class _SpentStaysGood(Policy):
    """Keep every answer checked in the session, and accept them all again."""

    def captcha_also_accepted(self, challenge: dict[str, str] | None) -> list[str]:
        spent: list[str] = session.get("captcha_spent", [])
        if challenge is not None:
            session["captcha_spent"] = [*spent, challenge["answer"]]
        return [*super().captcha_also_accepted(challenge), *spent]


@variant("captcha-replayable")
class CaptchaReplayable(_SpentStaysGood):
    pass


@variant("captcha-same-after-error")
class CaptchaSameAfterError(_SpentStaysGood):
    def next_captcha_answer(self, fresh: str, replaced: dict[str, str] | None) -> str:
        spent = session.get("captcha_spent")
        return spent[-1] if spent else super().next_captcha_answer(fresh, replaced)


@variant("captcha-valid-after-renewal")
class CaptchaValidAfterRenewal(Policy):
    def next_captcha_answer(self, fresh: str, replaced: dict[str, str] | None) -> str:
        if replaced:
            session["captcha_old"] = [*session.get("captcha_old", []), replaced["answer"]]
        return super().next_captcha_answer(fresh, replaced)

    def captcha_also_accepted(self, challenge: dict[str, str] | None) -> list[str]:
        return [*super().captcha_also_accepted(challenge), *session.get("captcha_old", [])]


@variant("captcha-replay-after-success")
class CaptchaReplayAfterSuccess(Policy):
    def captcha_also_accepted(self, challenge: dict[str, str] | None) -> list[str]:
        others = super().captcha_also_accepted(challenge)
        if step_progress().get("identity"):
            # Once step 2 is passed, the answer that passed it stays good.
            others = [*others, *session.get("captcha_passed", [])]
        return others

    def captcha_checked(self, ok: bool, typed: str) -> None:
        super().captcha_checked(ok, typed)
        if ok:
            session["captcha_passed"] = [typed]


@variant("captcha-in-cookie")
class CaptchaInCookie(Policy):
    def captcha_issued(self, challenge: dict[str, str]) -> None:
        super().captcha_issued(challenge)
        # Signed as Flask signs its own session cookie: readable by anyone who decodes it.
        signed = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="cookie-session")
        value = signed.dumps({"captcha": challenge})

        @after_this_request
        def _set(response: Any) -> Any:
            response.set_cookie("etat", value, httponly=True, samesite="Lax")
            return response


@variant("captcha-kept-after-refusal")
class CaptchaKeptAfterRefusal(Policy):
    def captcha_kept_after_refusal(self) -> bool:
        return True


@variant("captcha-audio-stale")
class CaptchaAudioStale(Policy):
    def captcha_audio_key(self, challenge: dict[str, str]) -> str:
        return "stale"  # one cache key for every challenge: the first one spoken stays


@variant("captcha-audio-silent")
class CaptchaAudioSilent(Policy):
    def captcha_audio(self, wav: bytes) -> bytes:
        return silent_like(super().captcha_audio(wav))


def silent_like(wav: bytes) -> bytes:
    """Return a WAV as long as `wav` but silent."""
    with wave.open(io.BytesIO(wav)) as spoken:
        params = spoken.getparams()
    # espeak-ng streams its WAV with an open-ended length: count the bytes after the header.
    frames = max(0, len(wav) - 44) // (params.sampwidth * params.nchannels)
    out = io.BytesIO()
    with wave.open(out, "wb") as quiet:
        quiet.setparams(params._replace(nframes=frames))
        quiet.writeframes(b"\x00" * frames * params.sampwidth * params.nchannels)
    return out.getvalue()
