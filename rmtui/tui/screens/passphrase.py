"""Passphrase prompts: a pair's (set once, then unlock) and the coordinator's."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Input, Label, Static

from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.core.pair_access import has_passphrase, set_pair_passphrase, unlock_pair, verify_coordinator_passphrase

BOX_NAMES = {"passphrase": "The passphrase", "passphrase_repeat": "The second passphrase"}


class LockedScreen(Screen[None]):
    """What lies behind the coordinator's passphrase prompt: the app's name and nothing of the cohort."""

    def compose(self) -> ComposeResult:
        yield Header()


class PassphrasePrompt(ModalScreen[bool]):
    """A masked passphrase box (two when a new one is set), checked off the UI thread."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Back")]
    # Each prompt defines the check: raise RmtuiError unless the passphrase is right (or, when new, valid).
    accept: Callable[[str, str | None], None]

    def __init__(self, title: str, *, new: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.new = new

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="passphrase-dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            if self.new:
                yield Static(
                    "Choose a passphrase together: at least 6 characters. Only it opens your sheet; "
                    "if you lose it, the coordinator can reset it, which deletes your confidential notes.",
                    classes="hint",
                )
            yield Input(password=True, placeholder="passphrase", id="passphrase")
            if self.new:
                yield Input(password=True, placeholder="the same passphrase again", id="passphrase_repeat")
            yield Static("", id="passphrase-problem", classes="error", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Start in the first box."""
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the repeat box, then checks."""
        if self.new and event.input.id == "passphrase":
            self.query_one("#passphrase_repeat", Input).focus()
            return
        repeat = self.query_one("#passphrase_repeat", Input).value if self.new else None
        self.show_problem("Checking…")
        self.check(self.query_one("#passphrase", Input).value, repeat)

    @work(thread=True, exclusive=True, group="passphrase")
    def check(self, passphrase: str, repeat: str | None) -> None:
        """Run the (deliberately slow) check in the background."""
        try:
            self.accept(passphrase, repeat)
        except ValidationError as invalid:
            problems = "; ".join(f"{BOX_NAMES.get(e.field, e.field)} {e.message}" for e in invalid.errors)
            self.app.call_from_thread(self.show_problem, problems)
        except RmtuiError as error:
            self.app.call_from_thread(self.show_problem, str(error))
        else:
            self.app.call_from_thread(self.passed)

    def passed(self) -> None:
        """The passphrase was right."""
        self.dismiss(True)

    def show_problem(self, message: str) -> None:
        """Say what went wrong and clear the boxes for another try."""
        self.query_one("#passphrase-problem", Static).update(message)
        if message != "Checking…":
            for box in self.query(Input):
                box.value = ""
            self.query_one("#passphrase", Input).focus()

    def action_cancel(self) -> None:
        """Back without unlocking."""
        self.dismiss(False)


class PairPassphraseScreen(PassphrasePrompt):
    """Unlock a pair (or set its passphrase the first time), then open its own sheet."""

    def __init__(self, pair_id: int, names: str) -> None:
        self.pair_id = pair_id
        self.names = names
        self.key = None
        super().__init__(names, new=False)

    def compose(self) -> ComposeResult:
        self.new = not has_passphrase(self.app.store, self.pair_id)
        self.title_text = f"{self.names}: {'set your passphrase' if self.new else 'passphrase'}"
        yield from super().compose()

    def accept(self, passphrase: str, repeat: str | None) -> None:
        """Set or check the pair's passphrase; keep the key only in memory."""
        store = self.app.store
        if self.new:
            self.key = set_pair_passphrase(store, self.pair_id, passphrase, repeat)
        else:
            self.key = unlock_pair(store, self.pair_id, passphrase)

    def passed(self) -> None:
        """Replace the prompt with the pair's sheet."""
        from rmtui.tui.screens.pair_sheet import PairSheetScreen

        self.app.switch_screen(PairSheetScreen(self.key, self.names))


class CoordinatorPassphraseScreen(PassphrasePrompt):
    """The coordinator's passphrase: needed to leave pair mode, and to open rmtui when set."""

    def accept(self, passphrase: str, repeat: str | None) -> None:
        """Check the coordinator's passphrase."""
        verify_coordinator_passphrase(self.app.store, passphrase)
