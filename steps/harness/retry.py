"""Playwright Test's `on-first-retry`: a failed scenario runs once more, traced.

Passing scenarios pay nothing for tracing. The verdict stays the first run's: only its
reports reach the terminal, JUnit and the run model; the second run only makes the trace and
says whether the failure came back (`retry_status`).
"""

from __future__ import annotations

import pytest
from _pytest.runner import runtestprotocol

from walkthrough.runmodel import Status

RETRY_KEY = pytest.StashKey[bool]()  # set while a failed scenario runs again, traced


def is_retry(node: pytest.Item) -> bool:
    """Tell whether `node` is the traced second run of a failed scenario (on-first-retry)."""
    return node.stash.get(RETRY_KEY, False)


def run_twice_if_failed(
    item: pytest.Item, nextitem: pytest.Item | None
) -> tuple[list[pytest.TestReport], Status | None]:
    """Run the item without logging; if it failed, run it again as a retry.

    Return the first run's reports and how the retry ended (None: there was none).
    """
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    first = runtestprotocol(item, nextitem=nextitem, log=False)
    if not any(r.failed for r in first) or item.session.shouldstop:
        return first, None
    item.stash[RETRY_KEY] = True
    second = runtestprotocol(item, nextitem=nextitem, log=False)
    return first, "failed" if any(r.failed for r in second) else "passed"


def log_first_run(item: pytest.Item, first: list[pytest.TestReport]) -> None:
    """Report the first run to the terminal and JUnit, as if it had been the only one."""
    for report in first:
        item.ihook.pytest_runtest_logreport(report=report)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
