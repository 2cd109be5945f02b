"""What many tests need: a free port, the "one line, exit 2" check, the suite in a subprocess."""

from __future__ import annotations

from walkthrough.net import free_port

__all__ = ["free_port"]
