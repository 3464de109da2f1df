"""Set, change or remove the coordinator's passphrase (asked when rmtui opens and to leave pair mode)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from rmtui.core.access import clear_coordinator_passphrase, has_coordinator_passphrase, set_coordinator_passphrase
from rmtui.core.errors import RmtuiError
from rmtui.core.store import CohortStore
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.widgets.keys_footer import KeysFooter


class CoordinatorPassphraseForm(ModalScreen[str | None]):
    """Returns what changed ("set" or "removed"), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save passphrase", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    @dataclass
    class Changed(Message):
        """The passphrase was changed; ``outcome`` says how ("set" or "removed")."""

        outcome: str

    @dataclass
    class Refused(Message):
        """The core refused the change; nothing was changed."""

        reason: str

    def compose(self) -> ComposeResult:
        has_one = has_coordinator_passphrase(cohort_app(self).store)
        with Vertical(classes="dialog", id="coordinator-passphrase"):
            yield Label("Coordinator passphrase", classes="dialog-title")
            # Remove shows only once a passphrase is set, so the hint names it only then.
            remove = " To stop asking for one, give the current passphrase and press Remove." if has_one else ""
            yield Static(
                "Once set, rmtui asks for it when it opens, and pair mode needs it to hand the machine back. "
                f"At least 6 characters.{remove}",
                classes="hint",
            )
            if has_one:
                yield Input(password=True, placeholder="current passphrase", id="current")
            yield Input(password=True, placeholder="new passphrase", id="new")
            yield Input(password=True, placeholder="new passphrase again", id="repeat")
            yield Static("", id="coordinator-problem", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                if has_one:
                    yield Button("Remove", id="remove", variant="error", compact=True)
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        """Start in the first box."""
        self.query(Input).first().focus()

    def typed(self, name: str) -> str:
        """One box's text, or "" when the box isn't shown."""
        boxes = self.query(f"#{name}")
        return boxes.first(Input).value if boxes else ""

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Set or change the passphrase."""
        self.apply_change(lambda store: set_coordinator_passphrase(
            store, self.typed("new"), self.typed("repeat"), current=self.typed("current")), "set")  # fmt: skip

    @on(Button.Pressed, "#remove")
    def remove_passphrase(self) -> None:
        """Stop asking for a passphrase (needs the current one)."""
        self.apply_change(lambda store: clear_coordinator_passphrase(store, current=self.typed("current")), "removed")

    @work(thread=True, exclusive=True, group="coordinator-passphrase")
    def apply_change(self, change: Callable[[CohortStore], object], outcome: str) -> None:
        """Apply the change off the UI thread (scrypt is slow on purpose)."""
        try:
            change(cohort_app(self).store)
        except RmtuiError as error:
            self.post_message(self.Refused(str(error)))
        else:
            self.post_message(self.Changed(outcome))

    @on(Changed)
    def changed(self, event: Changed) -> None:
        """Close, saying what changed."""
        self.dismiss(event.outcome)

    @on(Refused)
    def refused(self, event: Refused) -> None:
        """Say why nothing changed; the form stays open."""
        self.query_one("#coordinator-problem", Static).update(event.reason)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
