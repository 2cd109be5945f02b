"""Fixtures for the living-spec tests: one Chromium for the whole session."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.helpers import run_suite
from walkthrough.targets import portal_process


@pytest.fixture
def reader_page(chromium: Browser) -> Iterator[Page]:
    """Open a fresh page, as a reader opening the report would."""
    context = chromium.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


# The failing case comes from a real run: the bundled portal, driven by the suite through a
# profile whose expected CGU-02 message differs from what the portal shows, so CGU-02 fails.
BROKEN_PROFILE = """\
name = "portail-avec-règle-cassée"
base_url = "{url}"

[captcha]
strategy = "oracle"

[mail]
kind = "none"

[locators]
cgu_required = {{ text = "Texte attendu que le portail n'affiche pas" }}
"""
# CGU-02 fails (the override), CGU-01 passes, MAIL-03 is not tested (mail none): each status.
REAL_RUN_MARKERS = "CGU-01 or CGU-02 or MAIL-03"
REAL_RUN_TIMEOUT_S = 150


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _run_suite_against_broken_rule(reports: Path) -> None:
    with portal_process(smtp=("127.0.0.1", 9)) as url:
        profile = reports.parent / "broken.toml"
        profile.write_text(BROKEN_PROFILE.format(url=url), encoding="utf-8")
        done = run_suite(
            "--target",
            str(profile),
            path="steps/test_features.py",
            select=REAL_RUN_MARKERS,
            run_root=reports,
            timeout=REAL_RUN_TIMEOUT_S,
        )
    if done.returncode != 1:  # 1: some scenarios failed, as intended
        raise RuntimeError(f"the suite run ended with {done.returncode}:\n{done.stdout[-3000:]}")


@pytest.fixture(scope="session")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run part of the suite once per session against a broken rule; return its reports folder."""
    base = tmp_path_factory.getbasetemp()
    # xdist workers of one session share the run (their basetemps are siblings).
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    reports = shared / "livingspec-real-run" / "reports"
    finished = reports.parent / "finished"
    with _exclusive(shared / "livingspec-real-run.lock"):
        if not finished.exists():
            shutil.rmtree(reports, ignore_errors=True)
            reports.mkdir(parents=True)
            _run_suite_against_broken_rule(reports)
            finished.touch()
    return reports
