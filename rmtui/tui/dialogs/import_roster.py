"""Import a roster CSV or Excel workbook from inside the app, with the same line-numbered report as the CLI.

A sign-up form's columns are shown as the mapping proposes them, each with its reason, for the coordinator to
correct (``f`` / ``F`` / ``x`` on the highlighted column), beside the first rows as they would be read. A workbook
with several sheets (a form's responses beside a summary) offers them under Sheet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Select, Static

from rmtui.core.errors import RmtuiError
from rmtui.core.roster import (
    EXPORT_HEADERS,
    ColumnProposal,
    ImportPlan,
    apply_import,
    describe_outcome,
    describe_plan,
    list_participants,
    plan_import,
    remembered_columns,
)
from rmtui.core.roster.mapping import IGNORE, shown
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.widgets.keys_footer import KeysFooter

UPDATE_LABEL = "Update people already on the roster"
SHEET_LABEL = "Sheet"
FIELD_CHOICES = (*EXPORT_HEADERS, IGNORE)
_CELL = 22


def _clipped(value: str) -> Text:
    """A cell of a sign-up form's question or answer, ending in "…" where it is cut (never mid-word unmarked)."""
    text = Text(shown(value))
    text.truncate(_CELL, overflow="ellipsis")
    return text


class ImportScreen(ModalScreen[bool]):
    """Check a CSV or .xlsx file, then import it; returns True when anything was written."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+k", "run(False)", "Check only", priority=True),
        Binding("ctrl+s", "run(True)", "Import", priority=True),
        Binding("f", "change_field(1)", "Next field", tooltip="Read the highlighted column as the next field"),
        Binding("F", "change_field(-1)", "Prev field", tooltip="Read the highlighted column as the previous field"),
        Binding("x", "ignore_column", "Ignore", tooltip="Ignore the highlighted column"),
        Binding("escape", "close", "Close"),
    ]

    @dataclass
    class Reported(Message):
        """The import worker checked (and maybe wrote) the file; ``report`` says what happened."""

        report: str
        plan: ImportPlan | None = None

    def __init__(self) -> None:
        super().__init__()
        self.imported = False
        # The coordinator's corrections to the proposal, by header, as --map would give them.
        self.overrides: dict[str, str] = {}
        self.columns: list[ColumnProposal] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="import"):
            yield Label("Import a roster CSV or Excel workbook", classes="dialog-title")
            yield Static(
                "Our column names, or a sign-up form's questions: check (ctrl+k) to see how each column is read, "
                "then correct it on the list (f / F / x). All or nothing unless you skip invalid rows.",
                classes="hint",
            )
            yield Input(placeholder="Path to the file, e.g. ~/Downloads/roster.csv or roster.xlsx", id="path")
            with Horizontal(id="sheet-row"):
                yield Label(SHEET_LABEL)
                yield Select[str]([], id="sheet", allow_blank=True, prompt="the first", compact=True)
            with Horizontal(classes="options"):
                yield Checkbox(UPDATE_LABEL, id="update", compact=True)
                yield Checkbox("Skip invalid rows", id="skip-invalid", compact=True)
            mapping: DataTable[str | Text] = DataTable(id="mapping", cursor_type="row", zebra_stripes=True)
            mapping.add_columns("Column", "Read as", "Why")
            yield mapping
            yield DataTable(id="preview", cursor_type="none", show_cursor=False)
            with VerticalScroll(id="report-box"):
                yield Static("", id="report", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close", compact=True)
                yield Button("Check only (ctrl+k)", id="check", compact=True)
                yield Button("Import (ctrl+s)", variant="primary", id="import-button", compact=True)
        yield KeysFooter()

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

    @on(Input.Changed, "#path")
    def path_changed(self) -> None:
        """Corrections and the sheet belong to one file: a new path starts from the proposal and the first sheet."""
        self.overrides.clear()
        self.query_one("#sheet", Select).set_options([])
        self.query_one("#import").remove_class("-sheets")

    @on(Select.Changed, "#sheet")
    def sheet_changed(self, event: Select.Changed) -> None:
        """Another sheet has other columns: read it from the proposal again."""
        if event.value != Select.NULL:
            self.overrides.clear()
            self.action_run(False)

    def action_run(self, write: bool) -> None:
        """Check (and maybe import) the file named in the path box."""
        self.show("Checking…")
        sheet = self.query_one("#sheet", Select)
        self.run_import(
            self.query_one("#path", Input).value.strip(),
            sheet=None if sheet.is_blank() else str(sheet.value),
            write=write,
            update=self.query_one("#update", Checkbox).value,
            skip_invalid=self.query_one("#skip-invalid", Checkbox).value,
            overrides=dict(self.overrides),
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Correcting a column needs the list of columns in focus (f and x type into the path box otherwise)."""
        if action in ("change_field", "ignore_column"):
            return (self.focused is self.query_one("#mapping", DataTable) and bool(self.columns)) or None
        return True

    def on_descendant_focus(self) -> None:
        """The footer shows the column keys only while the list of columns has focus."""
        self.refresh_bindings()

    def action_change_field(self, step: int) -> None:
        """Read the highlighted column as the next (or previous) field, and check the file again."""
        column = self.highlighted_column()
        if column is not None:
            # The last choice made counts, even before the check it started has shown: keys come faster than checks.
            current = FIELD_CHOICES.index(self.overrides.get(column.header) or column.field or IGNORE)
            self.correct(column, FIELD_CHOICES[(current + step) % len(FIELD_CHOICES)])

    def action_ignore_column(self) -> None:
        """Ignore the highlighted column, and check the file again."""
        column = self.highlighted_column()
        if column is not None:
            self.correct(column, IGNORE)

    def highlighted_column(self) -> ColumnProposal | None:
        """The column under the list's cursor."""
        row = self.query_one("#mapping", DataTable).cursor_row
        return self.columns[row] if 0 <= row < len(self.columns) else None

    def correct(self, column: ColumnProposal, field: str) -> None:
        """Keep the coordinator's choice for this column and show the file as it would now be read."""
        self.overrides[column.header] = field
        self.action_run(False)

    @work(thread=True, exclusive=True, group="import")
    def run_import(
        self, path_text: str, *, sheet: str | None, write: bool, update: bool, skip_invalid: bool,
        overrides: dict[str, str],
    ) -> None:  # fmt: skip
        """Read, validate and maybe write in the background, then show the report."""
        report = self.import_report(path_text, sheet, write, update, skip_invalid, overrides)
        self.post_message(self.Reported(*report))

    @on(Reported)
    def reported(self, event: Reported) -> None:
        """Show the worker's report, the columns as they are read and the first rows."""
        self.show(event.report)
        if event.plan is not None:
            self.show_columns(event.plan)
            self.show_sheets(event.plan.sheets)

    def show_sheets(self, sheets: tuple[str, ...]) -> None:
        """Offer a workbook's sheets under Sheet when it has more than one (keeping the one chosen)."""
        self.query_one("#import").set_class(len(sheets) > 1, "-sheets")
        choice = self.query_one("#sheet", Select)
        if len(sheets) > 1 and choice.is_blank():
            with choice.prevent(Select.Changed):
                choice.set_options([(name, name) for name in sheets])

    def show_columns(self, plan: ImportPlan) -> None:
        """Fill the list of columns (keeping the cursor) and the preview of the first rows."""
        self.columns = plan.columns
        self.query_one("#import").set_class(bool(plan.columns), "-mapped")
        mapping = self.query_one("#mapping", DataTable)
        row = mapping.cursor_row
        mapping.clear()
        for column in plan.columns:
            mapping.add_row(_clipped(column.header), column.field or "ignored", Text(column.reason))
        if plan.columns:
            mapping.move_cursor(row=min(max(row, 0), len(plan.columns) - 1))
        preview = self.query_one("#preview", DataTable)
        preview.clear(columns=True)
        fields = [column.field for column in plan.columns if column.field is not None]
        preview.add_columns(*fields)
        for cells in plan.preview:
            preview.add_row(*(_clipped(cells.get(name, "")) for name in fields))
        self.refresh_bindings()

    def import_report(
        self, path_text: str, sheet: str | None, write: bool, update: bool, skip_invalid: bool,
        overrides: dict[str, str],
    ) -> tuple[str, ImportPlan | None]:  # fmt: skip
        """Do the import and say what happened, as the CLI would."""
        if not path_text:
            return "Type the path of a CSV or .xlsx file first.", None
        path = Path(path_text).expanduser()
        try:
            raw = path.read_bytes()
        except OSError as error:
            return f"Cannot read {path}: {error.strerror or error}. Check the path.", None
        store = cohort_app(self).store
        try:
            remembered = remembered_columns(store)
        except RmtuiError as error:
            return str(error), None
        plan = plan_import(
            raw, list_participants(store), update=update, sheet=sheet, remembered=remembered, overrides=overrides,
            update_option=f"tick '{UPDATE_LABEL}'", correct_with="f / F on the list of columns",
        )  # fmt: skip
        # The list of columns shows the mapping; the report need not repeat it.
        report = describe_plan(plan, path.name, columns=False, sheet_option=f"choose one under {SHEET_LABEL}")
        if not write:
            return report + "\nChecked only: nothing was written.", plan
        if not plan.valid_count or (plan.errors and not skip_invalid):
            return report + "\n" + describe_outcome(plan, written=False), plan
        try:
            apply_import(store, plan)
        except RmtuiError as error:
            return report + f"\n{error}", plan
        self.imported = True
        return report + "\n" + describe_outcome(plan, written=True), plan

    def show(self, report: str) -> None:
        """Replace the report text."""
        self.query_one("#report", Static).update(report)
