"""A pair's one-time setup code, shown to the coordinator to hand over: the pair sets its first passphrase with it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from rmtui.core.access import issue_setup_code
from rmtui.core.errors import RmtuiError
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.widgets.keys_footer import KeysFooter


class SetupCodeScreen(ModalScreen[None]):
    """Show a pair's waiting setup code; ``n`` replaces it (a lost slip), Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_code", "New code", tooltip="Replace the code (the old one stops working)"),
        Binding("escape,enter", "close", "Close"),
    ]

    def __init__(self, pair_id: int, names: str, code: str) -> None:
        super().__init__()
        self.pair_id = pair_id
        self.names = names
        self.code = code

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="setup-code"):
            yield Static(Text.assemble("Setup code for ", (self.names, "bold")), classes="dialog-title")
            yield Static(self.code, id="code")
            yield Static(
                "Hand it to the pair in person or on paper. In pair mode they choose their names, type this "
                "code and set their passphrase; the code then stops working. It shows here again until it is used.",
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button("New code (n)", id="new")
                yield Button("Close", variant="primary", id="close")
        yield KeysFooter()

    def on_mount(self) -> None:
        """Focus the safe button."""
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#new")
    def action_new_code(self) -> None:
        """Issue a fresh code in place of this one."""
        try:
            self.code = issue_setup_code(cohort_app(self).store, self.pair_id)
        except RmtuiError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        self.query_one("#code", Static).update(self.code)
        self.notify("A new code replaces the old one, which no longer works.", markup=False)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Back to the goal sheets."""
        self.dismiss(None)
