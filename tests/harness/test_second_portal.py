"""The whole suite on an implementation in another style, with the profile shipped beside it.

`implementations/second` is a second, independent implementation of the walkthrough (stdlib HTTP
server, a JavaScript single-page app, client-side validation, `aria-errormessage`, its own
wording and URLs). Started on a free port with a fixed captcha, and driven through its own
`profile.toml` under `-n 2`, every scenario must pass or be reported `not tested:` (what a
fixed captcha cannot show): a conformant deployment gets no false failure. Two of its
deliberate defects must then fail the suite, naming the broken rule.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from bench.implementations import IMPLEMENTATIONS, serve
from tests.helpers import (
    assert_skips_need_each_captcha_or_a_date,
    assert_whole_suite_conformant,
    free_port,
    run_suite,
)
from walkthrough import runmodel

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "implementations" / "second" / "profile.toml"
ANSWER = "K7PQ3"


@contextlib.contextmanager
def second_portal(*, smtp_port: int, defects: Sequence[str] = ()) -> Iterator[str]:
    """Start the second implementation on a free port; yield its address; always stop it."""
    with serve(
        IMPLEMENTATIONS["second"],
        port=free_port(),
        smtp=("127.0.0.1", smtp_port),
        defects=defects,
        captcha=ANSWER,
    ) as url:
        yield url


def operator_profile(folder: Path, *, url: str, smtp_port: int) -> Path:
    """Return the shipped profile with this run's address, mail port and captcha answer.

    Only the deployment's own settings (what precedes `[locators]`) are rewritten: the labels
    and messages are the shipped profile's, word for word.
    """
    text = PROFILE.read_text(encoding="utf-8")
    overrides = text[text.index("[locators]") :]
    header = (
        f'name = "second-portal"\nbase_url = "{url}"\n'
        f'[captcha]\nstrategy = "fixed"\nanswer = "{ANSWER}"\n'
        f'[mail]\nkind = "smtp"\nhost = "127.0.0.1"\nport = {smtp_port}\n'
        "[report]\naccessibility = false\n"
    )
    profile = folder / "second-portal.toml"
    profile.write_text(header + overrides, encoding="utf-8")
    return profile


def _run(
    tmp: Path, *, defects: Sequence[str] = (), select: str | None = None
) -> list[runmodel.ScenarioResult]:
    smtp_port = free_port()
    with second_portal(smtp_port=smtp_port, defects=defects) as url:
        profile = operator_profile(tmp, url=url, smtp_port=smtp_port)
        result = run_suite(
            "--target", str(profile), "--traces", "off", "--no-screenshots",
            workers=2, select=select, run_root=tmp, timeout=1500,
        )  # fmt: skip
    assert result.returncode in (0, 1), (result.stdout + result.stderr)[-3000:]
    return list(runmodel.read_jsonl(tmp / "run" / "scenarios.jsonl", runmodel.ScenarioResult))


@pytest.mark.skipif(os.environ.get("CPF_SKIP_SECOND_PORTAL") == "1", reason="asked to skip")
def test_the_whole_suite_passes_on_a_conformant_implementation_in_another_style(
    tmp_path: Path,
) -> None:
    scenarios = _run(tmp_path)
    assert_whole_suite_conformant(scenarios)
    assert_skips_need_each_captcha_or_a_date(scenarios)


@pytest.mark.parametrize(
    ("defect", "rule", "select"),
    [
        ("password-two-digits", "PWD-01", "PWD-01"),
        ("errors-not-tied", "FORM-06", "FORM-06"),
        ("dif-refused-changes-figures", "SYN-06", "SYN-06"),
    ],
)
def test_a_defect_of_that_implementation_is_caught_and_named(
    tmp_path: Path, defect: str, rule: str, select: str
) -> None:
    scenarios = _run(tmp_path, defects=[defect], select=select)
    failed = [s for s in scenarios if s.status == "failed"]
    assert failed, f"{defect} went unnoticed"
    # Caught and named: a failure names the broken rule (a scenario tagged with two rules, such
    # as FORM-03 and FORM-06, may name the other one first).
    assert any(rule in s.failed_rule_ids for s in failed), [s.error for s in failed]


@pytest.mark.parametrize(
    ("defect", "select", "wording"),
    [
        (
            "phone-unchecked",
            "FORM-05",
            r'^FORM-05: the (fixe|portable) number "[^"]*" was accepted \(step 3 shown\)',
        ),
        (
            "login-reveals-unknown-nir",
            "LOG-02",
            r"^LOG-02: .*the two refusal pages differ: after the wrong password the page said "
            r"“[^”]+”, after the unknown NIR “[^”]+”",
        ),
    ],
)
def test_a_failure_says_what_happened(
    tmp_path: Path, defect: str, select: str, wording: str
) -> None:
    scenarios = _run(tmp_path, defects=[defect], select=select)
    errors = [s.error or "" for s in scenarios if s.status == "failed"]
    assert any(re.match(wording, e) for e in errors), errors
    # Neither a bare Playwright timeout nor a refused login reported as accepted.
    wrong = [e for e in errors if "Timeout" in e or (e.startswith("LOG-02") and "accepted" in e)]
    assert not wrong, wrong
