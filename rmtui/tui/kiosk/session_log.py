"""The pair's own session log, in pair mode: their meetings, and the private notes on the one selected.

It is a ModalScreen drawn full-size, so nothing of the sheet's bindings reaches through, and it holds
the same PairKey as the sheet beneath; locking (ctrl+l) pops both, and the key goes with them.
Check-ins are each partner's own: nothing here shows what either of them answered. Nor does the
log show the safety-to-speak ratings given with a session: whoever unlocks the pair's log, alone or
together, would see the other's, and a junior who knows the boss will read "2 of 5" cannot give it
honestly. It shows how worthwhile each partner found the session, naming whose rating is whose.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, Label, Static

from rmtui.core.access import PairKey
from rmtui.core.errors import RmtuiError
from rmtui.core.goals import get_goal_sheet
from rmtui.core.matching import get_pair
from rmtui.core.roster import get_participant
from rmtui.core.sessions import (
    Session,
    answered_check_ins,
    check_in_schedule,
    load_checkpoints,
    pair_sessions,
    read_session_notes,
    remove_session,
    session_defaults,
    topic_list,
)
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.dialogs.confirm import ConfirmScreen
from rmtui.tui.forms.check_in import CheckInForm, CheckInFormData
from rmtui.tui.forms.session import SessionForm, SessionFormData
from rmtui.tui.widgets.columns import cell, fit_flexible_column, flexible_width
from rmtui.tui.widgets.keys_footer import KeysFooter
from rmtui.tui.widgets.row_keys import cursor_row_key

COLUMNS = (("held_on", "Date"), ("status", "Status"), ("minutes", "Min"), ("place", "Place"), ("next", "Next"),
           ("topics", "Topics"))  # fmt: skip
# Every column but the topics has a fixed width (the next meeting's whole date and time); the topics take what
# is left and end in "…" when cut. The line under the table gives the highlighted session's topics in full and
# how worthwhile each partner found it, so nothing is cut mid-word at 80 columns.
WIDTHS = {"held_on": 10, "status": 9, "minutes": 3, "place": 8, "next": 16}
PRIVATE = "Private notes on this session (only the two of you can read these)"


class SessionLogScreen(ModalScreen[None]):
    """One pair's sessions, opened from their sheet with their key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "log_session", "Log session", tooltip="Log a meeting: held, cancelled or missed"),
        Binding("c", "check_in", "Check-in", tooltip="Your own check-in, answered alone: your partner never sees it"),
        Binding("d", "remove_session", "Delete", tooltip="Delete the selected session logged in error, with its notes"),
        Binding("escape", "back", "Back to sheet"),
    ]

    @dataclass
    class Loaded(Message):
        """The load worker read the pair's sessions and what the two forms need."""

        sessions: list[Session]
        session_form: SessionFormData
        check_in_form: CheckInFormData

    @dataclass
    class NotesRead(Message):
        """The notes worker decrypted one session's notes (or says why it could not)."""

        notes: str

    @dataclass
    class Removed(Message):
        """The remove worker deleted a session and its notes: the log says so and reads itself again."""

        done: str

    def __init__(self, key: PairKey, names: str, *, then_check_in: bool = False) -> None:
        super().__init__()
        self.key = key
        self.names = names
        # A form asked for before the log has read what it needs (n or c typed at once after F8, or the sheet's
        # Check-in button, F10): it opens once the log has loaded, rather than the key being lost.
        self.waiting: Callable[[], None] | None = self.action_check_in if then_check_in else None
        self.sessions: list[Session] = []
        self.session_form: SessionFormData | None = None
        self.check_in_form: CheckInFormData | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="log-status", markup=False)
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="session-detail", markup=False)
        yield Label(PRIVATE, classes="section-title private")
        yield Static("", id="session-notes", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        """Set up the table and read the pair's sessions."""
        table = self.query_one("#sessions", DataTable)
        for key, label in COLUMNS:
            table.add_column(label, key=key, width=WIDTHS.get(key, self.topics_width()))
        self.title = self.names
        self.sub_title = "Sessions"
        self.load()

    def topics_width(self) -> int:
        """The topics column's width: what the fixed columns leave of the screen."""
        return flexible_width(self.size.width, WIDTHS.values())

    def on_resize(self) -> None:
        """Give the topics the width the screen has now."""
        fit_flexible_column(self.query_one("#sessions", DataTable), "topics", self.topics_width())

    @work(thread=True, exclusive=True, group="session-log")
    def load(self) -> None:
        """Read the pair's sessions and what the two forms need."""
        store = cohort_app(self).store
        pair_id = self.key.pair_id
        try:
            # Only this pair's records: the cost of opening the log does not grow with the cohort.
            sessions = pair_sessions(store, pair_id)
            sheet = get_goal_sheet(store, pair_id)
            goals = sheet.goals if sheet else ()
            pair = get_pair(store, pair_id)
            form = SessionFormData(session_defaults(store, pair_id, sessions), goals, topic_list(store))
            schedule = tuple(check_in_schedule(store.settings(), load_checkpoints(store)))
            emails = {"mentee": pair.mentee, "mentor": pair.mentor}
            names = {role: get_participant(store, email).name for role, email in emails.items()}
            answered = tuple(answered_check_ins(store, pair_id))
            check_in = CheckInFormData(emails, schedule, store.today(), goals, pair_id, names, answered)
        except RmtuiError as error:
            self.notify(str(error), severity="warning", markup=False)  # notify is thread-safe
            return
        self.post_message(self.Loaded(sessions, form, check_in))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        """List the sessions, newest at the bottom, and select the newest."""
        sessions, self.session_form, self.check_in_form = event.sessions, event.session_form, event.check_in_form
        self.sessions = sessions
        table = self.query_one("#sessions", DataTable)
        table.clear()
        for session in sessions:
            table.add_row(*_cells(session), key=str(session.session_id))
        held = sum(s.was_held for s in sessions)
        minutes = sum(s.minutes or 0 for s in sessions if s.was_held)
        self.query_one("#log-status", Static).update(
            f"{held} held ({minutes} minutes in all), {len(sessions) - held} cancelled or missed · "
            "n logs a session · c records a check-in · escape goes back to the sheet"
        )
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)
        else:
            self.query_one("#session-notes", Static).update("No sessions yet: press n to log your first.")
        if self.waiting is not None:
            action, self.waiting = self.waiting, None
            action()

    @on(DataTable.RowHighlighted, "#sessions")
    def selected(self, event: DataTable.RowHighlighted) -> None:
        """Show the highlighted session in full, and its private notes."""
        if event.row_key.value is not None:
            session_id = int(event.row_key.value)
            session = next((s for s in self.sessions if s.session_id == session_id), None)
            self.query_one("#session-detail", Static).update(_detail(session) if session else "")
            self.read_notes(session_id)

    @work(thread=True, exclusive=True, group="session-notes")
    def read_notes(self, session_id: int) -> None:
        """Decrypt one session's notes with the pair's key."""
        try:
            notes = (
                read_session_notes(cohort_app(self).store, self.key, session_id) or "(no private notes on this session)"
            )
        except RmtuiError as error:
            notes = str(error)
        self.post_message(self.NotesRead(notes))

    @on(NotesRead)
    def show_notes(self, event: NotesRead) -> None:
        """Show the notes the worker read."""
        self.query_one("#session-notes", Static).update(event.notes)

    def action_log_session(self) -> None:
        """Open the session form with the defaults filled in."""
        if self.session_form is None:
            self.waiting = self.action_log_session
        else:
            self.app.push_screen(SessionForm(self.key, self.session_form), self.saved)

    def action_check_in(self) -> None:
        """Open the check-in form."""
        if self.check_in_form is None:
            self.waiting = self.action_check_in
        else:
            self.app.push_screen(CheckInForm(self.check_in_form), self.saved)

    def action_remove_session(self) -> None:
        """Delete the highlighted session, logged in error, with its private notes, once the pair says yes."""
        table = self.query_one("#sessions", DataTable)
        if not table.row_count:
            self.notify("There are no sessions to delete.", markup=False)
            return
        session_id = int(cursor_row_key(table))
        session = next(s for s in self.sessions if s.session_id == session_id)

        def answer(yes: bool | None) -> None:
            if yes:
                self.delete_session(session_id, f"Deleted the session of {session.held_on:%d %b %Y}.")

        question = Text.assemble(
            "Delete the ", (f"{session.status} session of {session.held_on:%d %b %Y}", "bold"), "?"
        )
        detail = "Only for a session logged in error: it goes from the log with its private notes, for good."
        self.app.push_screen(ConfirmScreen(question, detail, "Delete"), answer)

    @work(thread=True, exclusive=True, group="session-log")
    def delete_session(self, session_id: int, done: str) -> None:
        """Delete the session and its sealed notes, in one write, with the pair's key."""
        try:
            remove_session(cohort_app(self).store, session_id, self.key)
        except RmtuiError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)  # notify is thread-safe
            return
        self.post_message(self.Removed(done))

    @on(Removed)
    def removed(self, event: Removed) -> None:
        """Say what was deleted, then read the log again."""
        self.notify(event.done, markup=False)
        self.load()

    def saved(self, done: bool | None) -> None:
        """Reload after a save, so defaults carry the newest session over."""
        if done:
            self.notify("Saved.", markup=False)
            self.load()

    def action_back(self) -> None:
        """Back to the pair's sheet."""
        self.dismiss(None)


def _next_meeting(session: Session) -> str:
    return f"{session.next_meeting} {session.next_meeting_time}".strip() if session.next_meeting else "—"


def _cells(session: Session) -> tuple[object, ...]:
    topics = cell("; ".join(session.topics) or "—") if session.was_held else cell(session.reason, style="italic")
    return (
        session.held_on.isoformat(),
        session.status,
        str(session.minutes or ""),
        session.place,
        _next_meeting(session),
        topics,
    )


def _detail(session: Session) -> str:
    """The highlighted session in full: what was covered and how worthwhile each partner found it (no safety ratings)."""

    def score(value: int | None) -> str:
        return str(value) if value else "–"

    when = f"{session.held_on:%d %b %Y}, {session.status}"
    if not session.was_held:
        return f"{when}: {session.reason or 'no reason given'}. Next meeting: {_next_meeting(session)}."
    worth = f"mentee {score(session.mentee_rating)}, mentor {score(session.mentor_rating)}"
    topics = "; ".join(session.topics) or "no topics recorded"
    return f"{when}: {topics}. Worth it (1–5): {worth}. Next meeting: {_next_meeting(session)}."
