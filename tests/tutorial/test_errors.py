"""A trainer's mistakes and a broken target: one clear line, exit status 2, nothing half-made."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from catalogue import messages
from tests.helpers import assert_one_line_exit_2, serve_html
from tests.tutorial.conftest import offline_env, run_tutorial
from tutorial import cli
from tutorial.script import SCRIPT_PATH


def _nothing_left(out: Path) -> None:
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")] == []


def _path_with(tmp_path: Path, *tools: str) -> str:
    """Return a PATH holding only the given programs."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in tools:
        (bin_dir / tool).symlink_to(shutil.which(tool) or f"/usr/bin/{tool}")
    return str(bin_dir)


@pytest.mark.parametrize(
    ("tools", "missing"),
    [(("espeak-ng",), "ffmpeg"), (("ffmpeg", "ffprobe"), "espeak-ng")],
)
def test_a_missing_tool_is_named_with_how_to_install_it(
    tmp_path: Path, tools: tuple[str, ...], missing: str
) -> None:
    out = tmp_path / "out"
    proc = run_tutorial("--out", out, env=offline_env(PATH=_path_with(tmp_path, *tools)))
    assert_one_line_exit_2(
        proc, f"{missing} not found", "apt-get install", prefix="tutorial: ", stderr_only=True
    )
    _nothing_left(out)


def test_an_unwritable_out_dir_is_refused_before_anything_starts(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    proc = run_tutorial("--out", blocker / "tutorial")
    assert_one_line_exit_2(
        proc, "cannot write to", "choose another --out", prefix="tutorial: ", stderr_only=True
    )


def test_an_unknown_language_names_the_file_to_add(tmp_path: Path) -> None:
    proc = run_tutorial("--out", tmp_path / "out", "--lang", "de")
    assert_one_line_exit_2(proc, "lang/de.yaml", "fr, en", prefix="tutorial: ", stderr_only=True)


def test_a_preview_of_an_unknown_step_names_the_script(tmp_path: Path) -> None:
    proc = run_tutorial("--out", tmp_path / "out", "--preview", "nulle-part")
    assert_one_line_exit_2(
        proc, "--preview nulle-part", "walkthrough.yaml", prefix="tutorial: ", stderr_only=True
    )
    assert not (tmp_path / "out").exists()


def _half_portal_page(path: str) -> str:
    body = (
        f'<a href="/connexion">{messages.HOME_ACCESS}</a>'
        if path == "/"
        else "<h1>Accès à mon espace sécurisé</h1><p>Maintenance</p>"
    )
    return f'<!doctype html><html lang="fr"><meta charset="utf-8">{body}</html>'


@pytest.fixture
def half_portal() -> Iterator[str]:
    """Serve a deployment whose home page works but whose login page has no "Je m'inscris"."""
    with serve_html(_half_portal_page) as url:
        yield url


def test_a_target_failing_mid_walkthrough_names_the_rule_and_keeps_the_old_output(
    tmp_path: Path, half_portal: str
) -> None:
    profile = tmp_path / "half.toml"
    profile.write_text(
        f'base_url = "{half_portal}"\n[captcha]\nstrategy = "fixed"\nanswer = "abcd"\n'
        '[mail]\nkind = "none"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    (out / "tutorial.json").write_text('{"steps": []}')
    proc = run_tutorial(
        "--target", profile, "--out", out, "--tts", "espeak", "--cache", tmp_path / "cache"
    )
    assert_one_line_exit_2(
        proc, "NAV-01", "lien-inscription", half_portal, prefix="tutorial: ", stderr_only=True
    )
    assert sorted(os.listdir(out)) == ["tutorial.json"], "the previous output was touched"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == []


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("--first", "0"), ("--first 0", "from 1 to")),
        (("--video", "720p", "--scale", "2"), ("--video 720p", "choose 1440p")),
    ],
    ids=["first-0", "720p-at-scale-2"],
)
def test_an_impossible_length_or_size_is_one_line(
    tmp_path: Path, args: tuple[str, ...], needles: tuple[str, ...]
) -> None:
    proc = run_tutorial(*args, "--out", tmp_path / "out")
    assert_one_line_exit_2(proc, *needles, prefix="tutorial: ", stderr_only=True)
    _nothing_left(tmp_path / "out")


@pytest.mark.parametrize(
    ("written", "instead", "needles"),
    [
        pytest.param(
            "[step_1.accept_cgu]", "[step_1.accept_cgux]",
            ["steps.7.actions.0", "(step accepter-cgu", "accept_cgux", "expected tags"],
            id="action",
        ),
        pytest.param(
            "[step_1.accept_cgu]", "[stepp_1.accept_cgu]",
            ["steps.7.actions.0", "(step accepter-cgu", "screen", "'step_1'"],
            id="screen-name",
        ),
        pytest.param(
            "[nir, cle, first_name", "[nirr, cle, first_name",
            ["step identite", "unknown element 'nirr'", "walkthrough/locators.py"],
            id="element",
        ),
    ],
)  # fmt: skip
def test_a_typo_in_the_script_is_one_line_before_anything_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str, instead: str,
    needles: list[str],
) -> None:  # fmt: skip
    script = tmp_path / "script.yaml"
    text = SCRIPT_PATH.read_text(encoding="utf-8")
    assert written in text
    script.write_text(text.replace(written, instead), encoding="utf-8")
    out = tmp_path / "out"
    proc = run_tutorial("--script", script, "--out", out)
    assert_one_line_exit_2(proc, str(script), *needles, prefix="tutorial: ", stderr_only=True)
    _nothing_left(out)

    # In the process itself: neither the portal nor the walk (and its browser) is ever reached.
    def started(*_args: object, **_kwargs: object) -> NoReturn:
        raise AssertionError("something started before the script was checked")

    monkeypatch.setattr(cli, "open_target", started)
    monkeypatch.setattr(cli, "generate", started)
    assert cli.main(["--script", str(script), "--out", str(out)]) == 2
