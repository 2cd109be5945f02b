"""tutorial-scorm.zip in a real SCORM 1.2 runtime (scorm-again, from npm) inside Chromium."""

from __future__ import annotations

import functools
import shutil
import threading
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.tutorial.conftest import Run
from tutorial.script import load_script

HERE = Path(__file__).with_name("scorm")
RUNTIME_JS = HERE / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
NS = {
    "cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
}


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        return None


def _launch(package: zipfile.ZipFile) -> str:
    """Return the SCO's launch page as an LMS reads it from imsmanifest.xml."""
    root = ET.fromstring(package.read("imsmanifest.xml"))
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    scos = [
        r
        for r in root.iterfind("cp:resources/cp:resource", NS)
        if r.get(f"{{{NS['adlcp']}}}scormtype") == "sco"
    ]
    assert len(scos) == 1
    listed = {f.get("href") for f in scos[0].iterfind("cp:file", NS)}
    assert listed <= set(package.namelist())
    item = root.find("cp:organizations/cp:organization/cp:item", NS)
    assert item is not None and item.get("identifierref") == scos[0].get("identifier")
    return str(scos[0].get("href"))


@pytest.fixture
def lms(tutorial: Run, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Serve the runtime page and the unpacked package on loopback, as an LMS would."""
    if not RUNTIME_JS.is_file():
        pytest.fail(
            "scorm-again is not installed: run `make setup` (npm ci in tests/tutorial/scorm)"
        )
    shutil.copy(HERE / "runtime.html", tmp_path / "runtime.html")
    shutil.copy(RUNTIME_JS, tmp_path / "scorm12.js")
    with zipfile.ZipFile(tutorial.out / "tutorial-scorm.zip") as package:
        launch = _launch(package)
        package.extractall(tmp_path / "package")
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", f"package/{launch}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_scorm_package_reports_completed_on_the_last_step_then_finishes(
    lms: tuple[str, str], chromium: Browser
) -> None:
    base, launch = lms
    total = len(load_script().steps)
    page = chromium.new_page(viewport={"width": 1400, "height": 1100})
    try:
        page.goto(f"{base}/runtime.html?launch={launch}")
        sco = page.frame_locator("#sco")
        expect(sco.get_by_text(f"Étape 1 sur {total}", exact=True)).to_be_visible()
        events = lambda: page.evaluate("window.lmsEvents")  # noqa: E731
        assert events()[:2] == ["LMSInitialize", "lesson_status=incomplete"]
        for number in range(2, total):
            # The hotspot where the step acts on an element, "Suivant" where it does not.
            hotspot = sco.locator(".step:not([hidden]) .hotspot")
            if hotspot.count():
                hotspot.click()
            else:
                sco.get_by_role("button", name="Suivant →").click()
            expect(sco.get_by_text(f"Étape {number} sur {total}", exact=True)).to_be_visible()
        assert "lesson_status=completed" not in events()
        sco.get_by_role("button", name="Suivant →").click()
        expect(sco.get_by_text(f"Étape {total} sur {total}", exact=True)).to_be_visible()
        assert "lesson_status=completed" in events()
        assert page.evaluate("window.API.cmi.core.lesson_status") == "completed"
        assert "LMSFinish" not in events()
        sco.get_by_role("button", name="Terminer").click()
        page.wait_for_function("window.lmsEvents.includes('LMSFinish')")
        assert events().count("LMSInitialize") == 1 and events()[-1] == "LMSFinish"
    finally:
        page.close()
