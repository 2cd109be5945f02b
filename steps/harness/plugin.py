"""The suite's pytest plugin: options, markers, profile check, skips, recording and the merge."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from catalogue.rules import catalogue_version
from livingspec import allure
from steps.harness import expected, reports
from steps.harness.preflight import check_browser, runs_scenarios
from steps.harness.recorder import Recorder, scenario_template
from steps.harness.settings import (
    SETTINGS_KEY,
    Settings,
    add_options,
    read_settings,
    register_markers,
    stop,
)
from steps.harness.shards import configure_split, durations_path, store_durations
from walkthrough.runmodel import RunInfo

START_KEY = pytest.StashKey[tuple[float, str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)
    expected.add_option(parser.getgroup("cpf"))


@pytest.hookimpl(tryfirst=True)  # before pytest-split reads --splits/--group
def pytest_configure(config: pytest.Config) -> None:
    register_markers(config)
    settings = read_settings(config)
    config.stash[SETTINGS_KEY] = settings
    configure_split(config, settings)
    config.stash[START_KEY] = (time.perf_counter(), datetime.now(UTC).isoformat(timespec="seconds"))
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    if settings.worker == "main" and runs_scenarios(config):
        check_browser(settings)
    if settings.worker == "main":
        named = settings.profile.expectations if settings.profile else None
        try:
            config.stash[expected.EXPECTATIONS_KEY] = expected.load(
                expected.chosen_file(config, profile_expectations=named),
                features_dir=_features_dir(config),
            )
        except expected.ExpectationError as exc:
            stop(str(exc))
    profile = settings.profile
    if settings.worker == "main" and profile is not None and profile.mail.kind == "smtp":
        # One listener for the whole run: xdist workers read what it stores in the Maildir.
        from walkthrough.mail import SmtpSink

        sink = SmtpSink(
            host=profile.mail.host,
            port=profile.mail.port,
            maildir=settings.run_dir / "mail" / settings.run_uid,
        )
        try:
            sink.start()
        except (OSError, RuntimeError) as exc:
            mail = profile.mail
            stop(
                f"mail: cannot listen on {mail.host}:{mail.port} ({exc}); "
                "free that port or set mail.port in the profile"
            )
        config.add_cleanup(sink.stop)
    config.pluginmanager.register(
        Recorder(
            run_dir=settings.run_dir,
            part=reports.part_name("scenarios", settings),
            worker=settings.worker,
            screenshots=settings.screenshots,
            retry=settings.traces == "on-first-retry",
            stop_on_rule=settings.stop_on_rule,
        ),
        "cpf-recorder",
    )


def _not_tested(settings: Settings) -> dict[str, str]:
    """Return {tag: reason} for what this target's profile cannot show."""
    skips: dict[str, str] = {}
    profile = settings.profile
    if profile is None:
        return skips
    if profile.mail.kind == "none":
        for n in (1, 2, 3):
            skips[f"MAIL-0{n}"] = "not tested: the profile has no mailbox (mail kind = none)"
    if profile.captcha.strategy == "fixed":
        skips["needs-each-captcha"] = (
            "not tested: with a fixed captcha every answer is the same, so nothing can be seen "
            "to change (CAP-03 replay and new characters, CAP-04, CAP-05's new audio)"
        )
    return skips


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skips = _not_tested(config.stash[SETTINGS_KEY])
    for item in items:
        if scenario_template(item) is None:
            continue
        for marker in item.iter_markers():
            if marker.name in skips:
                item.add_marker(pytest.mark.skip(reason=skips[marker.name]))
                break


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5
        )
    except OSError:
        return None
    return out.stdout.strip() or None


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    settings = config.stash[SETTINGS_KEY]
    if settings.worker != "main":
        return
    results = reports.merge(settings.run_dir, run_uid=settings.run_uid)
    if results is None:
        return
    started, started_at = config.stash[START_KEY]
    profile = settings.profile
    numprocesses = getattr(config.option, "numprocesses", None)
    info = RunInfo(
        run_id=uuid.uuid4().hex[:12],
        started_at=started_at,
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        duration_s=round(time.perf_counter() - started, 3),
        target_name=profile.name if profile else "bundled",
        base_url=(profile.base_url if profile else "") or "bundled portal (one per worker)",
        captcha=profile.captcha.strategy if profile else "oracle",
        mail=profile.mail.kind if profile else "smtp",
        browser_name="chromium",
        browser_version=_browser_version(settings),
        workers=int(str(numprocesses)) if str(numprocesses or "").isdigit() else 1,
        git_commit=_git_commit(),
        catalogue_version=catalogue_version(),
        argv=sys.argv[1:],
        counts=reports.counts(results),
    )
    reports.write_run_info(settings.run_dir, info)
    expected.finish(session, run_dir=settings.run_dir, results=results, complete=not settings.shard)
    if settings.shard is None:
        store_durations(durations_path(config, settings), results)
    _save_features(config, settings)
    reports.write_reports(
        settings.run_dir, settings.reports_dir, results, embed=settings.screenshots
    )
    allure.write_results(settings.run_dir, settings.reports_dir / allure.RESULTS_DIR)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    expected.summary(terminalreporter, config)


def _features_dir(config: pytest.Config) -> Path:
    return Path(config.rootpath) / (config.getini("bdd_features_base_dir") or "features")


def _save_features(config: pytest.Config, settings: Settings) -> None:
    """Copy the feature files the run read into the run folder: the run is self-contained.

    The living spec reads `<run>/features/` first, so a report rebuilt after the features
    change still shows the words the scenarios ran with.
    """
    base = _features_dir(config)
    if not base.is_dir():
        return
    saved = settings.run_dir / "features"
    shutil.rmtree(saved, ignore_errors=True)
    shutil.copytree(base, saved, ignore=shutil.ignore_patterns("*.pyc", "__pycache__"))


def _browser_version(settings: Settings) -> str:
    version_file = settings.run_dir / "browser-version.txt"
    if version_file.exists():
        return version_file.read_text().strip()
    return ""  # no scenario opened a browser
