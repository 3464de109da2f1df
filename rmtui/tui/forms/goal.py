"""Add or edit one goal on a pair's sheet, with each validation message beside its field."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from rmtui.core.goals import GOAL_STATUSES, OWNERS, Goal, add_goal, update_goal
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.forms.core_form import SavingForm
from rmtui.tui.widgets.field_errors import field_row
from rmtui.tui.widgets.keys_footer import KeysFooter

TEXT_FIELDS = (
    ("title", "Goal", "e.g. use the team chat confidently"),
    ("success_measure", "Measured by", "e.g. posts in the team channel every week for a month"),
    ("target_date", "By", "YYYY-MM-DD"),
)
RATINGS = [(f"{n} — {word}", str(n)) for n, word in enumerate(("new to it", "a little", "some", "good", "expert"), 1)]


class GoalForm(SavingForm[bool]):
    """Saves a new or changed goal; returns True once saved."""

    problem_id: ClassVar[str] = "#goal-problem"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save goal", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, pair_id: int, goal: Goal | None) -> None:
        super().__init__()
        self.pair_id = pair_id
        self.goal = goal

    def compose(self) -> ComposeResult:
        goal = self.goal
        with Vertical(classes="dialog", id="goal-form"):
            yield Label("Edit goal" if goal else "Add a goal", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Whose", classes="field-label")
                yield Select([(o, o) for o in OWNERS], value=goal.owner if goal else "mentee", allow_blank=False,
                             id="owner", compact=True, disabled=goal is not None)  # fmt: skip
            for name, label, placeholder in TEXT_FIELDS:
                value = getattr(goal, name) if goal else ""
                text = Input("" if value is None else str(value), placeholder=placeholder, id=name, compact=True)
                yield from field_row(label, text, name=name)
            with Horizontal(classes="field"):
                yield Label("Status", classes="field-label")
                yield Select([(s, s) for s in GOAL_STATUSES], value=goal.status if goal else "not started",
                             allow_blank=False, id="status", compact=True)  # fmt: skip
            with Horizontal(classes="field"):
                yield Label("Start 1–5", classes="field-label")
                rating = str(goal.start_rating) if goal and goal.start_rating else Select.NULL
                yield Select(RATINGS, value=rating, prompt="How good is the owner at this today?", id="start_rating",
                             compact=True)  # fmt: skip
            yield Static("", id="goal-problem", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        """Start at the goal's title."""
        self.query_one("#title", Input).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Validate and save in the background."""
        typed: dict[str, object] = {name: self.query_one(f"#{name}", Input).value for name, *_ in TEXT_FIELDS}
        typed["status"] = self.query_one("#status", Select).value
        rating = self.query_one("#start_rating", Select).value
        typed["start_rating"] = "" if rating is Select.NULL else rating
        self.save(str(self.query_one("#owner", Select).value), typed)

    @work(thread=True, exclusive=True, group="goal-save")
    def save(self, owner: str, typed: dict[str, object]) -> None:
        """Run the core's add or update; report problems back to the form."""
        store, goal = cohort_app(self).store, self.goal
        self.save_in_worker(
            lambda: add_goal(store, self.pair_id, owner, typed) if goal is None
            else update_goal(store, self.pair_id, goal.goal_id, typed)
        )  # fmt: skip
