"""Validation messages from the core, shown under the fields they belong to; what a form's fields hold."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from rmtui.core.errors import ValidationError
from rmtui.tui.widgets.choice import Choice


def field_row(label: str, *widgets: Widget, name: str) -> ComposeResult:
    """A labelled row for the field ``name``; the line for its error is added under it with the first error.

    Not built with the row: most forms open and close without an error, and a form's error lines were
    a sixth of the widgets its opening mounted and styled.
    """
    with Horizontal(classes="field", name=name):
        yield Label(label, classes="field-label")
        yield from widgets


def grid_field(label: str, widget: Widget) -> ComposeResult:
    """A field as two cells of a ``.field-grid`` (label, box), with no row around them: one widget fewer a field.

    Its error line, when it has one, goes under the box, and the label spans both rows. ``widget`` needs an id.
    """
    yield Label(label, classes="field-label", name=widget.id)
    yield widget


def _error_places(screen: Screen[Any]) -> Iterator[tuple[str, Widget]]:
    """Where each field's error goes, in form order: (widget id, its error box, or what to add one after).

    A field with no box yet gives its row (``field_row``) or its box (``grid_field``, whose label is named).
    """
    boxed = {box.id for box in screen.query(".field-error")}
    for node in screen.query(".field-error, .field, .field-label"):
        if node.has_class("field-error"):
            yield str(node.id).removesuffix("-error"), node
        elif node.name and f"{node.name}-error" not in boxed:
            yield node.name, node if node.has_class("field") else screen.query_one(f"#{node.name}")


def _same_field(name: str) -> str:
    return name


def show_field_errors(
    screen: Screen[Any], invalid: ValidationError | None, field_of: Callable[[str], str] = _same_field
) -> list[str]:
    """Put each message in the ``<widget id>-error`` box under its field (added to a ``field_row`` when first needed);
    focus the first bad field, its value selected.

    ``field_of`` turns a widget id into the core's field name where the two differ. A field
    reported per entry ("points[2]") shows under its field's box. Returns the messages that
    have no box, for the form to show elsewhere.
    """
    placed: set[str] = set()
    first_bad = None
    for widget_id, box in list(_error_places(screen)):
        field = field_of(widget_id)
        errors = [e for e in invalid.errors if e.field.split("[")[0] == field or e.field == field] if invalid else []
        if not box.has_class("field-error"):  # no error box yet: one goes after this
            if not errors:
                continue
            after, box = box, Static(id=f"{widget_id}-error", classes="error field-error", markup=False)
            after.parent.mount(box, after=after)  # type: ignore[union-attr]
        assert isinstance(box, Static)
        box.update("↑ " + "; ".join(e.message for e in errors) if errors else "")
        box.display = bool(errors)
        placed |= {e.field for e in errors}
        if errors and first_bad is None:
            first_bad = next(iter(screen.query(f"#{widget_id}")), None)
    # In a grid, a label takes the row of its field's error too, so the error sits in the box's column.
    for label in screen.query(".field-grid > .field-label"):
        shown = any(box.display for box in screen.query(f"#{label.name}-error"))
        label.styles.row_span = 2 if shown else 1
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
        for number, widget in enumerate(screen.query("Input, Select, Checkbox, TextArea, Choice").results())
        if isinstance(widget, Input | Select | Checkbox | TextArea | Choice)
    }
