"""The report section: shows the report, leaves out the pairs table on request, exports where asked."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import build_app
from rich.console import Console
from textual.widgets import Input, Static

from rmtui.tui.app import RmtuiApp


def shown(app: RmtuiApp) -> str:
    """The report the screen shows, as plain text."""
    console = Console(width=100, file=io.StringIO(), record=True)
    console.print(app.screen.query_one("#report-body", Static).content)
    return console.export_text()


async def _settled(app: RmtuiApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_report_shows_and_the_pairs_table_can_be_left_out(demo_path: Path) -> None:
    app = build_app(demo_path, section="report")
    async with app.run_test(size=(100, 32)) as pilot:
        await _settled(app, pilot)
        assert "Interim evaluation of the reverse mentoring programme" in shown(app)
        assert "Kwame Asante" in shown(app)
        await pilot.press("p")
        await _settled(app, pilot)
        assert "Kwame Asante" not in shown(app) and "Matching review" in shown(app)
    app.store.close()


async def test_export_asks_for_a_path_refuses_an_unknown_ending_and_writes_the_file(
    demo_path: Path, tmp_path: Path
) -> None:
    app = build_app(demo_path, section="report")
    async with app.run_test(size=(100, 32)) as pilot:
        await _settled(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        path_box = app.screen.query_one("#path", Input)
        assert path_box.value == str(demo_path.parent / "report-2026-03-16.html")
        path_box.value = str(tmp_path / "report.pdf")
        await pilot.press("enter")
        await pilot.pause()
        assert ".html, .svg, .txt or .md" in app.screen.query_one("#path-error", Static).render().plain
        path_box.value = str(tmp_path / "report.md")
        await pilot.press("enter")
        await _settled(app, pilot)
        assert (
            (tmp_path / "report.md")
            .read_text(encoding="utf-8")
            .startswith("# Interim evaluation of the reverse mentoring programme — Harbour")
        )
        assert not (tmp_path / "report.pdf").exists()
    app.store.close()


async def test_an_export_that_cannot_be_written_says_why(demo_path: Path, tmp_path: Path) -> None:
    app = build_app(demo_path, section="report")
    async with app.run_test(size=(100, 32)) as pilot:
        await _settled(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(tmp_path / "missing-folder" / "report.html")
        await pilot.press("enter")
        await _settled(app, pilot)
        messages = [n.message for n in app._notifications]
        assert any("Cannot write" in m and "folder exists" in m for m in messages), messages
    app.store.close()


async def scrolled_to_learning(pilot) -> None:
    """The report built, scrolled a few pages down to its charts."""
    await _settled(pilot.app, pilot)
    await pilot.press("pagedown", "pagedown")
    await pilot.pause()


def test_report_100x32(snap_compare, demo_path: Path) -> None:
    app = build_app(demo_path, section="report")
    assert snap_compare(app, terminal_size=(100, 32), run_before=lambda pilot: _settled(pilot.app, pilot))
    app.store.close()


def test_report_scrolled_80x24(snap_compare, demo_path: Path) -> None:
    app = build_app(demo_path, section="report")
    assert snap_compare(app, terminal_size=(80, 24), run_before=scrolled_to_learning)
    app.store.close()
