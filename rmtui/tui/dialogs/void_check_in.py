"""Void one of a pair's check-ins, with a reason: the coordinator's way to set aside an answer that must not stand.

In pair mode nobody can replace a saved check-in, so when one was answered by the wrong partner
(or under pressure) the coordinator voids it here and the person answers again. The list shows
who answered which point and when; never what they answered.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Label, Static

from rmtui.core.errors import RmtuiError
from rmtui.core.sessions import Answered, void_check_in
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.forms.core_form import CoreForm
from rmtui.tui.widgets.keys_footer import KeysFooter

HINT = (
    "A voided answer leaves every figure and counts as unanswered, so the person may answer again. "
    "It stays on record with today's date, your name and the reason."
)


class VoidCheckInScreen(CoreForm[Answered]):
    """Choose one of the pair's check-ins and say why it is void; returns it once voided, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Void check-in", priority=True, tooltip="Void the highlighted check-in"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without voiding anything"),
    ]

    def __init__(self, pair_id: int, names: dict[str, str], answered: list[Answered]) -> None:
        super().__init__()
        self.pair_id = pair_id
        self.names = names  # email → name, for the pair's two people
        self.answered = answered

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="void-check-in"):
            yield Label(f"Void a check-in of {' & '.join(self.names.values())}", classes="dialog-title", markup=False)
            yield Static(HINT, classes="hint")
            yield Static("", id="problem", classes="error", markup=False)
            yield DataTable(id="void-answers", cursor_type="row", zebra_stripes=True)
            with Horizontal(classes="field"):
                yield Label("Reason", classes="field-label")
                yield Input(placeholder="why it must not stand, like 'answered by the partner'", id="reason",
                            compact=True)  # fmt: skip
            yield Static("", id="reason-error", classes="error field-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Void (ctrl+s)", variant="error", id="save", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        """List the pair's check-ins, newest first, and start in the list."""
        table = self.query_one("#void-answers", DataTable)
        for key, label in (("who", "Who"), ("role", "Role"), ("checkpoint", "Check-in"), ("done_on", "Answered on")):
            table.add_column(label, key=key)
        for number, answer in reversed(list(enumerate(self.answered))):
            who = Text(self.names.get(answer.email, answer.email), no_wrap=True, overflow="ellipsis")
            table.add_row(who, answer.role, answer.checkpoint, f"{answer.done_on:%d %b %Y}", key=str(number))
        if not self.answered:
            self.show_problem("Neither of them has a check-in that counts about this pair: there is nothing to void.")
        table.focus()

    def typed_fields(self) -> dict[str, object]:
        """The highlighted check-in and the reason typed."""
        table = self.query_one("#void-answers", DataTable)
        chosen = None
        if table.row_count:
            chosen = self.answered[int(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))]
        return {"check_in": chosen, "reason": self.query_one("#reason", Input).value}

    def write(self, typed: dict[str, object]) -> Answered:
        """Void the chosen check-in through the core, which checks the reason."""
        chosen = typed["check_in"]
        if not isinstance(chosen, Answered):
            raise RmtuiError("Neither of them has a check-in that counts about this pair: there is nothing to void.")
        void_check_in(cohort_app(self).store, chosen.email, chosen.checkpoint, str(typed["reason"]), self.pair_id)
        return chosen
