"""Log one of the pair's sessions, keyboard-fast: the defaults are filled in, so a typical meeting is a few keys.

After the date come the four 1–5 scores, where one digit picks the score and moves on; with
the carried-over length, place and topics, ctrl+s then saves straight away.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from rmtui.core.access import PairKey
from rmtui.core.goals import Goal
from rmtui.core.sessions import HELD, PLACES, SESSION_STATUSES, log_session
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.forms.core_form import SavingForm
from rmtui.tui.widgets.field_errors import field_row
from rmtui.tui.widgets.keys_footer import KeysFooter

SCORES = ("mentee_rating", "mentor_rating", "mentee_safety", "mentor_safety")
ONE_TO_FIVE = [(str(n), str(n)) for n in range(1, 6)]


class DigitSelect(Select[str]):
    """A Select whose options are digits: typing one picks it and moves to the next field."""

    async def _on_key(self, event: events.Key) -> None:
        if not self.expanded and event.character and (event.character, event.character) in self._options:
            event.stop()
            event.prevent_default()
            self.value = event.character
            self.screen.focus_next()


@dataclass(frozen=True, slots=True)
class SessionFormData:
    """What the form needs, read once by the session log: defaults, the sheet's goals and the topic list."""

    defaults: dict[str, object]
    goals: tuple[Goal, ...] = ()
    topics: tuple[str, ...] = ()

    @property
    def last_topics(self) -> list[str]:
        """The topics of the pair's last session, which the form carries over."""
        topics = self.defaults.get("topics")
        return [str(t) for t in topics] if isinstance(topics, list) else []


class SessionForm(SavingForm[bool]):
    """Log one session of the pair, with private notes sealed by their key; returns True once saved."""

    problem_id: ClassVar[str] = "#session-problem"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save session", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, key: PairKey, data: SessionFormData) -> None:
        super().__init__()
        self.key = key
        self.data = data

    def compose(self) -> ComposeResult:
        defaults = self.data.defaults
        last_topics = self.data.last_topics
        topics = list(self.data.topics) + [t for t in last_topics if t not in self.data.topics]
        with Vertical(classes="dialog", id="session-form"):
            yield Label("Log a session", classes="dialog-title")
            with VerticalScroll(id="session-fields"):
                yield from field_row("Date", Input(str(defaults["held_on"]), placeholder="YYYY-MM-DD", id="held_on",
                                                   compact=True), name="held_on")  # fmt: skip
                for row, words in (("rating", "Worth it 1–5"), ("safety", "Safe 1–5")):
                    with Horizontal(classes="field scores"):
                        yield Label(words, classes="field-label")
                        for role in ("mentee", "mentor"):
                            yield Label(role, classes="score-label")
                            yield DigitSelect(
                                ONE_TO_FIVE, prompt="–", id=f"{role}_{row}", compact=True, classes="score"
                            )
                    for role in ("mentee", "mentor"):
                        yield Static("", id=f"{role}_{row}-error", classes="error field-error", markup=False)
                yield Static("Type a digit, 1 (not at all) to 5 (very), or leave blank.", classes="hint",
                             markup=False)  # fmt: skip
                yield from field_row("Status", Select([(s, s) for s in SESSION_STATUSES], value=HELD, allow_blank=False,
                                                      id="status", compact=True), name="status")  # fmt: skip
                yield from field_row("Minutes", Input(str(defaults.get("minutes") or ""), id="minutes", compact=True,
                                                      restrict=r"\d*", max_length=3), name="minutes")  # fmt: skip
                place = str(defaults.get("place") or "")
                yield from field_row("Place", Select([(p, p) for p in PLACES], value=place if place in PLACES else Select.NULL,
                                                     prompt="Where did you meet?", id="place", compact=True), name="place")  # fmt: skip
                yield Label("Topics", classes="field-label")
                yield SelectionList[str](*[(Content(t), t, t in last_topics) for t in topics], id="topics")
                yield from field_row("Other topic", Input(placeholder="a topic not in the list; separate several with ;",
                                                          id="new_topic", compact=True), name="topics")  # fmt: skip
                for goal in self.data.goals:
                    yield Label(Text(f"Progress on {goal.owner}'s goal: {goal.title}"), classes="goal-label")
                    yield Input(placeholder="a line on progress (optional)", id=f"progress-{goal.goal_id}",
                                compact=True, classes="progress")  # fmt: skip
                    yield Static("", id=f"progress-{goal.goal_id}-error", classes="error field-error", markup=False)
                yield from field_row("Next meeting", Input(placeholder="YYYY-MM-DD, or YYYY-MM-DD HH:MM (optional)", id="next_meeting",
                                                           compact=True), name="next_meeting")  # fmt: skip
                yield from field_row("Reason", Input(placeholder="only if cancelled or missed: why?", id="reason",
                                                     compact=True), name="reason")  # fmt: skip
                yield Label("Private notes (only the two of you can read these)", classes="field-label private")
                yield TextArea(id="notes", classes="short-text")
                yield Static("", id="notes-error", classes="error field-error", markup=False)
            yield Static("", id="session-problem", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        """Start at the first score: the date is today unless the pair changes it."""
        for error in self.query(".field-error"):
            error.display = False
        self.query_one("#mentee_rating", Select).focus()

    def typed(self) -> tuple[dict[str, object], str]:
        """The fields for log_session, and the private notes."""
        fields: dict[str, object] = {name: self.query_one(f"#{name}", Input).value
                                     for name in ("held_on", "minutes", "next_meeting", "reason")}  # fmt: skip
        for name in ("status", "place", *SCORES):
            value = self.query_one(f"#{name}", Select).value
            fields[name] = "" if value is Select.NULL else value
        typed_topics = self.query_one("#new_topic", Input).value.split(";")
        picked = self.query_one("#topics", SelectionList).selected
        # The carried-over topics keep their order, so an unchanged list is saved as it was.
        last = self.data.last_topics
        fields["topics"] = [t for t in last if t in picked] + [t for t in picked if t not in last] + typed_topics
        fields["goal_progress"] = {
            str(goal.goal_id): self.query_one(f"#progress-{goal.goal_id}", Input).value for goal in self.data.goals
        }
        return fields, self.query_one("#notes", TextArea).text

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Validate and save in the background."""
        self.save(*self.typed())

    @work(thread=True, exclusive=True, group="session-save")
    def save(self, fields: dict[str, object], notes: str) -> None:
        """Log the session with its notes sealed; report problems back to the form."""
        self.save_in_worker(
            lambda: log_session(
                cohort_app(self).store, self.key.pair_id, fields, logged_by="pair", key=self.key, notes=notes
            )
        )

    def field_of(self, name: str) -> str:
        """A goal's progress box shows the core's message for that goal's progress."""
        return f"goal_progress[{name.removeprefix('progress-')}]" if name.startswith("progress-") else name
