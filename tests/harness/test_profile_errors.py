"""A wrong profile or option stops the run before any test with one line and exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import assert_one_line_exit_2, free_port, run_suite

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


def test_a_url_that_is_not_the_walkthrough_is_named(
    tmp_path: Path, not_the_walkthrough: str
) -> None:
    result = run_suite("--base-url", not_the_walkthrough, run_root=tmp_path, timeout=TIMEOUT_S)
    assert_one_line_exit_2(result, not_the_walkthrough, "Mon compte formation")


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
