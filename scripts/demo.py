"""The main job: the bundled portal, then the suite, the living spec and the tutorial on it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def _banner(text: str) -> None:
    print(f"\n== {text}", flush=True)


def _run(args: list[str]) -> int:
    return subprocess.call([PY, *args], cwd=ROOT)


def _portal_preview() -> None:
    """Start the portal as a user would (no test hooks), show its URL, and stop it."""
    from walkthrough.mail import SmtpSink
    from walkthrough.targets import portal_process

    with SmtpSink() as sink, portal_process(smtp=sink.address, test_mode=False) as url:
        print(f"Portail de référence prêt : {url} (courriels vers {sink.address[0]}:"
              f"{sink.address[1]})", flush=True)  # fmt: skip


def main() -> int:
    """Run every part in turn and print where the outputs are."""
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    started = time.monotonic()
    _banner("1/4 Le portail de référence")
    sys.path.insert(0, str(ROOT))
    _portal_preview()
    _banner("2/4 La suite de conformité (pytest-bdd + Playwright, 2 workers)")
    suite = _run(["-m", "pytest", "steps", "-n", "2", "-q", "-p", "no:randomly"])
    _banner("3/4 La spécification vivante")
    report = _run(["-m", "livingspec"])
    _banner("4/4 Le tutoriel")
    tutorial = _run(["-m", "tutorial"])
    elapsed = time.monotonic() - started
    print(f"\nTerminé en {elapsed:.0f} s.")
    print(f"  Suite : {'conforme' if suite == 0 else 'des règles ne sont pas respectées'}")
    tutorial_dir = ROOT / "reports" / "tutorial"
    print(f"  Tutoriel : {tutorial_dir / 'tutorial.mp4'} (vidéo animée)")
    print(f"             {tutorial_dir / 'tutorial.html'} (tutoriel interactif, à ouvrir tel quel)")
    print(f"             {tutorial_dir / 'tutorial-scorm.zip'} (paquet SCORM 1.2 pour Moodle)")
    print("  Pour parcourir le portail : .venv/bin/python -m mock_portal --port 8000")
    print(f"Rapport : {ROOT / 'reports' / 'index.html'}")
    return 0 if suite == report == tutorial == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
