"""Ask where to export the report; the file name's ending chooses the format."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from rmtui.core.errors import RmtuiError
from rmtui.core.report import format_for
from rmtui.tui.widgets.keys_footer import KeysFooter


class ExportReportScreen(ModalScreen[Path | None]):
    """A path box prefilled with a sensible file; returns the chosen path, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, default: Path) -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-report"):
            yield Label("Export the report", classes="dialog-title")
            yield Static(
                "End the name in .html (prints to A4), .svg, .txt (100 columns), .md (GitHub Markdown) "
                "or .json (the figures, for other tools).",
                classes="hint",
            )
            yield Input(str(self.default), id="path")
            yield Static("", id="path-error", classes="error field-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Export (ctrl+s)", variant="primary", id="export")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Start in the path box."""
        self.query_one("#path", Input).focus()

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#path")
    def action_export(self) -> None:
        """Return the path when its ending names a format; otherwise say which endings work."""
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.show_error("Type a file name, like ~/report.html.")
            return
        target = Path(text).expanduser().absolute()
        try:
            format_for(target)
        except RmtuiError as problem:
            # The same words `rmtui report -o` prints for an ending it cannot write.
            self.show_error(str(problem))
            return
        self.dismiss(target)

    def show_error(self, message: str) -> None:
        """Show why the path will not do; an error box is hidden until it has something to say."""
        error = self.query_one("#path-error", Static)
        error.update(message)
        error.display = True

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
