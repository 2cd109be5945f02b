"""Captcha blueprint: the pending challenge, its image, its French audio, its renewal."""

from __future__ import annotations

import secrets

from flask import Blueprint, Response, abort, current_app, redirect, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from mock_portal.captcha_service import answer_matches, draw_png
from mock_portal.defects import active, leak_answer, silent_like

bp = Blueprint("captcha", __name__, url_prefix="/captcha")


def issue() -> dict[str, str]:
    """Create a new challenge for this session, replacing any pending one."""
    answer = current_app.extensions["cpf_captcha_answers"].new_answer()
    replaced = session.get("captcha")
    if replaced and active("captcha-valid-after-renewal"):
        session["captcha_old"] = [*session.get("captcha_old", []), replaced["answer"]]
    if session.get("captcha_spent") and active("captcha-same-after-error"):
        answer = session["captcha_spent"][-1]
    challenge = {"id": secrets.token_urlsafe(12), "answer": answer}
    session["captcha"] = challenge
    if active("captcha-in-cookie"):
        leak_answer(challenge)
    return challenge


def pending() -> dict[str, str]:
    """Return the pending challenge, issuing one if there is none."""
    return session.get("captcha") or issue()


def consume(typed: str) -> bool:
    """Check an answer once: the challenge is spent whatever the outcome (CAP-03)."""
    challenge = session.pop("captcha", None)
    if active("captcha-case-sensitive"):
        return challenge is not None and challenge["answer"] == typed.strip()
    others: list[str] = []
    if active("captcha-replayable") or active("captcha-same-after-error"):
        others = session.get("captcha_spent", [])
        if challenge is not None:
            session["captcha_spent"] = [*others, challenge["answer"]]
    if active("captcha-valid-after-renewal"):
        others = [*others, *session.get("captcha_old", [])]
    passed_step_2 = bool((session.get("inscription") or {}).get("identity"))
    if active("captcha-replay-after-success") and passed_step_2:
        # Once step 2 is passed, the answer that passed it stays good (CAP-03 forbids it).
        others = [*others, *session.get("captcha_passed", [])]
    candidates = [*others, *([challenge["answer"]] if challenge else [])]
    ok = any(answer_matches(answer, typed) for answer in candidates)
    if ok and active("captcha-replay-after-success"):
        session["captcha_passed"] = [typed]
    return ok


def _challenge(challenge_id: str) -> dict[str, str]:
    challenge = session.get("captcha")
    if not challenge or not secrets.compare_digest(challenge["id"], challenge_id):
        abort(404)
    return challenge


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<challenge_id>.png")
def image(challenge_id: str) -> Response:
    """Draw the pending challenge."""
    challenge = _challenge(challenge_id)
    return _no_store(Response(draw_png(challenge["answer"]), mimetype="image/png"))


@bp.get("/<challenge_id>.wav")
def audio(challenge_id: str) -> Response:
    """Speak the pending challenge in French (CAP-05)."""
    challenge = _challenge(challenge_id)
    # With `captcha-audio-stale`, one cache key for every challenge: the first one spoken stays.
    key = "stale" if active("captcha-audio-stale") else challenge["id"]
    wav = current_app.extensions["cpf_captcha_audio"].wav(key, challenge["answer"])
    if active("captcha-audio-silent"):
        wav = silent_like(wav)
    response = Response(wav, mimetype="audio/wav")
    response.headers["Content-Disposition"] = 'inline; filename="controle-securite.wav"'
    return _no_store(response)


@bp.get("/renouveler")
def renew() -> BaseResponse:
    """Replace the challenge (CAP-04) and go back to step 2 (the link without script)."""
    issue()
    return redirect(url_for("registration.step2"))
