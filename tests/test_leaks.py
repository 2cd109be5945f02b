"""walkthrough.leaks: a captcha answer found however a cookie hides it, and only as a word."""

from __future__ import annotations

import base64
import json
import zlib

import pytest
from itsdangerous import URLSafeTimedSerializer

from walkthrough.leaks import contains, decodings


def _readable(value: str, answer: str) -> list[str]:
    return [how for how, text in decodings(value) if contains(text, answer)]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    ("value", "how"),
    [
        (URLSafeTimedSerializer("s", salt="cookie-session").dumps({"c": "K7PQ3"}), "base64"),
        ("." + _b64(zlib.compress(json.dumps({"c": "k7pq3"}).encode())) + ".ts.sig", "zlib"),
        ("h." + _b64(json.dumps({"answer": "K7PQ3"}).encode()) + ".sig", "base64"),  # a JWT
        ("answer%3DK7PQ3", "URL-decoded"),
    ],
    ids=["flask-session", "compressed", "jwt-payload", "url-encoded"],
)
def test_an_answer_hidden_in_a_cookie_is_found(value: str, how: str) -> None:
    assert any(how in found for found in _readable(value, "K7PQ3")), list(decodings(value))


def test_an_answer_is_found_in_any_case_but_not_inside_a_longer_word() -> None:
    assert contains('{"captcha": "k7pq3"}', "K7PQ3")
    assert not contains("xK7PQ3y", "K7PQ3")
    assert not _readable("random-session-id-0123456789", "K7PQ3")
