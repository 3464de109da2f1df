"""The baseline for rmtui's first screen: a bare Textual app with a header, a 30 × 7 table and a footer.

It reads no file and imports nothing but Textual, so the difference between its
start-up and rmtui's is what rmtui itself adds. ``MARKER`` is the text of the
first cell; the benchmark waits for it to appear on screen.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

ROWS = 30
COLUMNS = ("Name", "Role", "Department", "Grade", "Focus", "Status", "Offers / wants")
MARKER = "Cell 1.1"


class BareApp(App[None]):
    """Header, one DataTable of ROWS × COLUMNS text cells, footer."""

    TITLE = "bare"

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table and focus it, as rmtui's roster screen does."""
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.add_rows([f"Cell {row}.{column}" for column in range(1, len(COLUMNS) + 1)] for row in range(1, ROWS + 1))
        table.focus()


if __name__ == "__main__":
    BareApp().run()
