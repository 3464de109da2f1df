"""Validation messages from the core, shown under the fields they belong to; what a form's fields hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from rmtui.core.errors import ValidationError


def field_row(label: str, *widgets: Widget, name: str) -> ComposeResult:
    """A labelled row and, under it, the hidden line for its error."""
    with Horizontal(classes="field"):
        yield Label(label, classes="field-label")
        yield from widgets
    yield Static("", id=f"{name}-error", classes="error field-error", markup=False)


def _same_field(name: str) -> str:
    return name


def show_field_errors(
    screen: Screen[Any], invalid: ValidationError | None, field_of: Callable[[str], str] = _same_field
) -> list[str]:
    """Put each message in the ``<widget id>-error`` box under its field; focus the first bad field, its value selected.

    ``field_of`` turns a widget id into the core's field name where the two differ. A field
    reported per entry ("points[2]") shows under its field's box. Returns the messages that
    have no box, for the form to show elsewhere.
    """
    placed: set[str] = set()
    first_bad = None
    for box in screen.query(".field-error").results(Static):
        widget_id = str(box.id).removesuffix("-error")
        field = field_of(widget_id)
        errors = [e for e in invalid.errors if e.field.split("[")[0] == field or e.field == field] if invalid else []
        box.update("↑ " + "; ".join(e.message for e in errors) if errors else "")
        box.display = bool(errors)
        placed |= {e.field for e in errors}
        if errors and first_bad is None:
            first_bad = next(iter(screen.query(f"#{widget_id}")), None)
    if first_bad is not None and first_bad.focusable:
        first_bad.focus()
        first_bad.scroll_visible()
        # Selected, so the next key replaces the bad value (focus alone selects only when focus moves,
        # and the bad field is often the one already focused: typing would append to it).
        if isinstance(first_bad, Input | TextArea):
            first_bad.select_all()
    return [str(e) for e in invalid.errors if e.field not in placed] if invalid else []


def field_values(screen: Screen[Any]) -> dict[str, object]:
    """Every field's value on ``screen`` (a text area's text), to tell whether the form was changed."""
    return {
        f"{type(widget).__name__}#{widget.id}#{number}": widget.text if isinstance(widget, TextArea) else widget.value
        for number, widget in enumerate(screen.query("Input, Select, Checkbox, TextArea").results())
        if isinstance(widget, Input | Select | Checkbox | TextArea)
    }
