"""The implementations the defect matrix judges: one small declarative entry each.

An entry says how to start the implementation with some defects switched on (a command that
serves it on a given port, sending mail to a given SMTP server), where its registry of defects
is (`DEFECTS: dict[str, Defect(rule, description)]`) and which profile drives it (None: the
reference portal's test mode, seen through the oracle captcha). Adding a third one is one entry.
"""

from __future__ import annotations

import contextlib
import importlib
import shlex
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from walkthrough.net import free_port

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 90.0  # generous: a shared 2-core machine can take a minute


class Defect(Protocol):
    """What the matrix reads of a defect."""

    rule: str
    description: str


class DidNotStart(RuntimeError):
    """The implementation exited or did not answer in time."""


@dataclass(frozen=True)
class Implementation:
    """How to start one implementation, its defects and its profile."""

    name: str
    # argv after `python`: {port}, {smtp} (HOST:PORT), {db} (a fresh folder) and, when the
    # profile has a fixed captcha, {captcha}; then `--defect NAME` for each defect.
    command: str
    defects_module: str  # a module with DEFECTS: dict[str, Defect]
    profile: Path | None = None  # relative to the project root; its base_url is overridden

    def defects(self) -> Mapping[str, Defect]:
        """Import and return the registry of this implementation's defects."""
        module = importlib.import_module(self.defects_module)  # named by the entry, not static
        registry: Mapping[str, Defect] = module.DEFECTS
        return registry

    def base_profile(self) -> dict[str, Any]:
        """Return the profile the suite drives it with, before the run's overrides."""
        if self.profile is None:
            return {"name": self.name, "captcha": {"strategy": "oracle"}}
        return tomllib.loads((ROOT / self.profile).read_text(encoding="utf-8"))


IMPLEMENTATIONS: dict[str, Implementation] = {
    "reference": Implementation(
        name="reference",
        command="-m mock_portal --host 127.0.0.1 --port {port} --smtp {smtp} --test-mode "
        "--db sqlite:///{db}/portal.db --instance {db}",
        defects_module="mock_portal.defects",
    ),
    "second": Implementation(
        name="second",
        command="-m tests.second_portal --port {port} --smtp {smtp} --captcha-fixed {captcha} "
        "--db {db}/portal.db",
        defects_module="tests.second_portal.defects",
        profile=Path("tests/second_portal/profile.toml"),
    ),
}


def available() -> dict[str, Implementation]:
    """Return the implementations whose code is in this checkout."""
    found = {}
    for name, impl in IMPLEMENTATIONS.items():
        try:
            impl.defects()
        except ImportError:
            continue
        found[name] = impl
    return found


def _wait_until_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=0.1)  # paces the polling and notices an early exit
        if process.returncode is not None:
            tail = log.read_text(errors="replace")[-1000:]
            raise DidNotStart(f"the portal exited with {process.returncode}: {tail}")
    raise DidNotStart(f"the portal did not answer at {url} within {START_TIMEOUT_S:.0f} s")


@contextlib.contextmanager
def serve(
    impl: Implementation,
    *,
    port: int,
    smtp: tuple[str, int],
    defects: Sequence[str],
    captcha: str | None,
    on_start: Any = None,
) -> Iterator[str]:
    """Start `impl` on 127.0.0.1:`port` with `defects`; yield its URL; always stop it."""
    with tempfile.TemporaryDirectory(prefix=f"cpf-{impl.name}-") as tmp:
        values = {"port": str(port), "smtp": f"{smtp[0]}:{smtp[1]}", "db": tmp}
        values["captcha"] = captcha or ""
        cmd = [sys.executable, *(part.format(**values) for part in shlex.split(impl.command))]
        for defect in defects:
            cmd += ["--defect", defect]
        log = Path(tmp) / "portal.log"
        with log.open("wb") as out:
            process = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        if on_start is not None:
            on_start(process.pid)
        url = f"http://127.0.0.1:{port}/"
        try:
            _wait_until_ready(url, process, log)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


__all__ = ["IMPLEMENTATIONS", "DidNotStart", "Implementation", "available", "free_port", "serve"]
