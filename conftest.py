"""Root conftest: load the conformance suite's plugin (options, markers, recording, reports)."""

pytest_plugins = ["steps.harness.plugin"]
