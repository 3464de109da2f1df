"""A DataTable that shows its first screenful at once and adds the rest a moment later, a batch at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rich.console import RenderableType
from textual.timer import Timer
from textual.widgets import DataTable

# Long enough for the first frame to be written before the rest of the rows arrive.
REST_DELAY = 0.05
# The rest arrive in batches this size, each on its own timer tick, so keys pressed meanwhile are
# handled between batches: 8,000 alert rows added in one go held the UI thread for most of a second.
BATCH = 400
BATCH_DELAY = 0.005
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row to add: its cells, key and height."""

    cells: tuple[RenderableType | str, ...]
    key: str
    height: int = 1


class PagedTable(DataTable[RenderableType]):
    """Fills a screenful of rows now and the rest on short timers, ``BATCH`` rows at a time.

    DataTable measures every cell it holds before it paints, so a long table would delay the
    whole screen. (A call_after_refresh still runs before the first frame is written; a short
    timer doesn't.) The rest are also only built then. A new fill cancels the rest of an earlier one.
    """

    _rest: Timer | None = None

    def fill(self, items: Sequence[T], row: Callable[[T], TableRow], added: Callable[[], None] | None = None) -> None:
        """Replace the rows (the columns stay) with ``row(item)`` for each item; ``added`` runs after each batch."""
        if self._rest is not None:
            self._rest.stop()
            self._rest = None
        self.clear()
        page = max(self.app.size.height, 1)
        self._add(items[:page], row, added)
        if len(items) > page:
            self._rest = self.set_timer(REST_DELAY, lambda: self._add_rest(items, page, row, added))

    def _add_rest(
        self, items: Sequence[T], start: int, row: Callable[[T], TableRow], added: Callable[[], None] | None
    ) -> None:
        end = start + BATCH
        self._add(items[start:end], row, added)
        self._rest = None
        if end < len(items):
            self._rest = self.set_timer(BATCH_DELAY, lambda: self._add_rest(items, end, row, added))

    def _add(self, items: Sequence[T], row: Callable[[T], TableRow], added: Callable[[], None] | None) -> None:
        for item in items:
            made = row(item)
            self.add_row(*made.cells, key=made.key, height=made.height)
        if added is not None:
            added()
