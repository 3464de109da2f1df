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
from textual.widgets import Header, Input, Label, ProgressBar, Static

from rmtui.core.access import verify_coordinator_passphrase
from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.widgets.keys_footer import KeysFooter

CHECKING = "Checking… this takes about a second, on purpose: it makes guessing slow."
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

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back"),
        # Read as the key arrives (priority), so focus has moved on before the next key is delivered: what is
        # typed straight after Enter lands in the next box, however fast, not at the end of this one.
        Binding("enter", "next_box", "Next / check", priority=True, show=False),
    ]
    # Each prompt defines the check: raise RmtuiError unless what was typed is right (or, when new, valid).
    accept: Callable[[dict[str, str]], None]

    class Passed(Message):
        """The check passed: what was typed is right (or, when new, valid and saved)."""

    class Typed(Message):
        """Sent through each box after the last Enter: it reaches the prompt once the box has every key typed before."""

    @dataclass
    class Failed(Message):
        """The check failed; ``problem`` says why."""

        problem: str

    def __init__(self, title: str, *, new: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.new = new
        # How many boxes the check still waits to hear back from (see action_next_box).
        self.waiting_for = 0

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
            # The check is slow on purpose (scrypt, so that guessing is costly): a moving bar shows it is working.
            checking = ProgressBar(total=None, show_percentage=False, show_eta=False, id="checking")
            checking.display = False
            yield checking
            yield Static("", id="passphrase-problem", classes="error", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        """Start in the first box."""
        self.set_focus(self.query(Input).first())

    def action_next_box(self) -> None:
        """Enter moves to the next box; in the last one, it checks once every box has what was typed."""
        boxes = list(self.query(Input))
        if self.focused in boxes[:-1]:
            self.set_focus(boxes[boxes.index(self.focused) + 1])
            return
        # Keys typed just before may still wait in a box's queue. A message sent through every box comes
        # back only after that box has taken them, so the boxes are read once all have come back.
        self.waiting_for = len(boxes)
        for box in boxes:
            box.post_message(self.Typed())

    @on(Typed)
    def typed(self) -> None:
        """Check what was typed once every box has taken its keys."""
        self.waiting_for -= 1
        if self.waiting_for == 0:
            self.show_problem(CHECKING)
            self.check({box.id or "": box.value for box in self.query(Input)})

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
        self.query_one("#checking", ProgressBar).display = message == CHECKING
        if message != CHECKING:
            for box in self.query(Input):
                if box.password:
                    box.value = ""
            self.set_focus(self.query_one("#passphrase", Input))

    def action_cancel(self) -> None:
        """Back without unlocking."""
        self.dismiss(False)


class CoordinatorPassphraseScreen(PassphrasePrompt):
    """The coordinator's passphrase: needed to leave pair mode, and to open rmtui when set."""

    def accept(self, typed: dict[str, str]) -> None:
        """Check the coordinator's passphrase."""
        verify_coordinator_passphrase(cohort_app(self).store, typed["passphrase"])
