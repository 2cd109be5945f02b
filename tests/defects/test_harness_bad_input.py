"""The suite under bad input: one clear line within 15 s, exit status 2, never a traceback.

tests/harness/test_profile_errors.py checks the wording serially; these add the parallel run
(`-n 2`, as `make test` and CI run the suite), the 15-second bound, and a browser that cannot
start.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers import assert_one_line_exit_2, free_port, run_suite
from walkthrough import runmodel

BOUND_S = 15


def _suite(
    *args: str, tmp_path: Path, env: dict[str, str] | None = None, workers: int = 2
) -> subprocess.CompletedProcess[str]:
    """Run the suite in a subprocess bounded by BOUND_S."""
    return run_suite(
        *args, run_root=tmp_path, timeout=BOUND_S, workers=workers, select="CGU-01", env=env
    )


def test_an_unreachable_target(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    assert_one_line_exit_2(_suite("--base-url", url, tmp_path=tmp_path), url)


def test_a_profile_with_a_wrong_key(tmp_path: Path) -> None:
    profile = tmp_path / "typo.toml"
    profile.write_text('base_url = "http://127.0.0.1:1/"\n[captcha]\nstratgy = "oracle"\n')
    assert_one_line_exit_2(_suite("--target", str(profile), tmp_path=tmp_path), "stratgy")


def test_a_target_that_is_not_the_walkthrough(not_the_walkthrough: str, tmp_path: Path) -> None:
    # It answers over HTTP, so the run starts and the browser judges it: NAV-01 fails and says
    # what the page showed. A raw HTTP read wrongly stopped client-rendered pages as "not the
    # walkthrough" with exit 2 (issue 11), which told the operator nothing about the page.
    result = run_suite(
        "--base-url", not_the_walkthrough, "--traces", "off", "--no-a11y", "--no-screenshots",
        run_root=tmp_path, timeout=BOUND_S * 12, workers=None, select="NAV-01",
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    _, scenarios, _ = runmodel.load_run(tmp_path / "run")
    nav01 = [s for s in scenarios if "NAV-01" in s.rule_ids]
    assert nav01 and all(s.status == "failed" for s in nav01), [s.status for s in nav01]
    for scenario in nav01:
        assert "NAV-01" in scenario.failed_rule_ids, scenario.error
        assert 'no control "Mon compte formation"' in (scenario.error or ""), scenario.error
        assert "Welcome to nginx!" in (scenario.error or ""), scenario.error


@pytest.mark.parametrize("chromium", ["/bin/false", "/nonexistent/chromium"])
def test_a_browser_that_cannot_start(tmp_path: Path, chromium: str) -> None:
    result = _suite(tmp_path=tmp_path, env={"CPF_CHROMIUM": chromium}, workers=0)
    assert_one_line_exit_2(result, "CPF_CHROMIUM")
