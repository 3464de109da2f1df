"""The table of keys that help shows: every described binding, grouped by where it works."""

from __future__ import annotations

from rich import box
from rich.table import Table
from textual.binding import Binding, BindingType


def _key(binding: Binding) -> str:
    return binding.key_display or binding.key.split(",")[0].replace("_", " ")


def keys_table(sections: dict[str, list[BindingType]]) -> Table:
    """A table of every described binding, grouped by section.

    A Rich table in one Static, not Markdown: Markdown builds a widget for every cell, and the
    table of every key made help take the longest of any screen to open.
    """
    table = Table("Where", "Key", "What it does", box=box.SIMPLE_HEAD, expand=True, show_edge=False)
    for section, bindings in sections.items():
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description:
                table.add_row(section, _key(binding), binding.tooltip or binding.description)
    return table
