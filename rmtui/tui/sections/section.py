"""What every coordinator section shares: saving a change off the UI thread, then redrawing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on, work
from textual.message import Message
from textual.screen import Screen

from rmtui.core.errors import RmtuiError


class SectionScreen(Screen[None]):
    """A coordinator section that shows what is in the cohort file and can change it."""

    @dataclass
    class Changed(Message):
        """A change was saved: the section redraws and says what was done."""

        done: str

    @dataclass
    class Refused(Message):
        """The core refused a change (or could not write it); nothing was saved."""

        reason: str

    # Each section defines how it reads the file again and redraws.
    reload: Callable[[], None]

    @work(thread=True, exclusive=True, group="section-save")
    def change(self, operation: Callable[[], object], done: str) -> None:
        """Save a change off the UI thread, then report back with Changed or Refused."""
        try:
            operation()
        except RmtuiError as error:
            self.post_message(self.Refused(str(error)))
            return
        self.post_message(self.Changed(done))

    @on(Changed)
    def changed(self, event: Changed) -> None:
        """Redraw after a saved change, and say what was done."""
        self.reload()
        self.notify(event.done, markup=False)

    @on(Refused)
    def refused(self, event: Refused) -> None:
        """Say why a change was refused."""
        self.notify(event.reason, severity="error", timeout=10, markup=False)
