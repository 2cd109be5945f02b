"""The whole suite on the third implementation (web components, toast, dialog, hash routes).

`implementations/third` holds each field's label, input, hint and error in an open shadow root,
counts the errors in a toast, asks a 15-year-old for the apprenticeship declaration in a modal
`<dialog>`, routes by hash and words every message the catalogue does not quote its own way.
Driven through its profile (the buttons' names only) under `-n 2`, every scenario must pass or
be reported `not tested:` (what a fixed captcha cannot show); two of its defects must then fail
the suite, naming the broken rule.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import tomli_w

from bench.implementations import IMPLEMENTATIONS, serve
from tests.helpers import (
    assert_skips_need_each_captcha_or_a_date,
    assert_whole_suite_conformant,
    free_port,
    run_suite,
)
from walkthrough import runmodel

ANSWER = "K7PQ3"


@contextlib.contextmanager
def third_portal(*, smtp_port: int, defects: Sequence[str] = ()) -> Iterator[str]:
    """Start the third implementation on a free port; yield its address; always stop it."""
    with serve(
        IMPLEMENTATIONS["third"],
        port=free_port(),
        smtp=("127.0.0.1", smtp_port),
        defects=defects,
        captcha=ANSWER,
    ) as url:
        yield url


def operator_profile(folder: Path, *, url: str, smtp_port: int) -> Path:
    """Return the shipped profile with this run's address, mail port and captcha answer."""
    profile = IMPLEMENTATIONS["third"].base_profile()
    profile.update(
        base_url=url,
        captcha={"strategy": "fixed", "answer": ANSWER},
        mail={"kind": "smtp", "host": "127.0.0.1", "port": smtp_port},
        report={"accessibility": False},
    )
    path = folder / "third-portal.toml"
    path.write_text(tomli_w.dumps(profile), encoding="utf-8")
    assert tomllib.loads(path.read_text(encoding="utf-8"))["locators"] == profile["locators"]
    return path


def _run(
    tmp: Path, *, defects: Sequence[str] = (), select: str | None = None
) -> list[runmodel.ScenarioResult]:
    smtp_port = free_port()
    with third_portal(smtp_port=smtp_port, defects=defects) as url:
        profile = operator_profile(tmp, url=url, smtp_port=smtp_port)
        result = run_suite(
            "--target", str(profile), "--traces", "off", "--no-screenshots",
            workers=2, select=select, run_root=tmp, timeout=1500,
        )  # fmt: skip
    assert result.returncode in (0, 1), (result.stdout + result.stderr)[-3000:]
    return list(runmodel.read_jsonl(tmp / "run" / "scenarios.jsonl", runmodel.ScenarioResult))


@pytest.mark.skipif(os.environ.get("CPF_SKIP_THIRD_PORTAL") == "1", reason="asked to skip")
def test_the_whole_suite_passes_on_a_web_component_implementation(tmp_path: Path) -> None:
    scenarios = _run(tmp_path)
    assert_whole_suite_conformant(scenarios)
    assert_skips_need_each_captcha_or_a_date(scenarios)


@pytest.mark.parametrize(
    ("defect", "rule"),
    [("step-skippable", "NAV-04"), ("name-not-capitals", "SYN-02")],
)
def test_a_defect_of_the_third_implementation_is_caught_and_named(
    tmp_path: Path, defect: str, rule: str
) -> None:
    scenarios = _run(tmp_path, defects=[defect], select=rule)
    failed = [s for s in scenarios if s.status == "failed"]
    assert failed, f"{defect} went unnoticed"
    assert any(rule in s.failed_rule_ids for s in failed), [s.error for s in failed]
