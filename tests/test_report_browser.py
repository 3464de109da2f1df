"""The HTML report in a real browser: axe-core finds no accessibility fault, a phone never scrolls sideways,
A4 print holds the finished report in four pages with the cover figures on the first, and nothing is fetched.

Playwright drives the system's Chromium (``apt-get install chromium``; .ci/run installs it), so nothing is
downloaded. Without Chromium the tests skip, except in CI (``CI=true``), where they fail instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from rmtui.core.demo import write_demo
from rmtui.core.report import cohort_report, to_html
from rmtui.core.store import CohortStore

pytestmark = pytest.mark.xdist_group("browser")  # one worker starts Chromium once for the module

BROWSER = next(
    (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None
)
NEEDS = "needs headless Chromium (apt-get install chromium)"
QUIET = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
)  # fmt: skip
FIXED = date(2026, 3, 16)  # the fixed clock's day, as in conftest (a module-wide fixture cannot ask for `today`)
REPORTS = ("interim", "finished", "no-pairs", "empty")
# A4 less the page margins the report's print CSS sets (14 mm top and bottom, 15 mm each side), in CSS px.
A4_CONTENT = {"width": round((210 - 30) / 25.4 * 96), "height": round((297 - 28) / 25.4 * 96)}


def browser_or_skip(browser: str | None, environ: dict[str, str]) -> str:
    """The browser to run, or a skip, or a failure in CI, which must run these tests rather than skip them."""
    if browser is not None:
        return browser
    if environ.get("CI", "").lower() == "true":
        pytest.fail(f"{NEEDS}: CI must run the browser tests, not skip them", pytrace=False)
    pytest.skip(NEEDS)


@pytest.fixture(scope="module")
def chromium() -> str:
    """The path of the system's Chromium."""
    return browser_or_skip(BROWSER, dict(os.environ))


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    """One headless Chromium for the module, driven by Playwright."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def pages(
    tmp_path_factory: pytest.TempPathFactory, demo_bytes: bytes, cheap_kdf_for_the_module: None
) -> dict[str, Path]:
    """The four reports as HTML files: the interim demo, the finished demo with and without pairs, a new cohort."""
    work = tmp_path_factory.mktemp("reports")
    (work / "interim.json").write_bytes(demo_bytes)
    write_demo(work / "finished.json", today=FIXED, finished=True)
    CohortStore.open(work / "empty.json", today=lambda: FIXED).close()
    built = {}
    for name, cohort, include_pairs in (
        ("interim", "interim", True), ("finished", "finished", True), ("no-pairs", "finished", False),
        ("empty", "empty", True),
    ):  # fmt: skip
        with CohortStore.open(work / f"{cohort}.json", today=lambda: FIXED, read_only=True) as store:
            built[name] = work / f"{name}.html"
            built[name].write_text(to_html(cohort_report(store, include_pairs=include_pairs)), encoding="utf-8")
    return built


def _open(browser: Browser, page: Path, **options: Any) -> Page:
    tab = browser.new_page(**options)
    tab.goto(page.as_uri())
    return tab


def _violations(tab: Page) -> list[str]:
    results = Axe().run(tab)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


def test_without_chromium_the_tests_skip_but_in_ci_they_fail() -> None:
    assert browser_or_skip("/usr/bin/chromium", {"CI": "true"}) == "/usr/bin/chromium"
    with pytest.raises(pytest.skip.Exception):
        browser_or_skip(None, {})
    # Caught as any outcome, so that a skip here turns the test red instead of skipping it.
    with pytest.raises(BaseException) as outcome:  # noqa: PT011
        browser_or_skip(None, {"CI": "true"})
    assert outcome.type is pytest.fail.Exception and "CI must run the browser tests" in str(outcome.value)


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize(("width", "scheme"), [(1100, "light"), (320, "dark")])
def test_axe_finds_no_violation(browser: Browser, pages: dict[str, Path], report: str, width: int, scheme: str) -> None:
    tab = _open(browser, pages[report], viewport={"width": width, "height": 900}, color_scheme=scheme)
    assert _violations(tab) == []


def test_axe_does_see_a_violation(browser: Browser, pages: dict[str, Path], tmp_path: Path) -> None:
    # Guards the test above: with the body text turned pale grey, axe reports the contrast.
    pale = tmp_path / "pale.html"
    pale.write_text(pages["interim"].read_text(encoding="utf-8").replace("--text: #1b1b1b", "--text: #aaaaaa"))
    tab = _open(browser, pale, color_scheme="light")
    assert any(v.startswith("color-contrast") for v in _violations(tab))


@pytest.mark.parametrize("report", REPORTS)
def test_no_sideways_scroll_at_320_px(browser: Browser, pages: dict[str, Path], report: str) -> None:
    tab = _open(browser, pages[report], viewport={"width": 320, "height": 640})
    scroll, client = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert client == 320 and scroll <= client


def test_tables_and_charts_keep_their_meaning_for_a_screen_reader_on_a_phone(
    browser: Browser, pages: dict[str, Path]
) -> None:
    # At 320 px a table shows each row as a card; it must still be a table with header cells to the browser.
    tab = _open(browser, pages["finished"], viewport={"width": 320, "height": 640})
    table = tab.get_by_role("table", name="Headline figures")
    assert table.get_by_role("columnheader", name="Value").count() == 1
    assert table.get_by_role("rowheader", name="Pairs matched / still active").count() == 1
    # A chart is a figure named by its caption; each bar reads as its label and its figure (a withheld bar's
    # reading is checked in test_report, on the interim demo: the finished demo withholds nothing).
    chart = tab.get_by_role("figure", name="Sessions held per month")
    assert chart.get_by_role("listitem").count() == 7
    bars = [text.replace("\n", "") for text in chart.get_by_role("listitem").all_inner_texts()]
    assert all(re.fullmatch(r"\d{4}-\d{2}\s*:\s*\d+", bar) for bar in bars), bars
    themes = tab.get_by_role("figure", name=re.compile("Themes in their answers"))
    assert (
        themes.get_by_role("listitem")
        .filter(has_text="uses new tools and channels")
        .inner_text()
        .replace("\n", "")
        .endswith(":7")
    )


def test_text_keeps_a_comfortable_measure_on_a_desktop(browser: Browser, pages: dict[str, Path]) -> None:
    # No line of prose wider than 40 em (about 75 characters), while tables and charts may use the page.
    tab = _open(browser, pages["finished"], viewport={"width": 1100, "height": 900})
    widest = tab.evaluate("""() => Math.max(...[...document.querySelectorAll('p, figcaption')].map(
        (e) => e.getBoundingClientRect().width / parseFloat(getComputedStyle(e).fontSize)))""")
    table = tab.evaluate("document.querySelector('table').getBoundingClientRect().width")
    assert 30 < widest <= 40 and table > 40 * 16


def test_the_finished_report_prints_on_at_most_four_a4_pages(browser: Browser, pages: dict[str, Path]) -> None:
    pdf = _open(browser, pages["finished"]).pdf(prefer_css_page_size=True)
    assert re.search(rb"/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]", pdf)  # A4: 595 x 842 pt
    assert 1 <= len(re.findall(rb"/Type\s*/Page\b", pdf)) <= 4


def test_the_cover_figures_print_on_page_one(browser: Browser, pages: dict[str, Path]) -> None:
    # Laid out for print at the width of an A4 page, the headline table ends within the first page's height.
    tab = _open(browser, pages["finished"], viewport=A4_CONTENT)
    tab.emulate_media(media="print")
    caption, bottom, breaks = tab.evaluate("""() => {
        const table = document.querySelector('table');
        const before = [...document.querySelectorAll('body *')].filter(
            (e) => e === table || e.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
        const forced = (e) => ['page', 'always', 'left', 'right'].includes(getComputedStyle(e).breakBefore)
            || (e !== table && ['page', 'always', 'left', 'right'].includes(getComputedStyle(e).breakAfter));
        return [table.caption.textContent, table.getBoundingClientRect().bottom, before.filter(forced).length];
    }""")
    assert caption == "Headline figures" and 0 < bottom <= A4_CONTENT["height"] and breaks == 0


def _fetched(page: Path, work: Path, chromium: str, *output: str) -> list[str]:
    """Open ``page`` in headless Chromium; return the URLs the page itself asked for (not the browser's own)."""
    log = work / f"{page.stem}-net.json"
    subprocess.run(
        [chromium, *QUIET, f"--user-data-dir={work / 'profile'}", f"--log-net-log={log}", *output, page.as_uri()],
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


def test_the_check_sees_a_page_that_fetches_something(chromium: str, tmp_path: Path) -> None:
    # Guards the test below: a page that loads a remote image is caught.
    page = tmp_path / "fetches.html"
    page.write_text('<html><body><img src="http://127.0.0.1:9/logo.png"></body></html>')
    assert any("127.0.0.1:9/logo.png" in url for url in _fetched(page, tmp_path, chromium, "--dump-dom"))


def test_the_html_report_renders_prints_and_fetches_nothing(
    chromium: str, demo_path: Path, tmp_path: Path, today: date
) -> None:
    with CohortStore.open(demo_path, today=lambda: today, read_only=True) as store:
        page = tmp_path / "report.html"
        page.write_text(to_html(cohort_report(store)), encoding="utf-8")
    shot, pdf = tmp_path / "report.png", tmp_path / "report.pdf"
    assert _fetched(page, tmp_path, chromium, f"--screenshot={shot}", "--window-size=1100,2400") == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    assert _fetched(page, tmp_path, chromium, f"--print-to-pdf={pdf}", "--no-pdf-header-footer") == []
    assert pdf.read_bytes().startswith(b"%PDF")
