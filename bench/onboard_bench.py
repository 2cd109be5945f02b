"""Time onboarding: wall and CPU-seconds of `python -m walkthrough.onboard` on each implementation.

    python -m bench.onboard_bench [--rounds N]

Prints one line per implementation and round: wall seconds, and CPU-seconds of the command's
process tree (harness, Playwright's driver, the browser); the portal's own CPU apart.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.cpu import TreeMeter
from bench.implementations import available, serve
from walkthrough.net import free_port

ANSWER = "K7PQ3"


def onboard_once(name: str, folder: Path) -> str:
    """Start implementation `name`, onboard it once, and return the figures as one line."""
    impl = available()[name]
    smtp = ("127.0.0.1", free_port())
    captcha = None if impl.profile is None else ANSWER
    with serve(impl, port=free_port(), smtp=smtp, defects=(), captcha=captcha) as url:
        args = ["--captcha-oracle"] if captcha is None else ["--captcha-fixed", captcha]
        cmd = [sys.executable, "-m", "walkthrough.onboard", url, *args,
               "--smtp", f"{smtp[0]}:{smtp[1]}", "-o", str(folder / f"{name}.toml")]  # fmt: skip
        started = time.monotonic()
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        with TreeMeter(lambda: [process.pid]) as meter:
            _out, err = process.communicate(timeout=600)
        wall = time.monotonic() - started
    if process.returncode != 0:
        return f"{name}: failed ({err.decode(errors='replace').strip()})"
    parts = ", ".join(f"{k} {v:.1f}" for k, v in sorted(meter.by_category().items()))
    return f"{name}: {wall:.1f} s wall, {meter.total():.1f} CPU-s ({parts})"


def main() -> None:
    """Onboard every implementation in this checkout `--rounds` times; print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.onboard_bench")
    parser.add_argument("--rounds", type=int, default=1)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory(prefix="cpf-onboard-") as tmp:
        for name in available():
            for _round in range(rounds):
                print(onboard_once(name, Path(tmp)), flush=True)


if __name__ == "__main__":
    main()
