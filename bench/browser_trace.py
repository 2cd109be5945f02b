"""Trace the browser (Chromium's own trace) while the happy path runs with the suite's evidence.

    .venv/bin/python -m bench.browser_trace            # prints the top events by CPU time

The happy path of bench/suite_bench.py runs on the bundled portal; after each page it is
audited with axe-core (livingspec.a11y.audit_page) and shot as the recorder does (JPEG 85).
The trace's complete events are summed by name over their thread time (`tdur`, CPU), events run
directly by each thread's task loop (nested ones are inside their parent's time).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from playwright.sync_api import Page, sync_playwright

from bench.suite_bench import _plain_happy_path
from livingspec.a11y import audit_page
from walkthrough.browser import launch_args
from walkthrough.people import make_person
from walkthrough.targets import bundled_target

CATEGORIES = [
    "devtools.timeline",
    "v8",
    "blink",
    "cc",
    "gpu",
    "toplevel",
    "disabled-by-default-devtools.timeline",
]


def _evidence(page: Page) -> None:
    seen: set[str] = set()

    def after(_: Any) -> None:
        if page.url in seen:
            return
        seen.add(page.url)
        try:
            audit_page(page, screen=page.url)
            page.screenshot(type="jpeg", quality=85)
        except Exception:  # the page moved on meanwhile: that screen goes unaudited
            seen.discard(page.url)

    page.on("load", after)


GENERIC = {
    "RunTask",
    "ThreadPool_RunTask",
    "EpollEvent",
    "ThreadControllerImpl::RunTask",
    "SimpleWatcher::OnHandleReady",
}


def top_events(trace: dict[str, Any], limit: int = 15) -> list[tuple[str, float]]:
    """Return (thread / event name, CPU-seconds) of the events run by each thread's task loop."""
    threads = {
        (e["pid"], e["tid"]): e["args"]["name"]
        for e in trace["traceEvents"]
        if e.get("ph") == "M" and e.get("name") == "thread_name"
    }
    spans: dict[tuple[int, int], list[tuple[int, bool]]] = {}  # (end, counted) per thread
    totals: Counter[str] = Counter()  # seconds of thread time by thread and task
    events = sorted(
        (e for e in trace["traceEvents"] if e.get("ph") == "X" and "tdur" in e),
        key=lambda e: (e["pid"], e["tid"], e["ts"], -e.get("dur", 0)),
    )
    for e in events:
        key = (e["pid"], e["tid"])
        open_ = spans.setdefault(key, [])
        while open_ and open_[-1][0] <= e["ts"]:
            open_.pop()
        # The task loops (RunTask...) say nothing: count the first named work inside them.
        counted = e["name"] not in GENERIC and not any(c for _, c in open_)
        if counted:
            totals[f"{threads.get(key, '?')} / {e['name']}"] += e["tdur"] / 1e6
        open_.append((e["ts"] + e.get("dur", 0), counted or any(c for _, c in open_)))
    return [(name, float(seconds)) for name, seconds in totals.most_common(limit)]


def main() -> int:
    """Run the traced happy path once and print where the browser's CPU went."""
    with bundled_target() as target, sync_playwright() as p:
        browser = p.chromium.launch(**launch_args(p))
        original = browser.new_context

        def traced_context(**kwargs: Any):
            context = original(**kwargs)
            page_factory = context.new_page

            def new_page():
                page = page_factory()
                _evidence(page)
                return page

            # Wrapped to hook each page's load events: a bench-only patch of one object.
            context.new_page = new_page  # type: ignore[method-assign]
            return context

        # The happy path opens its own context: wrap the factory it calls.
        browser.new_context = traced_context  # type: ignore[method-assign]
        browser.start_tracing(categories=CATEGORIES)  # the whole browser, every process
        _plain_happy_path(browser, target, make_person(age=30))
        trace = json.loads(browser.stop_tracing())
        browser.close()
    total = 0.0
    for name, seconds in top_events(trace):
        total += seconds
        print(f"{seconds:6.2f} CPU-s  {name}")
    print(f"{total:6.2f} CPU-s in these top-level events")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
