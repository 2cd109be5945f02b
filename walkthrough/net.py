"""The local servers a run starts (the portal, the SMTP sink, test servers): ports and stopping."""

from __future__ import annotations

import socket
import subprocess
from typing import Any

STOP_TIMEOUT_S = 10.0


def free_port(host: str = "127.0.0.1") -> int:
    """Return a port that nothing listens on at `host` right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def stop_process(process: subprocess.Popen[Any], *, timeout_s: float = STOP_TIMEOUT_S) -> None:
    """Ask a server process to stop (SIGTERM); kill it if it has not within `timeout_s`."""
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
