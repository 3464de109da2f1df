"""Column plans for the section tables: each column's key, heading and width, and the cells that fit them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table: its key, heading and width."""

    key: str
    label: str
    width: int


def set_columns(table: DataTable[Any], columns: Iterable[Column]) -> None:
    """Clear the table and give it these columns; a heading may wrap onto the table's header lines."""
    table.clear(columns=True)
    for column in columns:
        table.add_column(Text(column.label, no_wrap=False), key=column.key, width=column.width)


def cell(value: str, style: str = "") -> Text:
    """Literal text (never markup) that ends in an ellipsis when the column is too narrow."""
    return Text(value, style=style, no_wrap=True, overflow="ellipsis")


def flexible_width(screen_width: int, fixed: Iterable[int], *, minimum: int = 12) -> int:
    """What a screen ``screen_width`` wide leaves for one flexible column beside ``fixed`` ones.

    Each column has a cell of padding either side; four more cells go to the margins and a scrollbar.
    """
    widths = list(fixed)
    return max(minimum, screen_width - sum(widths) - 2 * (len(widths) + 1) - 4)


def fit_flexible_column(table: DataTable[Any], key: str, width: int) -> None:
    """Give the flexible column ``key`` its new width, after the screen was resized."""
    column = table.columns.get(ColumnKey(key))
    if column is not None and column.width != width:
        column.width = width
        table.refresh(layout=True)
