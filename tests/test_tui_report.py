"""The report section: shows the report, leaves out the pairs table on request, exports where asked."""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Input, Static

from rmtui.tui.app import RmtuiApp
from rmtui.tui.widgets.rendered_lines import RenderedLines, render_strips


def shown(app: RmtuiApp) -> str:
    """The report the screen shows, as plain text (every line, also those scrolled out of view)."""
    return "\n".join(line.text for line in app.screen.query_one("#report-body", RenderedLines).lines)


async def test_the_report_shows_and_the_pairs_table_can_be_left_out(demo_path: Path, settle, build_app) -> None:
    app = build_app(demo_path, section="report")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert "Interim evaluation of the reverse mentoring programme" in shown(app)
        assert "Kwame Asante" in shown(app)
        await pilot.press("p")
        await settle(pilot)
        assert "Kwame Asante" not in shown(app) and "Matching review" in shown(app)
    app.store.close()


async def test_export_asks_for_a_path_refuses_an_unknown_ending_and_writes_the_file(
    demo_path: Path, tmp_path: Path, settle, build_app, drawn_text
) -> None:
    app = build_app(demo_path, section="report")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        path_box = app.screen.query_one("#path", Input)
        assert path_box.value == str(demo_path.parent / "report-2026-03-16.html")
        path_box.value = str(tmp_path / "report.pdf")
        await pilot.press("enter")
        await pilot.pause()
        # Word for word what `rmtui report -o report.pdf` prints (tests/test_roster_files.py), and on screen:
        # the box is hidden while empty, and once it held the message but stayed hidden.
        error = app.screen.query_one("#path-error", Static)
        assert error.render().plain == (
            "report.pdf: rmtui cannot write the report as a .pdf file; end the file name in .json, .txt, .html, .svg or .md."
        )
        assert error.display and error.region.height >= 1
        assert "rmtui cannot write the report as a .pdf file" in drawn_text(app)
        path_box.value = str(tmp_path / "report.md")
        await pilot.press("enter")
        await settle(pilot)
        assert (
            (tmp_path / "report.md")
            .read_text(encoding="utf-8")
            .startswith("# Interim evaluation of the reverse mentoring programme — Harbour")
        )
        assert not (tmp_path / "report.pdf").exists()
    app.store.close()


async def test_an_export_that_cannot_be_written_says_why(
    demo_path: Path, tmp_path: Path, settle, build_app, notices
) -> None:
    app = build_app(demo_path, section="report")
    async with app.run_test(size=(100, 32), message_hook=notices.hook) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(tmp_path / "missing-folder" / "report.html")
        await pilot.press("enter")
        await settle(pilot)
        assert any("Cannot write" in m and "folder exists" in m for m in notices.messages), notices.messages
    app.store.close()


@pytest.fixture
def scrolled_to_learning(settle) -> Callable[[Pilot], Awaitable[None]]:
    """A ``run_before``: the report built, scrolled a few pages down to its charts."""

    async def scrolled_to_learning(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()

    return scrolled_to_learning


def test_report_100x32(snap_compare, demo_path: Path, settle, build_app) -> None:
    app = build_app(demo_path, section="report")
    assert snap_compare(app, terminal_size=(100, 32), run_before=lambda pilot: settle(pilot))
    app.store.close()


def test_report_scrolled_80x24(snap_compare, demo_path: Path, build_app, scrolled_to_learning) -> None:
    app = build_app(demo_path, section="report")
    assert snap_compare(app, terminal_size=(80, 24), run_before=scrolled_to_learning)
    app.store.close()


async def test_the_report_shows_at_once_and_is_rendered_once(
    demo_path: Path, settle, build_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rmtui.tui.sections import report

    widths: list[int] = []

    def counted(renderable: object, width: int) -> object:
        widths.append(width)
        return render_strips(renderable, width)  # type: ignore[arg-type]

    monkeypatch.setattr(report, "render_strips", counted)
    app = build_app(demo_path, section="report")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert "Interim evaluation of the reverse mentoring programme" in shown(app)
        blocks = len(app.screen.report.blocks())
        shown_width = app.screen.query_one("#report-body", RenderedLines).text_width
        assert widths == [shown_width] * blocks, "each block (the title, each section) is rendered once"
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert len(widths) == 2 * blocks and set(widths[blocks:]) == {widths[-1]} and widths[-1] < shown_width
    app.store.close()


def section_key(section: str) -> str:
    """The key that opens ``section``, read from the app's bindings."""
    return next(
        b.key.split(",")[0]
        for b in RmtuiApp.BINDINGS
        if isinstance(b, Binding) and b.action == f"switch_mode('{section}')"
    )


async def test_the_first_page_shows_before_the_rest_is_evaluated(
    demo_path: Path, settle, build_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary needs only the headline: it is on screen while the evaluation of every session still runs,
    and the whole report, once built, is exactly its blocks rendered, the first page included."""
    from rmtui.core.report import build

    evaluating, go_on = threading.Event(), threading.Event()
    evaluate = build.evaluate

    def held_back(*args: Any, **kwargs: Any) -> Any:
        evaluating.set()
        assert go_on.wait(10), "the test never let the evaluation go on"
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(build, "evaluate", held_back)
    app = build_app(demo_path, section="report")
    async with app.run_test(size=(100, 32)) as pilot:
        try:
            # Up to 8 s: on a machine busy with other work, the first page can take seconds to come.
            deadline = time.monotonic() + 8
            while not (evaluating.is_set() and "Headline figures" in shown(app)) and time.monotonic() < deadline:
                await pilot.pause(0.01)
            assert evaluating.is_set() and not go_on.is_set()
            assert "Headline figures" in shown(app) and "Pairs matched / still active" in shown(app)
            assert "Matching review" not in shown(app) and app.screen.report is None  # nothing to export yet
        finally:
            go_on.set()
        await settle(pilot)
        report = app.screen.report
        width = app.screen.query_one("#report-body", RenderedLines).text_width
        whole = [line.text for block in report.blocks() for line in render_strips(block, width)]
        assert shown(app).split("\n") == whole
    app.store.close()


async def test_coming_back_reuses_the_report_until_the_cohort_changes(
    demo_path: Path, settle, build_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from rmtui.tui.sections import report

    built: list[int] = []
    cohort_report = report.cohort_report

    def counted(*args: Any, **kwargs: Any) -> Any:
        built.append(1)
        return cohort_report(*args, **kwargs)

    monkeypatch.setattr(report, "cohort_report", counted)
    app = build_app(demo_path, section="report")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert len(built) == 1 and "Harbour" in shown(app)
        for section in ("roster", "report"):
            await pilot.press(section_key(section))
            await settle(pilot)
        assert len(built) == 1, "nothing changed: the report is shown again as it was"
        await pilot.press(section_key("settings"))
        await settle(pilot)
        app.store.save_settings(replace(app.store.settings(), name="Renamed cohort"))
        await pilot.press(section_key("report"))
        await settle(pilot)
        assert len(built) == 2 and "Renamed cohort" in shown(app) and "Harbour" not in shown(app)
    app.store.close()


async def test_a_resize_while_the_first_page_shows_builds_at_the_new_width(
    demo_path: Path, settle, build_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rmtui.core.report import build

    evaluating, go_on = threading.Event(), threading.Event()
    evaluate = build.evaluate

    def held_back(*args: Any, **kwargs: Any) -> Any:
        evaluating.set()
        go_on.wait(10)
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(build, "evaluate", held_back)
    app = build_app(demo_path, section="report")
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(200):
            await pilot.pause(0.01)
            if evaluating.is_set() and "Headline figures" in shown(app):
                break
        monkeypatch.setattr(build, "evaluate", evaluate)  # the build the resize starts runs through
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        go_on.set()
        await settle(pilot)
        width = app.screen.query_one("#report-body", RenderedLines).text_width
        assert width < 90
        whole = [line.text for block in app.screen.report.blocks() for line in render_strips(block, width)]
        assert shown(app).split("\n") == whole
    app.store.close()
