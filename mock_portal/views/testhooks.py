"""Test-only hooks, registered only in test mode (docs/contracts.md)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, session

bp = Blueprint("testhooks", __name__, url_prefix="/_test")


@bp.get("/captcha")
def captcha_answer() -> tuple[Response, int]:
    """Tell the answer of the captcha pending in the caller's session (the oracle)."""
    challenge = session.get("captcha")
    if not challenge:
        return jsonify(error="no captcha is pending in this session"), 404
    return jsonify(answer=challenge["answer"]), 200
