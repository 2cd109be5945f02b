"""A wrong profile or option stops the run before any test with one line and exit status 2."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import assert_one_line_exit_2, free_port, run_suite, serve_html
from walkthrough.profile import Profile, ProfileError, check_reachable

TIMEOUT_S = 120


CASES = {
    "unknown key": ('base_url = "http://127.0.0.1:1/"\ncolour = "blue"\n', "colour: unknown key"),
    "missing value": (
        'base_url = "http://127.0.0.1:1/"\n[captcha]\nstrategy = "fixed"\n',
        "captcha.answer is required",
    ),
    "missing imap password": (
        'base_url = "http://127.0.0.1:1/"\n[mail]\nkind = "imap"\nhost = "h"\nport = 993\n'
        'user = "u"\naddress = "a@b.c"\n',
        "mail.password: missing value",
    ),
    "unknown locator": (
        'base_url = "http://127.0.0.1:1/"\n[locators]\nbouton = { text = "x" }\n',
        "locators.bouton",
    ),
    "no base_url": ('[captcha]\nstrategy = "oracle"\n', "base_url: missing"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_wrong_profile_is_named_in_one_line(case: str, tmp_path: Path) -> None:
    text, expected = CASES[case]
    profile = tmp_path / "wrong.toml"
    profile.write_text(text, encoding="utf-8")
    result = run_suite("--target", str(profile), run_root=tmp_path, timeout=TIMEOUT_S)
    assert_one_line_exit_2(result, expected)


def test_an_unreachable_url_is_named(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    result = run_suite("--base-url", url, run_root=tmp_path, timeout=TIMEOUT_S)
    assert_one_line_exit_2(result, url, "unreachable")


def test_reachability_is_all_the_profile_check_asks(not_the_walkthrough: str) -> None:
    # Whether it is the walkthrough is the browser's to judge (NAV-01): a raw read would
    # stop a client-rendered home page, a split control text, or a firewall refusing scripts.
    check_reachable(Profile(base_url=not_the_walkthrough))
    with pytest.raises(ProfileError, match=r"answered HTTP 404"):
        check_reachable(Profile(base_url=not_the_walkthrough + "absent"))


def test_a_firewall_that_refuses_scripts_does_not_stop_the_run(scripts_refused: str) -> None:
    check_reachable(Profile(base_url=scripts_refused))


@pytest.fixture
def scripts_refused() -> Iterator[str]:
    """Serve a home page to browsers only: Python's user agent gets 403."""
    page = "<html><body><div id=app></div><script></script></body></html>"
    with serve_html(lambda _path: page, refuse_agent="Python") as url:
        yield url


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--mail-quiet", "soon"),
        ("--mail-quiet", "-1"),
        ("--mail-quiet", "601"),
        ("--traces", "on"),
        # pytest-playwright's own options that would silently do nothing in this suite
        ("--tracing", "on"),
        ("--video", "retain-on-failure"),
        ("--browser", "firefox"),
    ],
)
def test_a_wrong_option_value_is_named_in_one_line(option: str, value: str, tmp_path: Path) -> None:
    # One rule selected: should the check let the value through, the run stays short.
    result = run_suite(option, value, select="CGU-01", run_root=tmp_path, timeout=TIMEOUT_S)
    assert_one_line_exit_2(result, option, repr(value))
