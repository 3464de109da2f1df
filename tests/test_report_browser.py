"""The HTML report in a real browser: headless Chromium renders it, prints it to A4, and fetches nothing.

Skipped when no Chromium is installed (``apt-get install chromium``); the skip says so.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from rmtui.core.report import cohort_report, to_html
from rmtui.core.store import CohortStore

BROWSER = next(
    (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None
)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="needs headless Chromium (apt-get install chromium)")
QUIET = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
)  # fmt: skip


def _open(page: Path, work: Path, *output: str) -> list[str]:
    """Open ``page`` in headless Chromium; return the URLs the page itself asked for (not the browser's own)."""
    log = work / f"{page.stem}-net.json"
    subprocess.run(
        [BROWSER, *QUIET, f"--user-data-dir={work / 'profile'}", f"--log-net-log={log}", *output, page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    net = json.loads(log.read_text())
    start = net["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    # The browser's own background requests have no page origin; anything the page loads has one ("null" for files).
    return [
        e["params"]["url"]
        for e in net["events"]
        if e["type"] == start and e["params"].get("initiator") != "not an origin" and "url" in e["params"]
    ]


@pytest.fixture
def report_page(demo_path: Path, tmp_path: Path, today: date) -> Path:
    """The demo's report as an HTML file."""
    with CohortStore.open(demo_path, today=lambda: today, read_only=True) as store:
        page = tmp_path / "report.html"
        page.write_text(to_html(cohort_report(store)), encoding="utf-8")
    return page


def test_the_check_sees_a_page_that_fetches_something(tmp_path: Path) -> None:
    # Guards the test below: a page that loads a remote image is caught.
    page = tmp_path / "fetches.html"
    page.write_text('<html><body><img src="http://127.0.0.1:9/logo.png"></body></html>')
    assert any("127.0.0.1:9/logo.png" in url for url in _open(page, tmp_path, "--dump-dom"))


def test_the_html_report_renders_prints_to_a4_pages_and_fetches_nothing(report_page: Path, tmp_path: Path) -> None:
    shot, pdf = tmp_path / "report.png", tmp_path / "report.pdf"
    assert _open(report_page, tmp_path, f"--screenshot={shot}", "--window-size=1100,2400") == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    assert _open(report_page, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer") == []
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))
    # Nine sections, each starting a page; none spills onto more than one page of A4.
    assert pages == 9
    assert re.search(rb"/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]", pdf.read_bytes())  # A4: 595 x 842 pt
