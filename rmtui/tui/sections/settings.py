"""The settings section: the cohort's name, coordinator, start date, term, time zone and default meeting cadence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Select, Static

from rmtui.core.access import has_coordinator_passphrase
from rmtui.core.errors import RmtuiError, ValidationError
from rmtui.core.sessions import check_in_schedule, load_checkpoints, save_checkpoints
from rmtui.core.store import CADENCES, parse_settings
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.dialogs.confirm import ConfirmScreen
from rmtui.tui.widgets.field_errors import field_values, show_field_errors
from rmtui.tui.widgets.keys_footer import KeysFooter
from rmtui.tui.widgets.sections import SectionBar

if TYPE_CHECKING:
    from rmtui.tui.app import RmtuiApp

FIELDS = (
    ("name", "Cohort name", "e.g. Spring 2026 cohort"),
    ("coordinator", "Coordinator", "e.g. Amira Haddad, People team"),
    ("start_date", "Start date", "YYYY-MM-DD"),
    ("term_months", "Term (months)", "6"),
    ("time_zone", "Time zone", "e.g. Europe/London: where booked meeting times are"),
    ("check_in_points", "Check-ins", "e.g. week 4, month 3, month 5"),
)


class SettingsScreen(Screen[None]):
    """Edit the cohort settings; saving is explicit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save settings", priority=True),
        Binding("escape", "undo_changes", "Undo changes", tooltip="Put back the saved settings (asks first)"),
        Binding(
            "ctrl+k",
            "coordinator_passphrase",
            "Coordinator passphrase",
            priority=True,
            tooltip="Set, change or remove the passphrase that guards rmtui and pair mode",
        ),
    ]

    class Saved(Message):
        """The settings were saved: the form says so and the header shows the cohort's name."""

    @dataclass
    class NotSaved(Message):
        """Nothing was saved: ``invalid`` names the fields to fix (if any), ``reason`` says why."""

        invalid: ValidationError | None
        reason: str

    def compose(self) -> ComposeResult:
        yield Header()
        yield SectionBar("settings")
        with Vertical(id="settings"):
            yield Label("Cohort settings", classes="dialog-title")
            for field, label, placeholder in FIELDS:
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    yield Input(placeholder=placeholder, id=field, compact=True)
                yield Static("", id=f"{field}-error", classes="error field-error", markup=False)
            with Horizontal(classes="field"):
                yield Label("Cadence", classes="field-label")
                yield Select([(c, c) for c in CADENCES], allow_blank=False, id="cadence", compact=True)
            yield Static("", id="term", classes="hint", markup=False)
            yield Static("", id="settings-status", classes="hint", markup=False)
            yield Static("", id="passphrase-status", classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        """Fill the form with the saved settings."""
        self.action_revert()

    def on_screen_resume(self) -> None:
        """Coming back to the section shows what is saved, unless it holds changes (say, back from a dialog)."""
        if field_values(self) == self.saved_values:
            self.action_revert()

    def action_revert(self) -> None:
        """Show the saved settings again, dropping unsaved edits."""
        settings = cohort_app(self).store.settings()
        self.query_one("#name", Input).value = settings.name
        self.query_one("#coordinator", Input).value = settings.coordinator
        self.query_one("#start_date", Input).value = settings.start_date.isoformat()
        self.query_one("#term_months", Input).value = str(settings.term_months)
        self.query_one("#time_zone", Input).value = settings.time_zone
        self.query_one("#cadence", Select).value = settings.cadence
        self.query_one("#check_in_points", Input).value = ", ".join(load_checkpoints(cohort_app(self).store))
        self.show_result(None, f"Saved in {cohort_app(self).store.path.name}.")
        self.show_term()
        self.show_passphrase_status()
        self.saved_values = field_values(self)

    def action_undo_changes(self) -> None:
        """Put back the saved settings, after asking when anything was changed."""
        if field_values(self) == self.saved_values:
            return

        def answer(undo: bool | None) -> None:
            if undo:
                self.action_revert()

        question = Text("Put back the saved settings?")
        self.app.push_screen(ConfirmScreen(question, "Your changes here are not saved.", "Undo changes"), answer)

    def show_term(self) -> None:
        """The saved term's dates and check-in due dates, as every screen shows them."""
        store = cohort_app(self).store
        settings = store.settings()
        term = settings.term()
        due = ", ".join(f"{point} {day}" for point, day in check_in_schedule(settings, load_checkpoints(store)))
        self.query_one("#term", Static).update(
            f"Term {term.start} to {term.end} (evaluation) · mid-point {term.midpoint}\nCheck-ins due: {due}"
        )

    def show_passphrase_status(self) -> None:
        """Say whether a coordinator passphrase guards the app and pair mode."""
        guarded = has_coordinator_passphrase(cohort_app(self).store)
        state = "set: rmtui asks for it on start and to leave pair mode" if guarded else "not set"
        self.query_one("#passphrase-status", Static).update(f"Coordinator passphrase {state} (ctrl+k to change).")

    def action_coordinator_passphrase(self) -> None:
        """Open the coordinator passphrase dialog."""
        from rmtui.tui.forms.coordinator_passphrase import CoordinatorPassphraseForm

        def done(outcome: str | None) -> None:
            if outcome:
                self.notify(f"Coordinator passphrase {outcome}.", markup=False)
                self.show_passphrase_status()

        self.app.push_screen(CoordinatorPassphraseForm(), done)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Validate and save in the background."""
        typed: dict[str, object] = {field: self.query_one(f"#{field}", Input).value for field, *_ in FIELDS}
        typed["cadence"] = self.query_one("#cadence", Select).value
        self.save(typed)

    @work(thread=True, exclusive=True, group="settings-save")
    def save(self, typed: dict[str, object]) -> None:
        """Run the core's validation and save; report back to the form."""
        store = cohort_app(self).store
        points = [point.strip() for point in str(typed.pop("check_in_points")).split(",") if point.strip()]
        try:
            with store.batch():
                store.save_settings(parse_settings(typed, store.settings()))
                # Checked against the new start and term, which the points must fall inside.
                save_checkpoints(store, points)
        except ValidationError as invalid:
            self.post_message(self.NotSaved(invalid, "Not saved: fix the fields marked above."))
        except RmtuiError as error:
            self.post_message(self.NotSaved(None, str(error)))
        else:
            self.post_message(self.Saved())

    @on(Saved)
    def saved(self) -> None:
        """Say the settings were saved, and show the cohort's name in the header."""
        self.show_result(None, "Settings saved.")
        self.show_term()
        # The settings section is only ever a mode of the coordinator's app.
        cast("RmtuiApp", self.app).show_cohort_name()

    @on(NotSaved)
    def not_saved(self, event: NotSaved) -> None:
        """Show what to fix; the typed values stay."""
        self.show_result(event.invalid, event.reason)

    def show_result(self, invalid: ValidationError | None, status: str) -> None:
        """Show each field's problem under it, and a status line."""
        unplaced = show_field_errors(self, invalid)
        self.query_one("#settings-status", Static).update("; ".join([*unplaced, status]))
