"""Passphrase prompts: the shared prompt, and the coordinator's (to open rmtui and to end pair mode)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Input, Label, Static

from rmtui.core.access import verify_coordinator_passphrase
from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.tui.cohort_app import cohort_app

BOX_NAMES = {
    "setup_code": "The setup code",
    "passphrase": "The passphrase",
    "passphrase_repeat": "The second passphrase",
}


class LockedScreen(Screen[None]):
    """What lies behind the coordinator's passphrase prompt: the app's name and nothing of the cohort."""

    def compose(self) -> ComposeResult:
        yield Header()


class PassphrasePrompt(ModalScreen[bool]):
    """Masked boxes (a passphrase; a setup code and a new passphrase twice to enrol), checked off the UI thread."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Back")]
    # Each prompt defines the check: raise RmtuiError unless what was typed is right (or, when new, valid).
    accept: Callable[[dict[str, str]], None]

    class Passed(Message):
        """The check passed: what was typed is right (or, when new, valid and saved)."""

    @dataclass
    class Failed(Message):
        """The check failed; ``problem`` says why."""

        problem: str

    def __init__(self, title: str, *, new: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.new = new

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="passphrase-dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            if self.new:
                yield Static(
                    "Type the setup code the coordinator gave you, then choose a passphrase together: a few "
                    "words that have nothing to do with you. Only it opens your sheet; if you lose it, the "
                    "coordinator can reset it, which deletes your confidential notes.",
                    classes="hint",
                )
                yield Input(placeholder="setup code, like K7QM-4XPR", id="setup_code")
            yield Input(password=True, placeholder="passphrase", id="passphrase")
            if self.new:
                yield Input(password=True, placeholder="the same passphrase again", id="passphrase_repeat")
            yield Static("", id="passphrase-problem", classes="error", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Start in the first box."""
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        """Enter moves to the next box; in the last one, it checks."""
        boxes = list(self.query(Input))
        if event.input is not boxes[-1]:
            boxes[boxes.index(event.input) + 1].focus()
            return
        self.show_problem("Checking…")
        self.check({box.id or "": box.value for box in boxes})

    @work(thread=True, exclusive=True, group="passphrase")
    def check(self, typed: dict[str, str]) -> None:
        """Run the (deliberately slow) check in the background."""
        try:
            self.accept(typed)
        except ValidationError as invalid:
            problems = "; ".join(f"{BOX_NAMES.get(e.field, e.field)} {e.message}" for e in invalid.errors)
            self.post_message(self.Failed(problems))
        except RmtuiError as error:
            self.post_message(self.Failed(str(error)))
        else:
            self.post_message(self.Passed())

    @on(Failed)
    def failed(self, event: Failed) -> None:
        """Say what went wrong."""
        self.show_problem(event.problem)

    @on(Passed)
    def _passed(self) -> None:
        # A handler of its own, so that a prompt's override of passed() is the one called.
        self.passed()

    def passed(self) -> None:
        """The passphrase was right."""
        self.dismiss(True)

    def show_problem(self, message: str) -> None:
        """Say what went wrong and clear the passphrase boxes for another try (a setup code stays)."""
        self.query_one("#passphrase-problem", Static).update(message)
        if message != "Checking…":
            for box in self.query(Input):
                if box.password:
                    box.value = ""
            self.query_one("#passphrase", Input).focus()

    def action_cancel(self) -> None:
        """Back without unlocking."""
        self.dismiss(False)


class CoordinatorPassphraseScreen(PassphrasePrompt):
    """The coordinator's passphrase: needed to leave pair mode, and to open rmtui when set."""

    def accept(self, typed: dict[str, str]) -> None:
        """Check the coordinator's passphrase."""
        verify_coordinator_passphrase(cohort_app(self).store, typed["passphrase"])
