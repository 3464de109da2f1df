"""The report section: the evaluation report leadership gets, to read, scroll and export.

The screen shows the very renderables ``rmtui report`` exports (rmtui.core.report.build), built in a
worker from the coordinator's non-confidential data, so the screen and every export agree. The section
shows at once; the worker also renders the report, once, at the screen's width, and the screen draws
only the lines in view (RenderedLines), so a 1,000-pair table costs one render, off the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Header

from rmtui.core.errors import RmtuiError
from rmtui.core.report import Report, cohort_report
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.sections.section import SectionScreen
from rmtui.tui.widgets.keys_footer import KeysFooter
from rmtui.tui.widgets.rendered_lines import RenderedLines, render_strips
from rmtui.tui.widgets.sections import SectionBar


class ReportScreen(SectionScreen):
    """The evaluation report as of today, scrollable, with export to HTML, SVG, text or Markdown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "Export…", tooltip="Write the report to a file: .html, .svg, .txt, .md or .json"),
        Binding("p", "toggle_pairs", "Pairs table", tooltip="Show or leave out the table of individual pairs"),
        Binding("r", "reload", "Refresh", tooltip="Build the report again from the cohort file"),
    ]

    @dataclass
    class Built(Message):
        """The build worker finished the report and rendered it ``width`` cells wide."""

        report: Report
        lines: list[Strip]
        width: int

    def __init__(self) -> None:
        super().__init__()
        self.include_pairs = True
        self.report: Report | None = None
        self.shown_width = 0

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
        """Rebuild when coming back: the other sections may have changed the cohort."""
        if self.report is not None:
            self.reload()

    def reload(self) -> None:
        """Build the report again from the file."""
        self.build(self.include_pairs, self.query_one("#report-body", RenderedLines).text_width)

    def on_resize(self) -> None:
        """Render the report again when the width it is shown at changes."""
        body = self.query_one("#report-body", RenderedLines)
        if self.report is not None and body.text_width != self.shown_width:
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
        """Compute the report off the UI thread, then render and show it."""
        self.render_sections(cohort_report(cohort_app(self).store, include_pairs=include_pairs), width)

    @work(thread=True, exclusive=True, group="report")
    def render_report(self, report: Report, width: int) -> None:
        """Render the built report again at a new width, off the UI thread."""
        self.render_sections(report, width)

    def render_sections(self, report: Report, width: int) -> None:
        """Render the report once, section by section, showing what is rendered so far after each.

        The summary shows while the long pairs table, last, is still being rendered.
        """
        lines: list[Strip] = []
        for block in report.blocks():
            lines += render_strips(block, width)
            self.post_message(self.Built(report, list(lines), width))

    @on(Built)
    def show(self, event: Built) -> None:
        """Put the rendered report on screen."""
        self.report, self.shown_width = event.report, event.width
        self.query_one("#report-body", RenderedLines).show_lines(event.lines)

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
