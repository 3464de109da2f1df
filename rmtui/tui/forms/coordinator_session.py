"""Log a session on a pair's behalf: what the coordinator was told, never the pair's private notes.

There is deliberately no notes field here. Notes are sealed with the pair's passphrase and
belong to the pair; the core refuses notes on a session logged by the coordinator anyway.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from rmtui.core.sessions import PLACES, SESSION_STATUSES, Session, log_session
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.forms.core_form import CoreForm
from rmtui.tui.widgets.field_errors import field_row
from rmtui.tui.widgets.keys_footer import KeysFooter

# (field, label, placeholder) for the text inputs, in form order; status and place are choices.
TEXT_FIELDS = (
    ("held_on", "Date", "YYYY-MM-DD, like 2026-03-16"),
    ("minutes", "Minutes", "how long they met, like 60"),
    ("topics", "Topics", "separate with ;"),
    ("mentee_rating", "Mentee rate", "1 (not worthwhile) to 5, or blank"),
    ("mentor_rating", "Mentor rate", "1 (not worthwhile) to 5, or blank"),
    ("mentee_safety", "Mentee safe", "1 (not safe to speak) to 5, or blank"),
    ("mentor_safety", "Mentor safe", "1 (not safe to speak) to 5, or blank"),
    ("next_meeting", "Next", "next meeting booked, YYYY-MM-DD [HH:MM], or blank"),
    ("reason", "Reason", "if cancelled or missed: why, briefly"),
)
CHOICE_FIELDS = {"status": SESSION_STATUSES, "place": PLACES}
# Only a held meeting has these; a cancelled or missed one has a reason instead.
HELD_ONLY = ("minutes", "place", "topics", "mentee_rating", "mentor_rating", "mentee_safety", "mentor_safety")


class CoordinatorSessionForm(CoreForm[Session]):
    """Saves a session for one pair, logged by the coordinator, and returns it; None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, pair_id: int, names: str, defaults: dict[str, object]) -> None:
        super().__init__()
        self.pair_id = pair_id
        self.names = names
        self.values = {key: value for key, value in defaults.items() if value not in (None, "")}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="coordinator-session"):
            yield Label(f"Log a session for {self.names}", classes="dialog-title", markup=False)
            yield Static("Logged by you on the pair's behalf. Private notes stay with the pair.", classes="hint")
            yield Static("", id="problem", classes="error", markup=False)
            with VerticalScroll(id="fields"):
                yield from self._text_row(*TEXT_FIELDS[0])
                yield from self._choice_row("status", "Status")
                yield from self._text_row(*TEXT_FIELDS[1])
                yield from self._choice_row("place", "Place")
                for field, label, placeholder in TEXT_FIELDS[2:]:
                    yield from self._text_row(field, label, placeholder)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
        yield KeysFooter()

    def _text_row(self, field: str, label: str, placeholder: str) -> ComposeResult:
        value = self.values.get(field, "")
        text = "; ".join(value) if isinstance(value, list | tuple) else str(value)
        yield from field_row(label, Input(text, placeholder=placeholder, id=field, compact=True), name=field)

    def _choice_row(self, field: str, label: str) -> ComposeResult:
        options = [(choice, choice) for choice in CHOICE_FIELDS[field]]
        value = self.values.get(field, Select.NULL)
        choice = Select(options, value=value, allow_blank=field == "place", prompt="choose", id=field, compact=True)
        yield from field_row(label, choice, name=field)

    def on_mount(self) -> None:
        """Start in the date."""
        self.query_one("#held_on", Input).focus()
        self.status_changed()

    @on(Select.Changed, "#status")
    def status_changed(self) -> None:
        """A meeting that did not happen has a reason but no length, place, topics or ratings."""
        held = self.query_one("#status", Select).value == "held"
        for field in HELD_ONLY:
            self.query_one(f"#{field}").disabled = not held
        self.query_one("#reason", Input).disabled = held

    def typed_fields(self) -> dict[str, object]:
        """Everything in the form, as the core expects it."""
        typed: dict[str, object] = {field: self.query_one(f"#{field}", Input).value for field, *_ in TEXT_FIELDS}
        for field in CHOICE_FIELDS:
            value = self.query_one(f"#{field}", Select).value
            typed[field] = "" if value is Select.NULL else value
        return typed

    def write(self, typed: dict[str, object]) -> Session:
        """Log the session as the coordinator's."""
        return log_session(cohort_app(self).store, self.pair_id, typed, logged_by="coordinator")
