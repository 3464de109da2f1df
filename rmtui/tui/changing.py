"""A screen that saves changes off the UI thread and hears back by message: the coordinator's sections and a pair's sheet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock
from typing import TypeVar

from textual import on, work
from textual.message import Message
from textual.screen import Screen

from rmtui.core.errors import RmtuiError

T = TypeVar("T")
# Changes are saved one at a time, each in a worker thread of its own (see ChangingScreen.change).
SAVING = Lock()


class ChangingScreen(Screen[None]):
    """Shows what is in the cohort file and changes it; each screen says how it reads the file again."""

    @dataclass
    class Changed(Message):
        """A change was saved: the screen reads the file again and says what was done."""

        done: str

    @dataclass
    class Refused(Message):
        """The core refused a change (or could not read or write the file); nothing was saved."""

        reason: str

    # Each screen defines how it reads the file again and redraws.
    reload: Callable[[], None]

    @work(thread=True, group="change")
    def change(self, operation: Callable[[], T], done: str | Callable[[T], str]) -> None:
        """Save a change off the UI thread, then report back with Changed or Refused.

        ``done`` says what was done, or works it out from what ``operation`` returned. Every change
        asked for is saved, one at a time: an exclusive worker cancelled the one before it, and a
        worker cancelled before its thread started never ran, so a second w typed at once (undo)
        lost the first (withdraw) when the machine was busy.
        """
        try:
            with SAVING:
                result = operation()
        except RmtuiError as error:
            self.post_message(self.Refused(str(error)))
            return
        self.post_message(self.Changed(done(result) if callable(done) else done))

    @on(Changed)
    def changed(self, event: Changed) -> None:
        """Redraw after a saved change, and say what was done."""
        self.reload()
        self.notify(event.done, markup=False)

    @on(Refused)
    def refused(self, event: Refused) -> None:
        """Say why nothing was saved."""
        self.show_refusal(event.reason)

    def show_refusal(self, reason: str) -> None:
        """How this screen says a change was refused: a notice, unless the screen has a better place."""
        self.notify(reason, severity="error", timeout=10, markup=False)
