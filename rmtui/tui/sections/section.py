"""What every coordinator section shares: saving a change off the UI thread, then redrawing."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.screen import Screen

from rmtui.core.errors import RmtuiError


class SectionScreen(Screen[None]):
    """A coordinator section that shows what is in the cohort file and can change it."""

    # Each section defines how it reads the file again and redraws.
    reload: Callable[[], None]

    @work(thread=True, exclusive=True, group="section-save")
    def change(self, operation: Callable[[], object], done: str) -> None:
        """Save a change off the UI thread, then redraw and report; a refused change says why."""
        try:
            operation()
        except RmtuiError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", timeout=10, markup=False)
            return
        self.app.call_from_thread(self.reload)
        self.app.call_from_thread(self.notify, done, markup=False)
