"""The baseline for rmtui's key-to-screen timings: a bare Textual app doing the same with plain widgets.

    python bare_sections.py ROWS

It starts on a screen that says ``READY``. F2 to F7 each switch to a screen of a Header, a
``DataTable`` of ROWS × 7 plain cells and a Footer (the first cell is ``F2-1.1`` and so on); ``s``
sorts that table the other way round (``F2-ROWS.1`` comes to the top); ``/`` then any key filters it
to nothing (``0 rows``); ``a`` opens a form of ten labelled boxes (``Bare form``); F1 opens a page of
Markdown (``Bare help``); Escape closes a form or help. Nothing is read from disk.
"""

from __future__ import annotations

import sys
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Markdown, Static

COLUMNS = ("Name", "Role", "Department", "Grade", "Focus", "Status", "Offers / wants")
READY = "READY"
HELP = "# Bare help\n\n" + "\n\n".join(f"Paragraph {n} of the help, a line of plain words." for n in range(40))


class TableScreen(Screen[None]):
    """A header, a table of ``rows`` rows and a footer, as a section of rmtui has."""

    BINDINGS: ClassVar = [("s", "sort", "Sort"), ("slash", "filter", "Filter")]

    def __init__(self, name: str, rows: int) -> None:
        super().__init__()
        self.cells = [[f"{name}-{row}.{column}" for column in range(1, len(COLUMNS) + 1)] for row in range(1, rows + 1)]
        self.filtering = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="count")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table and focus it."""
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.add_rows(self.cells)
        table.focus()

    def action_sort(self) -> None:
        """Put the rows the other way round."""
        table = self.query_one(DataTable)
        table.clear()
        self.cells.reverse()
        table.add_rows(self.cells)

    def action_filter(self) -> None:
        """The next key filters the table to nothing."""
        self.filtering = True

    def on_key(self, event: object) -> None:
        """After ``/``, any key empties the table."""
        if self.filtering and getattr(event, "key", "") != "slash":
            self.filtering = False
            self.query_one(DataTable).clear()
            self.query_one("#count", Static).update("0 rows")


class FormScreen(ModalScreen[None]):
    """Ten labelled boxes, as rmtui's participant form has."""

    BINDINGS: ClassVar = [("escape", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Bare form")
            for n in range(10):
                yield Label(f"Field {n}")
                yield Input(placeholder=f"value {n}")


class HelpScreen(ModalScreen[None]):
    """A page of Markdown, as rmtui's help is."""

    BINDINGS: ClassVar = [("escape", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        yield Markdown(HELP)


class BareSections(App[None]):
    """F2–F7 switch to a table screen; a, F1 and Escape open and close a form and help."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(READY)
        yield Footer()

    def on_key(self, event: object) -> None:
        """Switch, open or close as the key says."""
        key = getattr(event, "key", "")
        if key in ("f2", "f3", "f4", "f5", "f6", "f7"):
            screen = TableScreen(key.upper(), self.rows)
            if len(self.screen_stack) > 1:
                self.switch_screen(screen)
            else:
                self.push_screen(screen)
        elif key == "a":
            self.push_screen(FormScreen())
        elif key == "f1":
            self.push_screen(HelpScreen())


if __name__ == "__main__":
    BareSections(int(sys.argv[1]) if len(sys.argv) > 1 else 300).run()
