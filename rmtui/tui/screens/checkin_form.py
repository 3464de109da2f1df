"""A check-in by the mentee or the mentor, on the pair's machine; the last point adds the end-of-term answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, Static, TextArea

from rmtui.core.checkins import AGAIN, FITS, record_check_in
from rmtui.core.errors import ValidationError
from rmtui.core.goal_sheets import OWNERS, Goal
from rmtui.tui.screens.session_form import ONE_TO_FIVE, DigitSelect, field_row
from rmtui.tui.widgets.field_errors import save_in_worker, show_field_errors

ZERO_TO_TEN = [(str(n), str(n)) for n in range(11)]


@dataclass(frozen=True, slots=True)
class CheckInFormData:
    """What the form needs, read once by the session log: who is in the pair, the points and the goals."""

    emails: dict[str, str]  # role → email
    schedule: tuple[tuple[str, date], ...]
    today: date
    goals: tuple[Goal, ...] = ()
    # The pair in pair mode; a mentor with two mentees answers about each pair separately.
    pair_id: int | None = None

    def due(self) -> str:
        """The latest point that has come round, or the first one."""
        passed = [point for point, day in self.schedule if day <= self.today]
        return passed[-1] if passed else self.schedule[0][0]


class CheckInForm(ModalScreen[bool]):
    """Record one partner's check-in; returns True once saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save check-in", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, data: CheckInFormData) -> None:
        super().__init__()
        self.data = data
        self.last_point = data.schedule[-1][0]

    def compose(self) -> ComposeResult:
        points = [(f"{point} ({day:%d %b %Y})", point) for point, day in self.data.schedule]
        with Vertical(classes="dialog", id="checkin-form"):
            yield Label("Check-in", classes="dialog-title")
            with VerticalScroll(id="checkin-fields"):
                yield from field_row("Who", Select([(r, r) for r in OWNERS], value="mentee", allow_blank=False, id="who",
                                                   compact=True), name="who")  # fmt: skip
                yield from field_row("Check-in", Select(points, value=self.data.due(), allow_blank=False,
                                                        id="checkpoint", compact=True), name="checkpoint")  # fmt: skip
                yield from field_row("Satisfied 1–5", DigitSelect(ONE_TO_FIVE, prompt="1 very unhappy … 5 very happy",
                                                                  id="satisfaction", compact=True), name="satisfaction")  # fmt: skip
                yield from field_row("Fit", Select([(f, f) for f in FITS], prompt="How is the pairing working?",
                                                   id="fit", compact=True), name="fit")  # fmt: skip
                yield from field_row("Safe 1–5", DigitSelect(ONE_TO_FIVE, prompt="1 not safe to speak … 5 completely",
                                                             id="safety", compact=True), name="safety")  # fmt: skip
                yield Label("Comment (optional)", classes="field-label")
                yield TextArea(id="comment", classes="comment")
                yield Static("", id="comment-error", classes="error field-error", markup=False)
                yield Checkbox("The comment is private: for the coordinator only, never quoted", id="comment_private",
                               compact=True)  # fmt: skip
                with Vertical(id="final"):
                    yield Label("End of term", classes="section-title")
                    for goal in self.data.goals:
                        with Horizontal(classes="field goal-rating", id=f"rating-row-{goal.goal_id}"):
                            yield Label(Text(f"{goal.title}"), classes="goal-title")
                            yield DigitSelect(ONE_TO_FIVE, prompt="1 no progress … 5 achieved",
                                              id=f"rating-{goal.goal_id}", compact=True)  # fmt: skip
                        yield Static("", id=f"rating-{goal.goal_id}-error", classes="error field-error", markup=False)
                    yield from field_row("Differently", Input(placeholder="What will you do differently now?",
                                                              id="doing_differently", compact=True),
                                         name="doing_differently")  # fmt: skip
                    yield from field_row("Again?", Select([(a, a) for a in AGAIN], prompt="Take part again?",
                                                          id="take_part_again", compact=True), name="take_part_again")  # fmt: skip
                    yield from field_row("Recommend", Select(ZERO_TO_TEN, prompt="0 not at all … 10 certainly",
                                                             id="recommend", compact=True), name="recommend")  # fmt: skip
            yield Static("", id="checkin-problem", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Start at who is checking in; show only what this point asks."""
        self.query_one("#who", Select).focus()
        self.show_final()

    @on(Select.Changed, "#who, #checkpoint")
    def show_final(self) -> None:
        """The end-of-term answers only at the last point, and each person rates only their own goals."""
        final = self.query_one("#checkpoint", Select).value == self.last_point
        self.query_one("#final").display = final
        who = self.query_one("#who", Select).value
        for goal in self.data.goals:
            self.query_one(f"#rating-row-{goal.goal_id}").display = goal.owner == who

    def typed(self) -> tuple[str, str, dict[str, object]]:
        """The email, the point and the answers for record_check_in."""

        def value(name: str) -> str:
            chosen = self.query_one(f"#{name}", Select).value
            return "" if chosen is Select.NULL else str(chosen)

        who = value("who")
        fields: dict[str, object] = {name: value(name) for name in ("satisfaction", "fit", "safety")}
        fields["comment"] = self.query_one("#comment", TextArea).text
        fields["comment_private"] = "yes" if self.query_one("#comment_private", Checkbox).value else "no"
        if value("checkpoint") == self.last_point:
            fields["goal_ratings"] = {
                str(g.goal_id): value(f"rating-{g.goal_id}") for g in self.data.goals if g.owner == who
            }
            fields["doing_differently"] = self.query_one("#doing_differently", Input).value
            fields["take_part_again"] = value("take_part_again")
            fields["recommend"] = value("recommend")
        return self.data.emails[who], value("checkpoint"), fields

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Validate and save in the background."""
        self.save(*self.typed())

    @work(thread=True, exclusive=True, group="checkin-save")
    def save(self, email: str, checkpoint: str, fields: dict[str, object]) -> None:
        """Record the check-in; report problems back to the form."""
        save_in_worker(
            self, lambda: record_check_in(self.app.store, email, checkpoint, fields, self.data.pair_id),
            saved=lambda _: self.dismiss(True), invalid=self.show_errors,
            refused=self.query_one("#checkin-problem", Static).update,
        )  # fmt: skip

    def show_errors(self, invalid: ValidationError) -> None:
        """Put each message under its field; anything without a field goes at the foot."""

        def field_of(name: str) -> str:
            return f"goal_ratings[{name.removeprefix('rating-')}]" if name.startswith("rating-") else name

        self.query_one("#checkin-problem", Static).update("; ".join(show_field_errors(self, invalid, field_of)))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(False)
