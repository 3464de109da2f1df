"""End an active pair early, recording why (the report counts failed matches by reason)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from rmtui.tui.widgets.keys_footer import KeysFooter

END_REASONS = ("not working", "left organisation", "completed", "other")


class EndPairScreen(ModalScreen[str | None]):
    """Ask why a pair ends; returns the reason, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "end", "End pair", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, names: str) -> None:
        super().__init__()
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="end-pair"):
            yield Label(f"End the pair {self.names}", classes="dialog-title", markup=False)
            yield Static("The pair stays on record with today's date and the reason.", classes="hint")
            with Horizontal(classes="field"):
                yield Label("Reason", classes="field-label")
                yield Select(
                    [(r, r) for r in END_REASONS], value="not working", allow_blank=False, id="reason", compact=True
                )
            with Horizontal(classes="field"):
                yield Label("Details", classes="field-label")
                yield Input(placeholder="needed when the reason is 'other'", id="details", compact=True)
            yield Static("", id="end-problem", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("End pair (ctrl+s)", variant="error", id="end", compact=True)
        yield KeysFooter()

    @on(Button.Pressed, "#end")
    def action_end(self) -> None:
        """Return the reason; 'other' needs details."""
        reason = str(self.query_one("#reason", Select).value)
        details = " ".join(self.query_one("#details", Input).value.split())
        if reason == "other":
            if not details:
                self.query_one("#end-problem", Static).update("Say in a few words why the pair ended.")
                return
            reason = details
        self.dismiss(reason)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Keep the pair."""
        self.dismiss(None)
