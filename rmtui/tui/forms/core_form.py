"""What the coordinator's edit forms share: save through the core, show its messages, keep what was typed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual import on, work
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from rmtui.core.errors import ValidationError
from rmtui.tui.widgets.field_errors import save_in_worker, show_field_errors

T = TypeVar("T")


class CoreForm(ModalScreen[T | None], Generic[T]):
    """A form with Save and Cancel buttons, a ``#problem`` line, and an error box under each field.

    Each form says what it holds (``typed_fields``) and how the core saves it (``write``, run in a
    worker thread); the form closes with the saved record, or stays open with every message shown.
    """

    # Each form defines these two.
    typed_fields: Callable[[], dict[str, object]]
    write: Callable[[dict[str, object]], T]

    def field_of(self, name: str) -> str:
        """The core's name for the field in the widget with id ``name`` (the same unless a form says otherwise)."""
        return name

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Validate and save in the background; the form stays open until the save succeeds."""
        self.show_errors(None)
        self.save(self.typed_fields())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)

    @work(thread=True, exclusive=True, group="form-save")
    def save(self, typed: dict[str, object]) -> None:
        """Run the core's save; report problems back to the form."""
        save_in_worker(
            self, lambda: self.write(typed), saved=self.dismiss, invalid=self.show_errors, refused=self.show_problem
        )

    def show_errors(self, invalid: ValidationError | None) -> None:
        """Put each message under its field and move to the first bad one."""
        unplaced = show_field_errors(self, invalid, self.field_of)
        self.show_problem(
            "; ".join(unplaced) if unplaced else ("Please fix the fields marked below." if invalid else "")
        )

    def show_problem(self, message: str) -> None:
        """A message for the whole form, such as a failed save; the typed values stay."""
        problem = self.query_one("#problem", Static)
        problem.update(message)
        problem.display = bool(message)
