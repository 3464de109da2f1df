"""A check-in by the mentee or the mentor, on the pair's machine; the last point adds the end-of-term answers.

Each partner answers alone: the form is for one person at a time, shows nothing the partner
answered (only when this person answered before, never what), and a saved answer cannot be
replaced here; the core refuses a second one, and only the coordinator can void the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from rmtui.core.errors import FieldError, ValidationError
from rmtui.core.goals import OWNERS, Goal
from rmtui.core.sessions import AGAIN, FITS, Answered, record_check_in
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.forms.core_form import SavingForm
from rmtui.tui.forms.session import ONE_TO_FIVE, DigitSelect
from rmtui.tui.widgets.field_errors import field_row
from rmtui.tui.widgets.keys_footer import KeysFooter

ZERO_TO_TEN = [(str(n), str(n)) for n in range(11)]
PRIVATELY = (
    "Answer on your own: ask your partner to step away until you have saved. "
    "Your partner never sees these answers, and once saved they cannot be changed here."
)
# The answers one person types; cleared when someone else takes the form, so nothing carries over.
ANSWER_SELECTS = ("satisfaction", "fit", "safety", "take_part_again", "recommend")


@dataclass(frozen=True, slots=True)
class CheckInFormData:
    """What the form needs, read once by the session log: who is in the pair, the points and the goals."""

    emails: dict[str, str]  # role → email
    schedule: tuple[tuple[str, date], ...]
    today: date
    goals: tuple[Goal, ...] = ()
    # The pair in pair mode; a mentor with two mentees answers about each pair separately.
    pair_id: int | None = None
    names: dict[str, str] = field(default_factory=dict)  # role → name
    # When each of the two answered each point about this pair: dates only, never the answers.
    answered: tuple[Answered, ...] = ()

    def answered_on(self, role: str, checkpoint: str) -> date | None:
        """When the mentee or the mentor answered this point about the pair, if they have."""
        email = self.emails.get(role)
        found = [a.done_on for a in self.answered if a.email == email and a.checkpoint == checkpoint]
        return found[0] if found else None

    def due(self) -> str:
        """The latest point that has come round, or the first one."""
        passed = [point for point, day in self.schedule if day <= self.today]
        return passed[-1] if passed else self.schedule[0][0]


class CheckInForm(SavingForm[bool]):
    """Record one partner's check-in; returns True once saved."""

    problem_id: ClassVar[str] = "#checkin-problem"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save check-in", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, data: CheckInFormData) -> None:
        super().__init__()
        self.data = data
        self.last_point = data.schedule[-1][0]
        # The role of whoever is answering, once they have said.
        self.answering: str | None = None

    def compose(self) -> ComposeResult:
        points = [(f"{point} ({day:%d %b %Y})", point) for point, day in self.data.schedule]
        with Vertical(classes="dialog", id="checkin-form"):
            yield Label("Check-in", classes="dialog-title")
            yield Static(PRIVATELY, classes="hint", id="privately")
            with VerticalScroll(id="checkin-fields"):
                # No default: the one answering says who they are, since a saved answer is final.
                who = [(f"{self.data.names.get(role, role)} ({role})", role) for role in OWNERS]
                yield from field_row("Who", Select(who, prompt="Who is answering?", id="who", compact=True),
                                     name="who")  # fmt: skip
                yield from field_row("Check-in", Select(points, value=self.data.due(), allow_blank=False,
                                                        id="checkpoint", compact=True), name="checkpoint")  # fmt: skip
                yield Static("", id="answered-before", classes="error", markup=False)
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
        yield KeysFooter()

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
        self.show_answered_before()

    @on(Select.Changed, "#who")
    def clear_answers(self, event: Select.Changed) -> None:
        """Someone else takes the form: nothing typed for one partner stays on screen for the other."""
        earlier, self.answering = self.answering, None if event.value is Select.NULL else str(event.value)
        if earlier is None or earlier == self.answering:
            return
        for name in ANSWER_SELECTS:
            self.query_one(f"#{name}", Select).clear()
        for goal in self.data.goals:
            self.query_one(f"#rating-{goal.goal_id}", Select).clear()
        self.query_one("#comment", TextArea).clear()
        self.query_one("#comment_private", Checkbox).value = False
        self.query_one("#doing_differently", Input).value = ""
        self.query_one("#checkin-problem", Static).update("")

    def show_answered_before(self) -> None:
        """Say, before anything is typed, when this person already answered this point (never what)."""
        who, point = self.query_one("#who", Select).value, self.query_one("#checkpoint", Select).value
        day = self.data.answered_on(str(who), str(point)) if who is not Select.NULL else None
        note = self.query_one("#answered-before", Static)
        note.update(
            f"You answered the {point} check-in on {day.day} {day:%b %Y}; it cannot be changed here."
            " Ask the coordinator if it must be voided."
            if day
            else ""
        )
        note.display = day is not None

    def typed(self) -> tuple[str, str, dict[str, object]]:
        """The email, the point and the answers for record_check_in."""

        def value(name: str) -> str:
            chosen = self.query_one(f"#{name}", Select).value
            return "" if chosen is Select.NULL else str(chosen)

        who = value("who")
        if not who:
            return "", value("checkpoint"), {}
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
        """Validate and save in the background; first, the one answering must say who they are."""
        email, checkpoint, fields = self.typed()
        if not email:
            self.show_errors(ValidationError([FieldError("who", "choose who is answering: you, not your partner")]))
            return
        self.save(email, checkpoint, fields)

    @work(thread=True, exclusive=True, group="checkin-save")
    def save(self, email: str, checkpoint: str, fields: dict[str, object]) -> None:
        """Record the check-in; report problems back to the form."""
        self.save_in_worker(
            lambda: record_check_in(cohort_app(self).store, email, checkpoint, fields, self.data.pair_id)
        )

    def field_of(self, name: str) -> str:
        """A goal's rating box shows the core's message for that goal's rating."""
        return f"goal_ratings[{name.removeprefix('rating-')}]" if name.startswith("rating-") else name
