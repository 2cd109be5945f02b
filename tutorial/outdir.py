"""Write the output into a temporary folder beside DIR and move it into place only when complete."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class OutputError(RuntimeError):
    """DIR cannot be written."""


def staging_dir(out: Path) -> Path:
    """Create and return an empty folder beside `out`, on the same file system."""
    blocking = next((p for p in (out, *out.parents) if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise OutputError(f"cannot write to {out}: {blocking} is a file; choose another --out")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
        (staging / ".probe").write_bytes(b"")
        (staging / ".probe").unlink()
        return staging
    except OSError as exc:
        raise OutputError(
            f"cannot write to {out}: {exc.strerror or exc}; choose another --out"
        ) from exc


def check_writable(out: Path) -> None:
    """Fail early, before any browser starts, when `out` cannot be written."""
    discard(staging_dir(out))


def publish(staging: Path, out: Path) -> None:
    """Replace `out` with the finished `staging` folder (a rename, so never half there)."""
    old: Path | None = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.replace(out, old / "previous")
    os.replace(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    """Remove an unfinished output."""
    shutil.rmtree(staging, ignore_errors=True)
