"""What one run is configured to do, read once from the command line and the profile."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from catalogue.rules import rule_ids
from walkthrough.profile import Profile, ProfileError, check_reachable, load_profile

SETTINGS_KEY = pytest.StashKey["Settings"]()
TRACE_POLICIES = ("on-first-retry", "retain-on-failure", "off")
# pytest-playwright options that the suite's own contexts and recorder replace: a value other
# than the default would silently do nothing, so the run stops and says what to use instead.
UNUSED_PLAYWRIGHT_OPTIONS: dict[str, tuple[object, str]] = {
    "--tracing": ("off", f"use --traces {'|'.join(TRACE_POLICIES)}"),
    "--video": ("off", "the tutorial films the walkthrough: python -m tutorial"),
    "--screenshot": ("off", "a screenshot follows every step already (--no-screenshots: none)"),
    "--full-page-screenshot": (False, "step screenshots show the 1280x720 screen"),
    "--device": (None, "the suite drives a 1280x720 desktop screen"),
    "--output": ("test-results", "use --run-dir and --reports-dir"),
}
EXTRA_MARKERS = {
    "needs-each-captcha": "needs a captcha strategy that sees each captcha (not `fixed`)",
}


@dataclass(frozen=True)
class Settings:
    """The run's target profile (None: bundled portal) and recording switches."""

    profile: Profile | None
    run_dir: Path
    reports_dir: Path
    screenshots: bool
    accessibility: bool
    traces: str  # one of TRACE_POLICIES
    ws_endpoint: str | None
    mail_quiet_s: float
    worker: str
    run_uid: str
    shard: tuple[int, int] | None = None  # (K, N): this run is the K-th of N slices
    stop_on_rule: str | None = None  # stop at the first failure that names this rule


def add_options(parser: pytest.Parser) -> None:
    """Add the suite's options (--base-url, --headed and --slowmo come from pytest-playwright)."""
    group = parser.getgroup("cpf", "CPF conformance suite")
    group.addoption(
        "--target", metavar="PROFILE.toml", help="drive the deployment a profile describes"
    )
    group.addoption(
        "--browser-ws-endpoint",
        metavar="WS_URL",
        help="use a remote browser served by `playwright run-server`",
    )
    group.addoption("--no-screenshots", action="store_true", help="no screenshot after each step")
    group.addoption("--no-a11y", action="store_true", help="no accessibility audit of each screen")
    group.addoption(
        "--traces",
        metavar="POLICY",
        default="on-first-retry",
        help="Playwright traces of failed scenarios: on-first-retry (default: a failed scenario "
        "runs once more, traced; its verdict stays failed), retain-on-failure (trace every "
        "scenario, keep the failed ones' traces) or off",
    )
    group.addoption("--no-trace", action="store_true", help="same as --traces off")
    group.addoption(
        "--mail-quiet",
        metavar="SECONDS",
        default="3",
        help="how long to wait for an email that must not come: a second copy, or any "
        "email after a refusal (default 3)",
    )
    group.addoption(
        "--shard",
        metavar="K/N",
        help="run the K-th of N slices of the scenarios, balanced by the last whole run's "
        "durations (<reports-dir>/durations.json, or pytest-split's --durations-path)",
    )
    group.addoption(
        "--stop-on-rule",
        metavar="RULE",
        help="run RULE's scenarios first and stop at the first failure naming RULE (the "
        "defect matrix: a defect is caught as soon as the suite names the rule it breaks)",
    )
    group.addoption("--run-dir", default="reports/run", help="where the run model is written")
    group.addoption(
        "--reports-dir", default="reports", help="where cucumber.json and junit.xml are written"
    )


def register_markers(config: pytest.Config) -> None:
    """Register every catalogue ID (and the suite's own tags) as a marker."""
    for rule in rule_ids():
        config.addinivalue_line("markers", f"{rule}: catalogue rule {rule}")
    for name, doc in EXTRA_MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {doc}")


def stop(message: str) -> None:
    """Stop the run before any test with one line and exit status 2."""
    sys.stderr.write(f"cpf-suite: {message}\n")
    sys.stderr.flush()
    # pytest.exit() would print a banner and traceback-like noise; the operator gets one line.
    import os

    os._exit(2)


def read_settings(config: pytest.Config) -> Settings:
    """Read options and the profile; on the controller, check the profile and its URL."""
    workerinput = getattr(config, "workerinput", {})
    worker = workerinput.get("workerid", "main")
    run_uid = workerinput.get("testrunuid") or getattr(config.option, "testrunuid", None)
    if not run_uid:
        import uuid

        run_uid = uuid.uuid4().hex[:12]
        if hasattr(config.option, "testrunuid"):
            # xdist hands this id to every worker: their record files carry it.
            config.option.testrunuid = run_uid
    profile: Profile | None = None
    target = config.getoption("--target")
    base_url = config.getoption("--base-url")
    try:
        if target:
            profile = load_profile(Path(target))
            if base_url:
                profile = profile.model_copy(update={"base_url": base_url})
        elif base_url:
            profile = Profile(name="base-url", base_url=base_url)
        if profile is not None and worker == "main":
            check_reachable(profile)
    except ProfileError as exc:
        stop(str(exc))
    _refuse_unused_options(config)
    mail_quiet_s = _seconds(config.getoption("--mail-quiet"), "--mail-quiet")
    traces = "off" if config.getoption("--no-trace") else config.getoption("--traces")
    if traces not in TRACE_POLICIES:
        stop(f"--traces: expected one of {', '.join(TRACE_POLICIES)}, got {traces!r}")
    screenshots = not config.getoption("--no-screenshots")
    accessibility = not config.getoption("--no-a11y")
    if profile is not None:
        screenshots = screenshots and profile.report.screenshots
        accessibility = accessibility and profile.report.accessibility
    return Settings(
        profile=profile,
        run_dir=Path(config.getoption("--run-dir")).resolve(),
        reports_dir=Path(config.getoption("--reports-dir")).resolve(),
        screenshots=screenshots,
        accessibility=accessibility,
        traces=traces,
        ws_endpoint=config.getoption("--browser-ws-endpoint"),
        mail_quiet_s=mail_quiet_s,
        worker=worker,
        run_uid=run_uid,
        shard=_shard(config.getoption("--shard")),
        stop_on_rule=_rule(config.getoption("--stop-on-rule")),
    )


def _refuse_unused_options(config: pytest.Config) -> None:
    """Stop on a pytest-playwright option this suite does not honour, saying what to use."""
    for option, (default, instead) in UNUSED_PLAYWRIGHT_OPTIONS.items():
        value = config.getoption(option, default)
        if value != default:
            stop(f"{option} {value!r}: pytest-playwright's option has no effect here; {instead}")
    others = sorted(set(config.getoption("--browser", []) or []) - {"chromium"})
    if others:
        stop(f"--browser {others[0]!r}: the suite drives Chromium only; leave --browser out")


def _rule(raw: str | None) -> str | None:
    """Read a catalogue rule ID, or stop the run saying where the IDs are."""
    if raw is not None and raw not in rule_ids():
        stop(f"--stop-on-rule: {raw!r} is no rule of the catalogue (e.g. PWD-01)")
    return raw


def _shard(raw: str | None) -> tuple[int, int] | None:
    """Read `K/N` (1 <= K <= N), or stop the run saying what is expected."""
    if raw is None:
        return None
    k, _, n = raw.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        stop(f"--shard: expected K/N with 1 <= K <= N (e.g. --shard 2/3), got {raw!r}")
    return int(k), int(n)


def _seconds(raw: str, option: str) -> float:
    """Read a non-negative number of seconds, or stop the run naming the option."""
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 600:
        stop(f"{option}: expected a number of seconds between 0 and 600, got {raw!r}")
    return value
