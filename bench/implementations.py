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
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from walkthrough.net import free_port
from walkthrough.targets import PortalDidNotStart as DidNotStart
from walkthrough.targets import serve_command

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 90.0  # generous: a shared 2-core machine can take a minute


class Defect(Protocol):
    """What the matrix reads of a defect."""

    rule: str
    description: str


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
        command="-m implementations.second --port {port} --smtp {smtp} --captcha-fixed {captcha} "
        "--db {db}/portal.db",
        defects_module="implementations.second.defects",
        profile=Path("implementations/second/profile.toml"),
    ),
    "third": Implementation(
        name="third",
        command="-m implementations.third --port {port} --smtp {smtp} --captcha-fixed {captcha} "
        "--db {db}/portal.db",
        defects_module="implementations.third.defects",
        profile=Path("implementations/third/profile.toml"),
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


@contextlib.contextmanager
def serve(
    impl: Implementation,
    *,
    port: int,
    smtp: tuple[str, int],
    defects: Sequence[str],
    captcha: str | None,
    on_start: Callable[[int], None] | None = None,
) -> Iterator[str]:
    """Start `impl` on 127.0.0.1:`port` with `defects`; yield its URL; always stop it."""
    with tempfile.TemporaryDirectory(prefix=f"cpf-{impl.name}-") as tmp:
        values = {"port": str(port), "smtp": f"{smtp[0]}:{smtp[1]}", "db": tmp}
        values["captcha"] = captcha or ""
        cmd = [sys.executable, *(part.format(**values) for part in shlex.split(impl.command))]
        for defect in defects:
            cmd += ["--defect", defect]
        with serve_command(
            cmd,
            url=f"http://127.0.0.1:{port}/",
            log=Path(tmp) / "portal.log",
            on_start=None if on_start is None else lambda process: on_start(process.pid),
            timeout_s=START_TIMEOUT_S,
        ) as url:
            yield url


__all__ = ["IMPLEMENTATIONS", "DidNotStart", "Implementation", "available", "free_port", "serve"]
