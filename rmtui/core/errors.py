"""Errors a person can act on: their message is shown as is, without a traceback."""

from __future__ import annotations

from dataclasses import dataclass


class RmtuiError(Exception):
    """A problem the user can fix; the message says what happened and what to do."""


class CohortFileError(RmtuiError):
    """The cohort file cannot be opened: damaged, from a newer rmtui, or locked."""


class SaveError(RmtuiError):
    """Writing the cohort file failed; the file on disk still holds the previous state."""


@dataclass(frozen=True, slots=True)
class FieldError:
    """One invalid field: which one, and what to do about it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(RmtuiError):
    """One or more fields are invalid; each error names its field and the fix."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors))

    def for_field(self, field: str) -> str | None:
        """The message for one field, or None when that field is fine."""
        return next((e.message for e in self.errors if e.field == field), None)
