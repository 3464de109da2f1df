"""How much each part of a pair's score counts; saved with the cohort."""

from __future__ import annotations

from dataclasses import fields
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from rmtui.core.matching import MatchWeights, load_weights, parse_weights, save_weights
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.forms.core_form import SavingForm
from rmtui.tui.widgets.field_errors import field_row
from rmtui.tui.widgets.keys_footer import KeysFooter

LABELS = {
    "overlap": "Skills overlap",
    "focus": "Focus agrees",
    "format": "Format fits",
    "cross_department": "Across depts",
    "diversity": "Diversity",
}


class WeightsScreen(SavingForm[bool]):
    """Edit the weights; returns True when they were saved."""

    problem_id: ClassVar[str] = "#weights-problem"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save weights", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def compose(self) -> ComposeResult:
        weights = load_weights(cohort_app(self).store)
        with Vertical(classes="dialog", id="weights"):
            yield Label("Matching weights", classes="dialog-title")
            yield Static(
                "Each part scores 0 to 1 times its weight (0 to 10). Diversity counts only mentors who consented "
                "to record an under-represented group; leave it 0 unless the cohort chose to prioritise it.",
                classes="hint",
            )
            for field in fields(MatchWeights):
                weight = Input(f"{getattr(weights, field.name):g}", id=field.name, compact=True)
                yield from field_row(LABELS[field.name], weight, name=field.name)
            yield Static("", id="weights-problem", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
        yield KeysFooter()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Validate and save in the background."""
        self.save({field.name: self.query_one(f"#{field.name}", Input).value for field in fields(MatchWeights)})

    @work(thread=True, exclusive=True, group="weights-save")
    def save(self, typed: dict[str, object]) -> None:
        """Run the core's validation and save; report back to the form."""
        store = cohort_app(self).store
        self.save_in_worker(lambda: save_weights(store, parse_weights(typed, load_weights(store))))
