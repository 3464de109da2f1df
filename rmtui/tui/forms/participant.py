"""Add or edit one participant, with every validation message beside its field."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from rmtui.core.roster import FOCUSES, FORMATS, ROLES, Participant, form_fields
from rmtui.core.roster import records as roster
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.forms.core_form import CoreForm
from rmtui.tui.widgets.choice import Choice
from rmtui.tui.widgets.field_errors import grid_field
from rmtui.tui.widgets.keys_footer import KeysFooter

# (field, label, placeholder) for the text inputs, in form order.
TEXT_FIELDS = (
    ("name", "Name", "as they like to be called"),
    ("email", "Email", "ana.silva@example.org"),
    ("department", "Department", "e.g. Finance"),
    ("job_title", "Job title", "e.g. Graduate Analyst"),
    ("grade", "Grade", "whole number; higher is more senior"),
    ("reports_to", "Reports to", "manager's email (may be outside the roster)"),
    ("offers", "Offers", "what they can teach; separate with ;"),
    ("wants", "Wants", "what they want to learn; separate with ;"),
    ("capacity", "Capacity", "mentors: how many mentees (default 1)"),
    ("generation", "Generation", "only with consent, e.g. Gen Z"),
    ("under_represented", "Group", "only with consent, e.g. disability"),
)
CHOICE_FIELDS = {"role": ROLES, "focus": FOCUSES, "format": FORMATS}
CONSENTED = ("generation", "under_represented")


class ParticipantForm(CoreForm[Participant]):
    """A form that saves a new or changed participant and returns it, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    # Focus the name box as the form is built. Left to Textual, the first focus would go to the scrolling
    # list of fields and then move: each move restyles every field in it, about a fifth of opening the form.
    AUTO_FOCUS = "#name"

    def __init__(self, participant: Participant | None) -> None:
        super().__init__()
        self.participant = participant
        self.values = (
            form_fields(participant) if participant else {"role": "mentor", "focus": "both", "format": "either"}
        )
        self.consent = self.values.get("diversity_consent") == "yes"

    def compose(self) -> ComposeResult:
        title = f"Edit {self.participant.name}" if self.participant else "Add a participant"
        with Vertical(classes="dialog", id="participant-form"):
            yield Label(title, classes="dialog-title", markup=False)
            yield Static("", id="problem", classes="error", markup=False)
            with VerticalScroll(id="fields", classes="field-grid"):
                for field, label, placeholder in TEXT_FIELDS[:3]:
                    yield from self._text_row(field, label, placeholder)
                yield from self._choice_row("role", "Role")
                for field, label, placeholder in TEXT_FIELDS[3:8]:
                    yield from self._text_row(field, label, placeholder)
                yield from self._choice_row("focus", "Focus")
                yield from self._choice_row("format", "Format")
                yield from self._text_row(*TEXT_FIELDS[8])
                yield Checkbox(
                    "Consents to recording diversity details", value=self.consent, id="diversity_consent", compact=True
                )
                if self.consent:
                    yield from self._consented_rows()
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
        yield KeysFooter()

    def _text_row(self, field: str, label: str, placeholder: str) -> ComposeResult:
        yield from grid_field(label, Input(self.values.get(field, ""), placeholder=placeholder, id=field, compact=True))

    def _consented_rows(self) -> ComposeResult:
        for field, label, placeholder in TEXT_FIELDS[9:]:
            yield from self._text_row(field, label, placeholder)

    def _choice_row(self, field: str, label: str) -> ComposeResult:
        yield from grid_field(label, Choice(CHOICE_FIELDS[field], self.values[field], id=field))

    @on(Checkbox.Changed, "#diversity_consent")
    def consent_changed(self) -> None:
        """Diversity details can only be typed when consent is recorded: their boxes come with the first tick.

        Built only then, as few people's consent is recorded: they were a tenth of what opening the form cost.
        Unticked again, the boxes stay, disabled, with what was typed (the core keeps none of it without consent).
        """
        checkbox = self.query_one("#diversity_consent", Checkbox)
        boxes = list(self.query(", ".join(f"#{field}" for field in CONSENTED)).results(Input))
        if checkbox.value and not boxes:
            self.query_one("#fields").mount_all(list(self._consented_rows()), after=checkbox)
        for box in boxes:
            box.disabled = not checkbox.value

    def typed_fields(self) -> dict[str, object]:
        """Everything in the form, as the core expects it."""
        # The consent-only boxes are absent until consent is first ticked: the core reads them as empty.
        typed: dict[str, object] = {
            field: box.value for field, *_ in TEXT_FIELDS for box in self.query(f"#{field}").results(Input)
        }
        typed.update({field: self.query_one(f"#{field}", Choice).value for field in CHOICE_FIELDS})
        typed["diversity_consent"] = self.query_one("#diversity_consent", Checkbox).value
        return typed

    def write(self, typed: dict[str, object]) -> Participant:
        """Add the person, or update them."""
        if self.participant is None:
            return roster.add_participant(cohort_app(self).store, typed)
        return roster.update_participant(cohort_app(self).store, self.participant.email, typed)
