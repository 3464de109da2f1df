"""The report section: the evaluation report leadership gets, to read, scroll and export.

The screen shows the very renderables ``rmtui report`` exports (rmtui.core.report.build), built in a
worker from the coordinator's non-confidential data, so the screen and every export agree. The section
shows at once; the worker also renders the report, once, at the screen's width, and the screen draws
only the lines in view (RenderedLines), so a 1,000-pair table costs one render, off the UI thread.

The first page (the title and the summary) needs only the headline figures, so the worker shows it first and
waits for it to be drawn before it evaluates the rest, which passes over every session. Coming back to the
screen reuses the report while the cohort file has not been written since it was built.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Header
from textual.worker import get_current_worker

from rmtui.core.errors import RmtuiError
from rmtui.core.report import Report, cohort_report
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.sections.section import SectionScreen
from rmtui.tui.widgets.keys_footer import KeysFooter
from rmtui.tui.widgets.rendered_lines import RenderedLines, render_strips
from rmtui.tui.widgets.sections import SectionBar

# How long the worker waits for the first page to be drawn before going on (drawing it takes a few frames), and how
# often it looks whether it was cancelled meanwhile (by a newer build, or by the app closing, which waits for it).
FIRST_PAGE_WAIT_SECONDS, CANCEL_CHECK_SECONDS = 1.0, 0.02


class Replaced(Exception):
    """The build's worker was cancelled while it waited: the rest of the report is not wanted."""


class ReportScreen(SectionScreen):
    """The evaluation report as of today, scrollable, with export to HTML, SVG, text or Markdown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "Export…", tooltip="Write the report to a file: .html, .svg, .txt, .md or .json"),
        Binding("p", "toggle_pairs", "Pairs table", tooltip="Show or leave out the table of individual pairs"),
        Binding("r", "reload", "Refresh", tooltip="Build the report again from the cohort file"),
    ]

    @dataclass
    class Built(Message):
        """The worker rendered the report so far ``width`` cells wide; ``report`` is None while only the first
        page is built, and ``drawn``, when given, is set once these lines are on screen."""

        report: Report | None
        lines: list[Strip]
        width: int
        drawn: threading.Event | None = None

    def __init__(self) -> None:
        super().__init__()
        self.include_pairs = True
        self.report: Report | None = None
        # The width the report is being rendered at (0 before the first build), and the state of the cohort it
        # was built from: the store's count of writes, its today and whether the pairs table is in.
        self.shown_width = 0
        self.built_from: tuple[int, date, bool] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield SectionBar("report")
        yield RenderedLines("Building the report…", id="report-body")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Build the report and put the focus on it, so the arrow keys scroll."""
        self.query_one("#report-body").focus()
        # After the first paint: the section shows at once, and the width to render at is known by then.
        self.call_after_refresh(self.reload)

    def on_screen_resume(self) -> None:
        """Rebuild when coming back if the other sections changed the cohort (or the day turned) since the build."""
        if self.built_from is not None and self.built_from != self.cohort_state():
            self.reload()

    def cohort_state(self) -> tuple[int, date, bool]:
        """What the report depends on: every change to the cohort is a write of its file, then the day and the
        pairs table's switch."""
        store = cohort_app(self).store
        return store.write_count, store.today(), self.include_pairs

    def reload(self) -> None:
        """Build the report again from the file."""
        # Taken before the build reads the store: a change saved meanwhile makes the next visit build again.
        self.built_from, self.report = self.cohort_state(), None
        self.shown_width = self.query_one("#report-body", RenderedLines).text_width
        self.build(self.include_pairs, self.shown_width)

    def on_resize(self) -> None:
        """Render the report again when the width it is shown at changes (build it again if it is not whole yet)."""
        body = self.query_one("#report-body", RenderedLines)
        if self.shown_width and body.text_width != self.shown_width:
            if self.report is None:
                self.reload()
            else:
                self.shown_width = body.text_width
                self.render_report(self.report, body.text_width)

    def action_reload(self) -> None:
        """Refresh on request."""
        self.reload()

    def action_toggle_pairs(self) -> None:
        """Show or leave out the pairs table, the only place individuals appear."""
        self.include_pairs = not self.include_pairs
        self.reload()
        self.notify("Pairs table " + ("shown." if self.include_pairs else "left out of the report and its exports."))

    @work(thread=True, exclusive=True, group="report")
    def build(self, include_pairs: bool, width: int) -> None:
        """Compute the report off the UI thread and render it: the first page as soon as it is known, then the rest."""
        first: list[Strip] = []
        first_blocks: list[RenderableType] = []

        def show_first_page(blocks: list[RenderableType]) -> None:
            for block in blocks:
                first.extend(render_strips(block, width))
            first_blocks.extend(blocks)
            drawn, worker = threading.Event(), get_current_worker()
            if self.post_built(None, first, width, drawn):
                # The rest of the evaluation would share the interpreter with drawing this page: let it go first.
                for _ in range(round(FIRST_PAGE_WAIT_SECONDS / CANCEL_CHECK_SECONDS)):
                    if drawn.wait(CANCEL_CHECK_SECONDS) or worker.is_cancelled:
                        break
            if worker.is_cancelled:
                raise Replaced

        try:
            report = cohort_report(cohort_app(self).store, include_pairs=include_pairs, on_first_page=show_first_page)
        except Replaced:
            return
        self.render_sections(report, width, first, len(first_blocks))

    @work(thread=True, exclusive=True, group="report")
    def render_report(self, report: Report, width: int) -> None:
        """Render the built report again at a new width, off the UI thread."""
        self.render_sections(report, width)

    def render_sections(self, report: Report, width: int, rendered: list[Strip] | None = None, skip: int = 0) -> None:
        """Render the report once, section by section, showing what is rendered so far after each.

        ``rendered`` holds the lines of the first ``skip`` blocks, already rendered. The summary shows while the
        long pairs table, last, is still being rendered.
        """
        lines = list(rendered or ())
        for block in report.blocks()[skip:]:
            lines += render_strips(block, width)
            if not self.post_built(report, lines, width):
                return

    def post_built(
        self, report: Report | None, lines: list[Strip], width: int, drawn: threading.Event | None = None
    ) -> bool:
        """Show these lines, unless a newer build or render replaced this worker; False when it was replaced."""
        if get_current_worker().is_cancelled:
            return False
        return self.post_message(self.Built(report, list(lines), width, drawn))

    @on(Built)
    def show(self, event: Built) -> None:
        """Put the rendered report on screen."""
        if event.report is not None:
            self.report = event.report
        self.query_one("#report-body", RenderedLines).show_lines(event.lines)
        if event.drawn is not None:
            self.call_after_refresh(event.drawn.set)

    def action_export(self) -> None:
        """Ask where to write the report, then write it."""
        from rmtui.tui.dialogs.export_report import ExportReportScreen

        if self.report is None:
            self.notify("The report is still being built; try again in a moment.")
            return
        default = cohort_app(self).store.path.parent / f"report-{cohort_app(self).store.today().isoformat()}.html"
        self.app.push_screen(ExportReportScreen(default), self.export_to)

    def export_to(self, target: Path | None) -> None:
        """Write the report where the coordinator chose, unless they cancelled."""
        if target is not None and self.report is not None:
            self.write(self.report, target)

    @work(thread=True, group="report-export")
    def write(self, report: Report, target: Path) -> None:
        """Export and write atomically off the UI thread; say where it went, or why it could not."""
        from rmtui.core.report import export_report, format_for
        from rmtui.core.store import write_copy

        try:
            write_copy(target, export_report(report, format_for(target)).encode("utf-8"))
        except RmtuiError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)  # notify is thread-safe
            return
        self.notify(f"Wrote the report to {target}", markup=False)
