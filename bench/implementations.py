"""The implementations the defect matrix judges: one small declarative entry each.

An entry says how to start the implementation with some defects switched on (a command that
serves it on a given port, sending mail to a given SMTP server), which package holds its code
and which profile drives it (None: the reference portal's own defaults). The matrix starts
every implementation in test mode with real, changing captchas and answers them through the
oracle (`GET /_test/captcha`), whatever captcha its operator's profile names: a fixed captcha
would leave every `@needs-each-captcha` scenario, and the captcha defects, not tested. Its
defects, their rules and descriptions are catalogue/defects.yaml's entries for its name.
Adding a fourth one is one entry here and its name in that file.
"""

from __future__ import annotations

import contextlib
import importlib.util
import shlex
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalogue.defects import Defect, defects_of
from walkthrough.net import free_port
from walkthrough.targets import PortalDidNotStart as DidNotStart
from walkthrough.targets import serve_command

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT_S = 90.0  # generous: a shared 2-core machine can take a minute


@dataclass(frozen=True)
class Implementation:
    """How to start one implementation, its defects and its profile."""

    name: str
    # argv after `python`: {port}, {smtp} (HOST:PORT) and {db} (a fresh folder); then
    # `oracle` or `fixed`, then `--defect NAME` for each defect.
    command: str
    package: str  # the implementation's code: its absence leaves it out of `available()`
    profile: Path | None = None  # relative to the project root; its base_url is overridden
    oracle: str = "--test-mode"  # serves GET /_test/captcha, the captcha's answer (the matrix)
    fixed: str = "--captcha-fixed {captcha}"  # every captcha is {captcha} (a staging setup)

    def defects(self) -> Mapping[str, Defect]:
        """Return this implementation's defects as catalogue/defects.yaml lists them."""
        return defects_of(self.name)

    def operator_profile(self) -> dict[str, Any]:
        """Return its profile as its operator wrote it (a fixed captcha, usually)."""
        if self.profile is None:
            return {"name": self.name}
        return tomllib.loads((ROOT / self.profile).read_text(encoding="utf-8"))

    def base_profile(self) -> dict[str, Any]:
        """Return the profile the matrix drives it with: the operator's, answered by the oracle."""
        return {**self.operator_profile(), "captcha": {"strategy": "oracle"}}


IMPLEMENTATIONS: dict[str, Implementation] = {
    "reference": Implementation(
        name="reference",
        command="-m mock_portal --host 127.0.0.1 --port {port} --smtp {smtp} "
        "--db sqlite:///{db}/portal.db --instance {db}",
        package="mock_portal",
        fixed="--test-mode --captcha-fixed {captcha}",  # its defects need test mode
    ),
    "second": Implementation(
        name="second",
        command="-m implementations.second --port {port} --smtp {smtp} --db {db}/portal.db",
        package="implementations.second",
        profile=Path("implementations/second/profile.toml"),
    ),
    "third": Implementation(
        name="third",
        command="-m implementations.third --port {port} --smtp {smtp} --db {db}/portal.db",
        package="implementations.third",
        profile=Path("implementations/third/profile.toml"),
    ),
}


def available() -> dict[str, Implementation]:
    """Return the implementations whose code is in this checkout."""
    found = {}
    for name, impl in IMPLEMENTATIONS.items():
        try:
            present = importlib.util.find_spec(impl.package) is not None
        except ImportError:  # a parent package missing
            present = False
        if present:
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
    """Start `impl` on 127.0.0.1:`port` with `defects`; yield its URL; always stop it.

    With a `captcha` answer, every captcha is that answer; without, the captchas change and
    the oracle tells each one's answer.
    """
    with tempfile.TemporaryDirectory(prefix=f"cpf-{impl.name}-") as tmp:
        values = {"port": str(port), "smtp": f"{smtp[0]}:{smtp[1]}", "db": tmp}
        values["captcha"] = captcha or ""
        args = shlex.split(impl.command) + shlex.split(impl.fixed if captcha else impl.oracle)
        cmd = [sys.executable, *(part.format(**values) for part in args)]
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
