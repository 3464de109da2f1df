"""What the edit forms share: save through the core in a worker, show its messages, keep what was typed.

``SavingForm`` is the one place a form's save reports back: its worker posts ``Saved``,
``Invalid`` or ``Refused``, and the form handles each on the UI thread. ``CoreForm`` adds the
coordinator's forms' Save and Cancel buttons and the whole-form ``#problem`` line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.tui.widgets.field_errors import field_values, show_field_errors

T = TypeVar("T")
R = TypeVar("R")


class SavingForm(ModalScreen[R], Generic[R]):
    """A form whose save runs in a worker thread and reports back with a message.

    Field errors go under their fields (``field_of`` maps a widget id to the core's field name),
    anything else to the line ``problem_id``; either way the form stays open with what was typed.
    A successful save calls ``saved``, which closes the form.
    """

    problem_id: ClassVar[str] = "#problem"
    # What the form returns when closed without saving.
    not_saved: ClassVar[object] = False
    # A save that finished while the form was covered, to close the form with when it is on top again.
    saved_meanwhile: Saved | None = None

    @dataclass
    class Saved(Message):
        """The save succeeded; ``result`` is what the core returned."""

        result: object

    @dataclass
    class Invalid(Message):
        """The core named fields to fix; nothing was saved."""

        error: ValidationError

    @dataclass
    class Refused(Message):
        """The core refused the save, or could not write it; nothing was saved."""

        reason: str

    def save_in_worker(self, operation: Callable[[], object]) -> None:
        """Run a save (from the form's worker thread) and post how it went."""
        try:
            result = operation()
        except ValidationError as error:
            self.post_message(self.Invalid(error))
        except RmtuiError as error:
            self.post_message(self.Refused(str(error)))
        else:
            self.post_message(self.Saved(result))

    def field_of(self, name: str) -> str:
        """The core's name for the field in the widget with id ``name`` (the same unless a form says otherwise)."""
        return name

    def on_mount(self) -> None:
        """Note what the form opened with, to tell later whether it changed.

        Textual runs each class's on_mount, the form's own first, so its fields are set by now.
        """
        self.opening_values = field_values(self)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving; when anything was changed, ask first."""
        if field_values(self) == getattr(self, "opening_values", None):
            self.dismiss(self.not_saved)  # type: ignore[arg-type]
            return
        from rmtui.tui.dialogs.confirm import ConfirmScreen

        def answer(discard: bool | None) -> None:
            # Saved while the question was up: nothing is left to discard, and the form closes as saved.
            if discard and self.saved_meanwhile is None:
                self.dismiss(self.not_saved)  # type: ignore[arg-type]

        question = Text("Discard your changes to this form?")
        self.app.push_screen(ConfirmScreen(question, "What you typed here is not saved.", "Discard"), answer)

    @on(Saved)
    def _saved(self, event: Saved) -> None:
        # A save can finish while something covers the form (the discard question, help): the form closes
        # when it is on top again. Closing at once would close the screen on top instead, and leave the
        # form open, saved, to be saved again.
        if self.app.screen is self:  # not is_current, which a screen under a dialog is too
            self.saved(event.result)
        else:
            self.saved_meanwhile = event

    def on_screen_resume(self) -> None:
        """Close the form now if its save finished while it was covered."""
        if self.saved_meanwhile is not None:
            event, self.saved_meanwhile = self.saved_meanwhile, None
            self.saved(event.result)

    @on(Invalid)
    def _invalid(self, event: Invalid) -> None:
        self.show_errors(event.error)

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        self.show_problem(event.reason)

    def saved(self, result: object) -> None:
        """Close the form once saved (a form that returns the record overrides this)."""
        self.dismiss(True)  # type: ignore[arg-type]

    def show_errors(self, invalid: ValidationError | None) -> None:
        """Put each message under its field; anything without a field goes on the problem line."""
        self.show_problem("; ".join(show_field_errors(self, invalid, self.field_of)))

    def show_problem(self, message: str) -> None:
        """A message for the whole form, such as a failed save; the typed values stay."""
        self.query_one(self.problem_id, Static).update(message)


class CoreForm(SavingForm[T | None], Generic[T]):
    """A form with Save and Cancel buttons, a ``#problem`` line, and an error box under each field.

    Each form says what it holds (``typed_fields``) and how the core saves it (``write``, run in a
    worker thread); the form closes with the saved record, or stays open with every message shown.
    """

    not_saved: ClassVar[object] = None
    # Each form defines these two.
    typed_fields: Callable[[], dict[str, object]]
    write: Callable[[dict[str, object]], T]

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Validate and save in the background; the form stays open until the save succeeds."""
        self.show_errors(None)
        self.save(self.typed_fields())

    @work(thread=True, exclusive=True, group="form-save")
    def save(self, typed: dict[str, object]) -> None:
        """Run the core's save; the worker reports back with Saved, Invalid or Refused."""
        self.save_in_worker(lambda: self.write(typed))

    def saved(self, result: object) -> None:
        """Close with the saved record."""
        self.dismiss(result)  # type: ignore[arg-type]

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
