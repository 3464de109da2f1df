"""Validation messages from the core, shown under the fields they belong to, and how forms save."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.screen import Screen
from textual.widgets import Static

from rmtui.core.errors import RmtuiError, ValidationError

T = TypeVar("T")


def _same_field(name: str) -> str:
    return name


def show_field_errors(
    screen: Screen, invalid: ValidationError | None, field_of: Callable[[str], str] = _same_field
) -> list[str]:
    """Put each message in the ``<widget id>-error`` box under its field and focus the first bad field.

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
    return [str(e) for e in invalid.errors if e.field not in placed] if invalid else []


def save_in_worker(
    screen: Screen,
    operation: Callable[[], T],
    *,
    saved: Callable[[T], object],
    invalid: Callable[[ValidationError], object],
    refused: Callable[[str], object],
) -> None:
    """Run a form's save (from its worker thread) and hand the outcome to the UI thread.

    Field errors go to ``invalid``, a refusal's message (including a failed write) to
    ``refused``; either way the form stays open with what was typed. The result goes to ``saved``.
    """
    try:
        result = operation()
    except ValidationError as error:
        screen.app.call_from_thread(invalid, error)
    except RmtuiError as error:
        screen.app.call_from_thread(refused, str(error))
    else:
        screen.app.call_from_thread(saved, result)
