"""Column plans for the section tables: each column's key, heading and width, and the cells that fit them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.widgets import DataTable


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
