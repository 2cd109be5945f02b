"""The test-only hook, registered only when the portal is started with `--test-mode`."""

from __future__ import annotations

from flask import Blueprint, g, jsonify

from implementations.third.web import Reply, settings

bp = Blueprint("testhooks", __name__, url_prefix="/_test")


@bp.get("/captcha")
def pending_answer() -> Reply:
    """Tell the answer of the captcha pending in the caller's session (the suite's oracle)."""
    store = settings().store
    ident = store.live_captcha(g.session["sid"])
    answer = store.captcha_answer(ident) if ident else None
    if answer is None:
        return jsonify(error="no captcha is pending in this session"), 404
    return jsonify(answer=answer), 200
