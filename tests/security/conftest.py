"""Reuse the portal tests' app, client and form helpers (fresh app and database per test)."""

from __future__ import annotations

from tests.portal.conftest import app, client, config, walk  # noqa: F401 - fixtures
