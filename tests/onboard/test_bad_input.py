"""Bad input to onboarding: one line saying what to do, exit status 2, and no profile written."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.helpers import assert_one_line_exit_2, free_port, serve_html
from tests.onboard.conftest import onboard
from walkthrough.targets import portal_process


def _nothing_written(folder: Path) -> None:
    assert list(folder.iterdir()) == []


def test_an_unreachable_address(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    result = onboard(url, "--captcha-fixed", "ABCDE", "-o", str(tmp_path / "p.toml"),
                     "--smtp", f"127.0.0.1:{free_port()}")  # fmt: skip
    assert_one_line_exit_2(result, url, "unreachable", "check the address", prefix="onboard: ")
    _nothing_written(tmp_path)


def test_a_page_that_is_not_the_walkthrough(not_the_walkthrough: str, tmp_path: Path) -> None:
    output = str(tmp_path / "p.toml")
    result = onboard(not_the_walkthrough, "--captcha-fixed", "ABCDE", "-o", output,
                     "--smtp", f"127.0.0.1:{free_port()}")  # fmt: skip
    assert_one_line_exit_2(result, "not the walkthrough", "home page", prefix="onboard: ")
    _nothing_written(tmp_path)


def test_a_home_page_drawn_by_script_is_waited_for(tmp_path: Path) -> None:
    # Its control appears a second after the page loads, and leads to a login page without
    # the title NAV-01 fixes: the walk got past the home page, then stopped on the right line.
    home = (
        "<html><body><script>setTimeout(() => { document.body.innerHTML = "
        "'<a href=\"/connexion\">Mon compte formation</a>'; }, 1000)</script></body></html>"
    )
    pages = {"/": home, "/connexion": "<html><body><h1>Bienvenue</h1></body></html>"}
    with serve_html(pages.get) as url:
        result = onboard(url, "--captcha-fixed", "ABCDE", "-o", str(tmp_path / "p.toml"),
                         "--smtp", f"127.0.0.1:{free_port()}")  # fmt: skip
    assert_one_line_exit_2(result, "leads to no page titled “Accès à mon espace sécurisé”")
    _nothing_written(tmp_path)


def test_a_captcha_answer_the_deployment_refuses(tmp_path: Path) -> None:
    smtp_port = free_port()
    with portal_process(smtp=("127.0.0.1", smtp_port), captcha_fixed="K7PQ3") as url:
        result = onboard(url, "--captcha-fixed", "ZZZZZ", "-o", str(tmp_path / "p.toml"),
                         "--smtp", f"127.0.0.1:{smtp_port}")  # fmt: skip
    assert_one_line_exit_2(result, "refused the captcha answer", "--captcha-fixed")
    _nothing_written(tmp_path)


def test_a_mailbox_that_never_receives_the_email(tmp_path: Path) -> None:
    with portal_process(smtp=("127.0.0.1", free_port())) as url:
        elsewhere = free_port()
        result = onboard(url, "--captcha-oracle", "-o", str(tmp_path / "p.toml"),
                         "--smtp", f"127.0.0.1:{elsewhere}", "--mail-wait", "3")  # fmt: skip
    assert_one_line_exit_2(
        result, "no email for", f"127.0.0.1:{elsewhere}", "within 3 s", "where the deployment sends"
    )
    _nothing_written(tmp_path)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["http://127.0.0.1:9/", "-o", "p.toml"], "--captcha-fixed ANSWER or --captcha-oracle"),
        (["http://127.0.0.1:9/", "--captcha-oracle"], "-o staging.toml"),
        (["--captcha-oracle", "-o", "p.toml"], "BASE_URL"),
        (["ftp://x/", "--captcha-oracle", "-o", "p.toml"], "http:// or https://"),
        (["http://x/", "--captcha-oracle", "-o", "p.toml", "--smtp", "8025"], "HOST:PORT"),
        (["http://x/", "--captcha-oracle", "-o", "p.toml", "--imap", "h:993"], "--imap-user"),
        (["--check", "missing.toml"], "no such profile file"),
        (["http://x/", "--captcha-oracle", "-o", "nowhere/p.toml"], "create it first"),
        (["--bogus"], "unrecognized arguments"),
    ],
    ids=[
        "no-captcha",
        "no-output",
        "no-url",
        "not-http",
        "smtp-port",
        "imap-user",
        "check-file",
        "no-folder",
        "unknown-option",
    ],
)
def test_bad_options(args: list[str], needle: str, tmp_path: Path) -> None:
    result = onboard(*[str(tmp_path / a) if a.endswith(".toml") else a for a in args])
    assert_one_line_exit_2(result, needle, prefix="onboard: ")
    assert not (tmp_path / "p.toml").exists()


def test_a_profile_to_check_that_does_not_load(tmp_path: Path) -> None:
    profile = tmp_path / "staging.toml"
    profile.write_text('base_url = "http://x/"\n[locators]\nsuivant = "x"\n', encoding="utf-8")
    result = onboard("--check", str(profile))
    assert_one_line_exit_2(result, str(profile), "locators.suivant", prefix="onboard: ")


def test_an_smtp_port_already_taken(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = onboard("http://127.0.0.1:9/", "--captcha-oracle", "-o", str(tmp_path / "p.toml"),
                         "--smtp", f"127.0.0.1:{port}")  # fmt: skip
    assert_one_line_exit_2(result, f"--smtp 127.0.0.1:{port}: cannot listen there")
    _nothing_written(tmp_path)
