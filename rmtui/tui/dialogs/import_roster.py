"""Import a roster CSV or Excel workbook from inside the app, with the same line-numbered report as the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Static

from rmtui.core.errors import RmtuiError
from rmtui.core.roster import apply_import, describe_outcome, describe_plan, list_participants, plan_import
from rmtui.tui.cohort_app import cohort_app


class ImportScreen(ModalScreen[bool]):
    """Check a CSV or .xlsx file, then import it; returns True when anything was written."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+k", "run(False)", "Check only"),
        Binding("ctrl+s", "run(True)", "Import", priority=True),
        Binding("escape", "close", "Close"),
    ]

    @dataclass
    class Reported(Message):
        """The import worker checked (and maybe wrote) the file; ``report`` says what happened."""

        report: str

    def __init__(self) -> None:
        super().__init__()
        self.imported = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="import"):
            yield Label("Import a roster CSV or Excel workbook", classes="dialog-title")
            yield Static(
                "Headers: name, email, role, department, job_title, grade, reports_to, offers, wants, focus, "
                "format, capacity, and optionally status, status_date, diversity_consent, generation, "
                "under_represented. A CSV may be UTF-8, UTF-16 or Windows-1252; a workbook's first sheet is read. "
                "All or nothing unless you skip invalid rows.",
                classes="hint",
            )
            yield Input(placeholder="Path to the file, e.g. ~/Downloads/roster.csv or roster.xlsx", id="path")
            with Horizontal(classes="options"):
                yield Checkbox("Update people already on the roster", id="update")
                yield Checkbox("Skip invalid rows", id="skip-invalid")
            with VerticalScroll(id="report-box"):
                yield Static("", id="report", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close")
                yield Button("Check only (ctrl+k)", id="check")
                yield Button("Import (ctrl+s)", variant="primary", id="import-button")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Start in the path box."""
        self.query_one("#path", Input).focus()

    @on(Button.Pressed, "#check")
    def check_pressed(self) -> None:
        """Report without writing."""
        self.action_run(False)

    @on(Button.Pressed, "#import-button")
    @on(Input.Submitted, "#path")
    def import_pressed(self) -> None:
        """Validate and, if allowed, write."""
        self.action_run(True)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(self.imported)

    def action_run(self, write: bool) -> None:
        """Check (and maybe import) the file named in the path box."""
        self.show("Checking…")
        self.run_import(
            self.query_one("#path", Input).value.strip(),
            write=write,
            update=self.query_one("#update", Checkbox).value,
            skip_invalid=self.query_one("#skip-invalid", Checkbox).value,
        )

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, path_text: str, *, write: bool, update: bool, skip_invalid: bool) -> None:
        """Read, validate and maybe write in the background, then show the report."""
        self.post_message(self.Reported(self.import_report(path_text, write, update, skip_invalid)))

    @on(Reported)
    def reported(self, event: Reported) -> None:
        """Show the worker's report."""
        self.show(event.report)

    def import_report(self, path_text: str, write: bool, update: bool, skip_invalid: bool) -> str:
        """Do the import and say what happened, as the CLI would."""
        if not path_text:
            return "Type the path of a CSV or .xlsx file first."
        path = Path(path_text).expanduser()
        try:
            raw = path.read_bytes()
        except OSError as error:
            return f"Cannot read {path}: {error.strerror or error}. Check the path."
        store = cohort_app(self).store
        plan = plan_import(raw, list_participants(store), update=update)
        report = describe_plan(plan, path.name)
        if not write:
            return report + "\nChecked only: nothing was written."
        if not plan.valid_count or (plan.errors and not skip_invalid):
            return report + "\n" + describe_outcome(plan, written=False)
        try:
            apply_import(store, plan)
        except RmtuiError as error:
            return report + f"\n{error}"
        self.imported = True
        return report + "\n" + describe_outcome(plan, written=True)

    def show(self, report: str) -> None:
        """Replace the report text."""
        self.query_one("#report", Static).update(report)
