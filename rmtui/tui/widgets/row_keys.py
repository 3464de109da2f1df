"""The key of the row under a table's cursor, typed as the text every table here gives its rows."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable


def cursor_row_key(table: DataTable[Any]) -> str:
    """The key of the highlighted row; the table must have rows, each added with a ``key``."""
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    # Textual types a row key as optional because a row added without one gets none.
    if key is None:
        raise ValueError(f"table #{table.id} has a row added without a key")
    return key
