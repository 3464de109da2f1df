"""The table of keys that help shows: every described binding, grouped by where it works."""

from __future__ import annotations

from textual.binding import Binding, BindingType


def _key(binding: Binding) -> str:
    return binding.key_display or binding.key.split(",")[0].replace("_", " ")


def keys_table(sections: dict[str, list[BindingType]]) -> str:
    """A Markdown table of every described binding, grouped by section."""
    rows = ["| Where | Key | What it does |", "|---|---|---|"]
    for section, bindings in sections.items():
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description:
                what = binding.tooltip or binding.description
                rows.append(f"| {section} | `{_key(binding)}` | {what} |")
    return "\n".join(rows)
