"""Captcha blueprint: the pending challenge, its image, its French audio, its renewal."""

from __future__ import annotations

import secrets

from flask import Blueprint, Response, abort, current_app, redirect, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from mock_portal.captcha_service import draw_png
from mock_portal.policy import policy

bp = Blueprint("captcha", __name__, url_prefix="/captcha")


def issue() -> dict[str, str]:
    """Create a new challenge for this session, replacing any pending one."""
    rules = policy()
    fresh = current_app.extensions["cpf_captcha_answers"].new_answer()
    challenge = {
        "id": secrets.token_urlsafe(12),
        "answer": rules.next_captcha_answer(fresh, session.get("captcha")),
    }
    session["captcha"] = challenge
    rules.captcha_issued(challenge)
    return challenge


def pending() -> dict[str, str]:
    """Return the pending challenge, issuing one if there is none."""
    return session.get("captcha") or issue()


def consume(typed: str) -> bool:
    """Check an answer once: the challenge is spent whatever the outcome (CAP-03)."""
    rules = policy()
    challenge = session.pop("captcha", None)
    pending_answer = [challenge["answer"]] if challenge else []
    candidates = [*rules.captcha_also_accepted(challenge), *pending_answer]
    ok = any(rules.captcha_matches(answer, typed) for answer in candidates)
    rules.captcha_checked(ok, typed)
    return ok


def judge(typed: str, *, refused_already: bool) -> bool:
    """Check step 2's answer; a step refused for another field spends it too (CAP-03)."""
    if refused_already and policy().captcha_kept_after_refusal():
        return policy().captcha_matches(pending()["answer"], typed)
    return consume(typed)


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
    rules = policy()
    wav = current_app.extensions["cpf_captcha_audio"].wav(
        rules.captcha_audio_key(challenge), challenge["answer"]
    )
    wav = rules.captcha_audio(wav)
    response = Response(wav, mimetype="audio/wav")
    response.headers["Content-Disposition"] = 'inline; filename="controle-securite.wav"'
    return _no_store(response)


@bp.get("/renouveler")
def renew() -> BaseResponse:
    """Replace the challenge (CAP-04) and go back to step 2 (the link without script)."""
    issue()
    return redirect(url_for("registration.step2"))
