"""Captcha blueprint: case, single use, renewal, image, French audio and the test oracle (CAP)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from catalogue import messages, texts
from mock_portal import create_app
from mock_portal.captcha_service import ALPHABET, RandomAnswers, spoken_text
from tests.portal.conftest import CAPTCHA, Walk, csrf, field_errors, inputs, shown


def _oracle(client: FlaskClient) -> str:
    response = client.get("/_test/captcha")
    assert response.status_code == 200 and response.json is not None
    return str(response.json["answer"])


def _challenge_urls(page: str) -> tuple[str, str]:
    image = re.search(r'src="(/captcha/[^"]+\.png)"', page)
    audio = re.search(r'href="(/captcha/[^"]+\.wav)"', page)
    assert image and audio
    return image.group(1), audio.group(1)


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        (CAPTCHA, True),
        (CAPTCHA.lower(), True),
        (CAPTCHA.upper(), True),
        (CAPTCHA.swapcase(), True),
        (f"  {CAPTCHA} ", True),
        (CAPTCHA[:-1], False),
        (CAPTCHA + "x", False),
        ("", False),
    ],
)
def test_the_answer_ignores_case(walk: Walk, typed: str, accepted: bool) -> None:
    walk.accept_cgu()
    response = walk.identity(captcha=typed)
    if accepted:
        assert response.status_code == 302
    else:
        assert field_errors(response.text) == {"captcha": messages.CAPTCHA_WRONG}


@pytest.fixture
def random_config(config: dict[str, Any]) -> dict[str, Any]:
    """Use random answers, as production does."""
    config["CAPTCHA_FIXED"] = None
    return config


def test_random_answers_avoid_ambiguous_characters() -> None:
    answers = {RandomAnswers().new_answer() for _ in range(200)}
    assert len(answers) > 190
    assert all(len(a) == 5 and set(a) <= set(ALPHABET) for a in answers)
    assert not set("0O1Il") & set(ALPHABET)


def test_a_wrong_answer_gives_new_characters(random_config: Any, walk: Walk) -> None:
    walk.accept_cgu()
    page = walk.client.get("/inscription/etape-2").text
    before, before_audio = _challenge_urls(page)
    refused = walk.client.post(
        "/inscription/etape-2",
        data={"csrf_token": csrf(page),
              "captcha": "wrong", "nir": "", "cle": ""},
    )  # fmt: skip
    after, after_audio = _challenge_urls(refused.text)
    assert (after, after_audio) != (before, before_audio)
    assert walk.client.get(before).status_code == 404
    assert walk.client.get(after).status_code == 200
    assert messages.CAPTCHA_WRONG in shown(refused.text)


def test_an_answer_works_once(random_config: Any, walk: Walk) -> None:
    walk.accept_cgu()
    walk.client.get("/inscription/etape-2")
    answer = _oracle(walk.client)
    first = walk.identity(captcha=answer, nom_naissance="")
    assert "captcha" not in field_errors(first.text)
    replay = walk.identity(captcha=answer)
    assert field_errors(replay.text) == {"captcha": messages.CAPTCHA_WRONG}


def test_renewal_replaces_the_characters_and_keeps_what_was_typed(
    random_config: Any, walk: Walk
) -> None:
    walk.accept_cgu()
    page = walk.client.get("/inscription/etape-2").text
    assert texts.CAPTCHA_RENEW in page
    old = _oracle(walk.client)
    old_image, _ = _challenge_urls(page)
    renewed = walk.client.post(
        "/inscription/etape-2",
        data={"csrf_token": csrf(page), "action": "renouveler", "nom_naissance": "Roussarie",
              "courriel": "marion@example.org", "captcha": "abc"},
    )  # fmt: skip
    assert renewed.status_code == 200
    assert field_errors(renewed.text) == {}
    fields = inputs(renewed.text)
    assert fields["nom_naissance"]["value"] == "Roussarie"
    assert fields["courriel"]["value"] == "marion@example.org"
    assert fields["captcha"]["value"] == ""
    new_image, _ = _challenge_urls(renewed.text)
    assert new_image != old_image
    assert walk.client.get(old_image).status_code == 404
    if _oracle(walk.client).casefold() != old.casefold():
        refused = walk.identity(captcha=old)
        assert field_errors(refused.text) == {"captcha": messages.CAPTCHA_WRONG}
    walk.client.get("/captcha/renouveler")
    assert walk.identity(captcha=_oracle(walk.client)).status_code == 302


def test_the_help_sentence_leads_to_renewal_and_audio(walk: Walk) -> None:
    walk.accept_cgu()
    page = shown(walk.client.get("/inscription/etape-2").text)
    after = page.split(f"<p>{texts.CAPTCHA_HELP}</p>")[1]
    links = re.findall(r"<a [^>]+>([^<]+)</a>", after.split("</ul>")[0])
    assert links == [texts.CAPTCHA_RENEW, texts.CAPTCHA_AUDIO]


def test_renewal_without_script_goes_back_to_step2(walk: Walk) -> None:
    walk.accept_cgu()
    response = walk.client.get("/captcha/renouveler")
    assert response.status_code == 302
    assert response.location == "/inscription/etape-2"


def test_the_image_is_a_png_drawn_for_the_pending_challenge(walk: Walk) -> None:
    walk.accept_cgu()
    image, _ = _challenge_urls(walk.client.get("/inscription/etape-2").text)
    response = walk.client.get(image)
    assert response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG")
    assert response.headers["Cache-Control"] == "no-store"


def test_the_audio_speaks_the_same_characters_in_french(walk: Walk, app: Flask) -> None:
    walk.accept_cgu()
    page = walk.client.get("/inscription/etape-2").text
    assert texts.CAPTCHA_AUDIO in page
    _, audio = _challenge_urls(page)
    response = walk.client.get(audio)
    assert response.mimetype == "audio/wav"
    assert response.data[:4] == b"RIFF" and response.data[8:12] == b"WAVE"
    # Five spelled characters at a slow rate last well over a second of 22 kHz 16-bit audio.
    assert len(response.data) > 22050 * 2
    assert walk.client.get(audio).data == response.data  # cached, not spoken twice
    assert spoken_text("Xk7Pq") == "ixe majuscule. ka minuscule. 7. pé majuscule. ku minuscule."


def test_the_oracle_exists_only_in_test_mode(config: dict[str, Any], tmp_path: Any) -> None:
    config["TEST_MODE"] = False
    app = create_app(config, instance_path=str(tmp_path / "other"))
    walk = Walk(app.test_client())
    walk.accept_cgu()
    assert texts.CAPTCHA_INSTRUCTIONS in shown(walk.client.get("/inscription/etape-2").text)
    response = walk.client.get("/_test/captcha")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    app.extensions["cpf_engine"].dispose()


def test_the_oracle_says_when_nothing_is_pending(client: FlaskClient) -> None:
    response = client.get("/_test/captcha")
    assert response.status_code == 404
    assert response.json is not None and "error" in response.json
