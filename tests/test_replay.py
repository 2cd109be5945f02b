"""walkthrough.replay: bodies read and rebuilt, typed values found with or without spaces."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from walkthrough.replay import NotIdentified, Reply, _identify, parse_body

FORM = "application/x-www-form-urlencoded"


@dataclass
class FakeRequest:
    """The three things `_identify` reads of a Playwright request."""

    headers: dict[str, str]
    post_data: str
    method: str = "POST"
    url: str = "http://127.0.0.1:8000/inscription/etape-2"


def identify(content_type: str, body: str, typed: dict[str, str], **tokens: str):
    request = FakeRequest({"content-type": content_type, "x-csrf": "t" * 20}, body)
    return _identify(request, step=2, typed=typed, tokens=tokens, page=request.url)  # type: ignore[arg-type]


def test_form_fields_are_found_in_typing_order_even_when_two_share_a_value() -> None:
    body = "csrf_token=abcdefghij&courriel=a%40b.fr&courriel_confirmation=a%40b.fr&captcha=K7"
    found = identify(FORM, body, {"email": "a@b.fr", "email_confirm": "a@b.fr", "captcha": "K7"},
                     csrf="abcdefghij")  # fmt: skip
    assert found.fields == {"email": 1, "email_confirm": 2, "captcha": 3}
    assert found.leaf_tokens == {0: "csrf"}
    rebuilt = found.body.rebuilt(["new-token", "x@y.fr", "X@y.fr", "Q1"])
    assert (
        rebuilt
        == "csrf_token=new-token&courriel=x%40y.fr&courriel_confirmation=X%40y.fr&captcha=Q1"
    )


def test_a_value_the_page_sent_without_its_spaces_is_found_and_marked() -> None:
    found = identify(FORM, "tel=0612345678", {"mobile": "06 12 34 56 78"})
    assert found.fields == {"mobile": 0} and found.squeezed == {"mobile"}


def test_json_leaves_are_rebuilt_in_place() -> None:
    body = json.dumps({"identite": {"nir": "1960575123456", "cle": "42"}, "ok": True})
    found = identify("application/json", body, {"nir": "1960575123456", "cle": "42"})
    rebuilt = found.body.rebuilt(["1960575123457", "43"])
    assert json.loads(str(rebuilt)) == {
        "identite": {"nir": "1960575123457", "cle": "43"},
        "ok": True,
    }


def test_multipart_fields_are_read() -> None:
    boundary = "----x"
    part = 'Content-Disposition: form-data; name="nom"\r\n\r\nDupont'
    body = f"--{boundary}\r\n{part}\r\n--{boundary}--\r\n"
    found = identify(f"multipart/form-data; boundary={boundary}", body, {"birth_name": "Dupont"})
    assert found.body.rebuilt(["Martin"]) == {"nom": "Martin"}


@pytest.mark.parametrize(
    ("content_type", "body", "why"),
    [
        (FORM, "nir=1", "the value typed into 'nir' is not in it"),
        ("text/plain", "nir=1960575123456", "its body is text/plain"),
        ("application/json", "{", "its JSON body does not parse"),
    ],
    ids=["value-missing", "plain-text", "broken-json"],
)
def test_a_request_that_cannot_be_understood_says_why(
    content_type: str, body: str, why: str
) -> None:
    with pytest.raises(NotIdentified, match=why):
        identify(content_type, body, {"nir": "1960575123456"})


def test_a_reply_reached_an_address_whatever_its_query_or_trailing_slash() -> None:
    reply = Reply(status=200, url="http://h:1/inscription/etape-3/?x=1")
    assert reply.reached("http://h:1/inscription/etape-3")
    assert not reply.reached("http://h:1/inscription/etape-2")
    assert parse_body(FORM, "a=").leaves == (("a", ""),)


def test_a_profile_turns_requests_without_the_page_off_and_a_typo_is_one_line(tmp_path) -> None:
    from walkthrough.profile import ProfileError, load_profile

    path = tmp_path / "p.toml"
    path.write_text('base_url = "http://127.0.0.1:1/"\n[server]\nwithout_page = false\n')
    assert load_profile(path).server.without_page is False
    path.write_text('base_url = "http://127.0.0.1:1/"\n[server]\nwithout_pages = false\n')
    with pytest.raises(ProfileError, match=r"server\.without_pages: unknown key"):
        load_profile(path)
