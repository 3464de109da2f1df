"""The dashboard: where the programme stands today, which pairs need a nudge, and what to do about it.

Every number and date comes from ``rmtui.core.report.programme`` with the store's clock, so the screen
agrees with ``rmtui status`` on any given day. Nothing here reads a session's private notes:
the core's programme snapshot carries sessions without them. Voiding a check-in lists only who
answered which point and when, never the answers.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import ClassVar

from rich.console import Console
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Sparkline, Static

from rmtui.core.errors import RmtuiError
from rmtui.core.matching import end_pair, get_pair
from rmtui.core.report import (
    AT_RISK,
    OVERDUE,
    STATUS_SYMBOLS,
    Alert,
    Headline,
    PairStatus,
    ProgrammeStatus,
    Timeline,
    load_programme,
    no_alerts_line,
    programme_status,
)
from rmtui.core.report.figures import FEWER, withheld
from rmtui.core.report.shown import average, count, sessions_held, share
from rmtui.core.sessions import Answered, Session, answered_check_ins, session_defaults
from rmtui.core.store import CohortStore
from rmtui.core.text import plural
from rmtui.tui.cohort_app import cohort_app
from rmtui.tui.sections.section import SectionScreen
from rmtui.tui.widgets.columns import Column, set_columns
from rmtui.tui.widgets.columns import cell as _cell
from rmtui.tui.widgets.keys_footer import KeysFooter
from rmtui.tui.widgets.paged_table import PagedTable, TableRow
from rmtui.tui.widgets.row_keys import cursor_row_key
from rmtui.tui.widgets.sections import SectionBar

STATUS_STYLE = {AT_RISK: "bold red", OVERDUE: "bold yellow", "on track": "green", "due": "cyan"}
SEVERITY_SYMBOLS = {**STATUS_SYMBOLS, "due": "·"}
# The table's border and the scrollbar it always keeps room for.
TABLE_CHROME = 3
NAMES_MAX = 22
BAR_WIDTH = 24


FIXED_COLUMNS = (
    Column("last", "Last\nmet", 6),
    Column("next", "Next\nbooked", 6),
    Column("held", "Held/\nexp.", 5),
    Column("goals", "Goals", 5),
    Column("check_in", "Check\n-in", 6),
    Column("status", "Status", 10),
)
# Where names would be cut shorter than this (80 columns), these columns leave the table and the line
# under it gives them for the selected pair.
NAMES_MIN = 16
SECONDARY = ("next", "check_in")
LOG_KEY = "l log a session"
LOG_HINT = f"{LOG_KEY} for the selected pair"
# Under an empty pairs table: what to do first, on an empty roster and on one with nobody paired yet.
FIRST_PEOPLE = "nobody on the roster yet: add people in Roster (F3)"
FIRST_PAIRS = "no active pairs yet: confirm pairs in Matching (F4)"
# How long the screen may wait for its data before it is first drawn, so that it is drawn once, with it; a load
# that takes longer shows "Loading the programme…" meanwhile. (A frame drawn without the data, then one with it,
# cost about 50 ms more on 300 people, and the frames drawn while 2,000 people load slowed the load down.)
FIRST_FRAME_WAIT = 0.3


def plan_columns(width: int) -> list[Column]:
    """The pairs table's columns for a screen this wide: the names share what the fixed columns leave."""
    fixed = list(FIXED_COLUMNS)
    names = _names_width(width, fixed)
    if names < NAMES_MIN:
        fixed = [column for column in fixed if column.key not in SECONDARY]
        names = _names_width(width, fixed)
    return [Column("mentor", "Mentor", names), Column("mentee", "Mentee", names), *fixed]


def _names_width(width: int, fixed: list[Column]) -> int:
    return max(8, min(NAMES_MAX, (width - TABLE_CHROME - sum(column.width + 2 for column in fixed) - 2 * 2) // 2))


def pair_line(row: PairStatus | None, columns: list[Column]) -> str:
    """The line under the pairs table: the selected pair's dates the table has no room for, and the key to log."""
    shown = {column.key for column in columns}
    if row is None or all(key in shown for key in SECONDARY):
        return LOG_HINT
    return f"next booked {_short(row.next_booked)} · check-in {_short(row.latest_check_in)} · {LOG_KEY}"


def load_dashboard(store: CohortStore) -> ProgrammeStatus:
    """Read the cohort once and compute the programme's status for the store's today (as ``rmtui status`` does)."""
    return programme_status(load_programme(store, sessions=False), store.today())


def alert_row(console: Console, width: int, numbered: tuple[int, Alert]) -> TableRow:
    """An alert: what is wrong, then the action that resolves it, each wrapped at ``width`` and never cut short.

    Most take two lines; one too long for a narrow screen (80 columns) takes a line more, rather than ending in "…".
    """
    number, alert = numbered
    severity = Text(f"{SEVERITY_SYMBOLS[alert.severity]} {alert.severity}", style=STATUS_STYLE[alert.severity])
    what, action = Text(alert.message), Text(f"→ {alert.action}", style="italic")
    height = sum(1 if line.cell_len <= width else len(line.wrap(console, width)) for line in (what, action))
    return TableRow((severity, Text("\n").join((what, action))), key=str(number), height=height)


def _short(day: date | None) -> str:
    return f"{day:%d %b}" if day else "—"


def _long(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def timeline_text(line: Timeline, current_phase: str) -> Text:
    """Two lines: a bar from start to evaluation with the mid-point and today on it, then the dates and phase."""
    cells = ["─"] * BAR_WIDTH
    cells[BAR_WIDTH // 2] = "┼"
    today_at = min(BAR_WIDTH - 1, round(line.fraction * (BAR_WIDTH - 1)))
    text = Text.assemble(("Term ", "bold"), f"{line.start:%b %Y} ├")
    text.append("".join(cells[:today_at]), style="green")
    text.append("●", style="bold")
    text.append("".join(cells[today_at + 1 :]), style="dim")
    text.append(f"┤ {line.end:%b %Y}   phase: ")
    text.append(current_phase, style="bold reverse")
    text.append(
        f"\nstart {_long(line.start)} · mid {_short(line.midpoint)} · today {_short(line.today)} "
        f"({line.fraction:.0%}) · evaluation {_long(line.end)}",
        style="dim",
    )
    return text


def counted(count: int, noun: str, many: str | None = None) -> tuple[tuple[str, str], str]:
    """``plural``'s words for Text.assemble, the figure in bold: (("3", "bold"), " pairs")."""
    figure, words = plural(count, noun, many).split(" ", 1)
    return (figure, "bold"), f" {words}"


def headline_items(numbers: Headline) -> list[Text]:
    """The headline figures, each a short phrase with its figure in bold, read as the report reads them."""
    mentors, mentees = numbers.mentors.n, numbers.mentees.n
    active, ended = numbers.pairs_active, numbers.pairs_ended
    pairs = (
        Text.assemble("pairs active/ended ", ("withheld", "bold"), f" ({FEWER} people in ended pairs)")
        if withheld(ended)
        else Text.assemble("pairs ", (count(active), "bold"), " active, ", (count(ended), "bold"), " ended")
    )
    return [
        Text.assemble(
            *counted(mentors + mentees, "person", "people"),
            f" ({plural(mentors, 'mentor')}, {plural(mentees, 'mentee')})",
        ),
        pairs,
        Text.assemble("sessions ", (sessions_held(numbers), "bold")),
        Text.assemble("goal sheets agreed ", (f"{numbers.sheets_agreed.n}", "bold")),
        Text.assemble("satisfaction ", (average(numbers.satisfaction, counted=False), "bold")),
        Text.assemble("check-ins ", (share(numbers.check_ins_answered), "bold")),
    ]


def pack_lines(items: list[Text], width: int, separator: str = " · ") -> Text:
    """The items joined into lines no wider than ``width``, never breaking an item across lines."""
    text, used = Text(), 0
    for item in items:
        if used and used + len(separator) + len(item) > width:
            text.append("\n")
            used = 0
        elif used:
            text.append(separator, style="dim")
            used += len(separator)
        text.append_text(item)
        used += len(item)
    return text


def month_labels(per_month: list[tuple[str, int]], cell: int) -> Text:
    """Each month's short name and count, ``cell`` wide, lined up under its bar."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for month, held in per_month:
        name = date.fromisoformat(f"{month}-01").strftime("%b")
        label = f"{name} {held}" if cell >= 7 else name
        text.append(f"{label:<{cell}}"[:cell], style="bold" if cell < 7 or held else "dim")
    return text


def status_cell(status: str, symbol: str) -> Text:
    """The status in colour, with its symbol and word so it reads without colour."""
    return Text(f"{symbol} {status}", style=STATUS_STYLE[status], no_wrap=True)


class DashboardScreen(SectionScreen):
    """The programme at a glance: timeline, headline numbers, sessions per month, pairs and alerts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "log_session", "Log session", tooltip="Log a session for the selected pair, on its behalf"),
        Binding("r", "refresh", "Refresh", tooltip="Read the cohort file again"),
        Binding(
            "e",
            "end_and_rematch",
            "End & rematch",
            tooltip="End the selected pair (say, when it is not working) and review its rematch in Matching",
        ),
        Binding(
            "v",
            "void_check_in",
            "Void check-in",
            tooltip="Void one of the selected pair's check-ins with a reason; they answer it again",
        ),
    ]

    @dataclass
    class Loaded(Message):
        """The load worker computed the dashboard."""

        dashboard: ProgrammeStatus

    class PairEnded(Message):
        """The pair was ended: on to Matching for the rematch."""

    def __init__(self) -> None:
        super().__init__()
        self.dashboard: ProgrammeStatus | None = None
        self.columns: list[Column] = []
        # An action on a pair typed before the first load finished; it runs once the pairs show.
        self.waiting: Callable[[], None] | None = None
        # Hidden since it last loaded; it loads again when it shows.
        self.hidden = False
        # The width the dashboard was last drawn for; a resize to another redraws it.
        self.drawn_width = 0
        # Holds the first frame back until the data shows (or FIRST_FRAME_WAIT has passed).
        self.first_frame = ExitStack()
        # The load starts as the screen is made, not once it shows: the programme is computed while the
        # screen is composed and laid out, and on a small cohort its first frame is drawn once, with the data.
        self.reload()

    def compose(self) -> ComposeResult:
        yield Header()
        yield SectionBar("dashboard")
        with Vertical(id="dashboard-top"):
            yield Static("Loading the programme…", id="dashboard-timeline", markup=False)
            yield Static("", id="dashboard-headline", markup=False)
            with Horizontal(id="dashboard-chart"):
                yield Static("Sessions\nper month", id="chart-title", markup=False)
                with Vertical(id="chart-body"):
                    yield Sparkline([], id="sessions-sparkline")
                    yield Static("", id="chart-labels", markup=False)
        yield PagedTable(id="dashboard-pairs", cursor_type="row", zebra_stripes=True, header_height=2)
        yield PagedTable(id="dashboard-alerts", cursor_type="row", show_header=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        """Title the panels and put the cursor in the pairs table; hold the first frame back for the data.

        The data is loading since ``__init__``. Keys typed meanwhile are handled as ever; only drawing waits.
        """
        pairs = self.query_one("#dashboard-pairs", DataTable)
        pairs.border_title = "Active pairs"
        pairs.border_subtitle = LOG_HINT
        self.query_one("#dashboard-alerts", DataTable).border_title = "Alerts"
        pairs.focus()
        if self.dashboard is None:
            self.first_frame.enter_context(self.app.batch_update())
            # The app's timer, not the screen's: it runs out even if the screen is closed before its data came.
            self.app.set_timer(FIRST_FRAME_WAIT, self.first_frame.close)

    def on_screen_suspend(self) -> None:
        """Note that the dashboard is hidden (a form over it, or another section), so it loads again on return."""
        self.hidden = True

    def on_screen_resume(self) -> None:
        """Load the programme each time the dashboard shows again, so changes made elsewhere appear.

        The first time, the load started as the screen was made is under way. A form opened here closes
        only once its save has completed (``SavingForm.Saved``), so what this reads already holds it; no
        worker of the form needs waiting for.
        """
        if self.hidden:
            self.hidden = False
            self.reload()

    def on_resize(self) -> None:
        """Choose the columns and chart cells that fit a new width."""
        if self.dashboard is not None and self.size.width != self.drawn_width:
            self.show(self.dashboard)

    def reload(self) -> None:
        """Read the cohort again in the background and redraw when it is ready."""
        self.load()

    @work(thread=True, exclusive=True, group="dashboard-load")
    def load(self) -> None:
        """Compute the dashboard off the UI thread: a big cohort takes a moment to read."""
        try:
            dashboard = load_dashboard(cohort_app(self).store)
        except RmtuiError as error:
            self.post_message(self.Refused(str(error)))
            return
        self.post_message(self.Loaded(dashboard))

    @on(Loaded)
    def loaded(self, event: Loaded) -> None:
        """Draw the dashboard the worker computed, then run an action typed before it was ready."""
        self.show(event.dashboard)
        self.first_frame.close()
        if self.waiting is not None:
            action, self.waiting = self.waiting, None
            action()

    def show(self, dashboard: ProgrammeStatus) -> None:
        """Draw a computed dashboard, keeping the selected pair."""
        selected = self.selected_pair_id()
        self.dashboard = dashboard
        self.drawn_width = self.size.width
        self.query_one("#dashboard-timeline", Static).update(timeline_text(dashboard.timeline, dashboard.phase))
        headline_text = pack_lines(headline_items(dashboard.headline), self.size.width - 2)
        self.query_one("#dashboard-headline", Static).update(headline_text)
        self.show_chart(dashboard.per_month)
        on_roster = dashboard.headline.mentors.n or dashboard.headline.mentees.n
        self.show_pairs(dashboard.pairs, selected, FIRST_PAIRS if on_roster else FIRST_PEOPLE)
        self.show_alerts(dashboard.alerts, no_alerts_line(dashboard.headline))

    def show_chart(self, per_month: list[tuple[str, int]]) -> None:
        """One bar per month, each month's cells wide enough for its label when the screen allows."""
        room = self.size.width - 14
        cell = 7 if 7 * len(per_month) <= room else max(1, min(4, room // max(len(per_month), 1)))
        sparkline = self.query_one("#sessions-sparkline", Sparkline)
        # Each month repeated across its cells, so every bar sits exactly over its label.
        sparkline.data = [float(held) for _, held in per_month for _ in range(cell)]
        sparkline.styles.width = cell * len(per_month) or 1
        self.query_one("#chart-labels", Static).update(month_labels(per_month, cell))

    def show_pairs(self, rows: list[PairStatus], select: int | None, first_step: str) -> None:
        """One row per active pair: meetings against the cadence, goals, latest check-in and status; with none,
        ``first_step`` under the table says what to do first."""
        table = self.query_one("#dashboard-pairs", PagedTable)
        self.columns = plan_columns(self.size.width)
        set_columns(table, self.columns)
        columns = self.columns

        def pair_row(row: PairStatus) -> TableRow:
            behind = row.sessions_held < row.sessions_expected
            cells = {
                "mentor": _cell(row.mentor),
                "mentee": _cell(row.mentee),
                "last": _cell(_short(row.last_session)),
                "next": _cell(_short(row.next_booked), "" if row.next_booked else "dim"),
                "held": Text(f"{row.sessions_held}/{row.sessions_expected}", style="yellow" if behind else ""),
                "goals": Text(f"{row.goal_progress:.0%}" if row.goal_progress is not None else "—", justify="right"),
                "check_in": _cell(_short(row.latest_check_in)),
                "status": status_cell(row.status, row.symbol),
            }
            return TableRow(tuple(cells[column.key] for column in columns), key=str(row.pair_id))

        if not rows:
            table.border_subtitle = first_step
        table.fill(rows, pair_row, added=partial(self._pairs_added, select))

    def _pairs_added(self, select: int | None) -> None:
        table = self.query_one("#dashboard-pairs", DataTable)
        if select is not None and str(select) in table.rows:
            table.move_cursor(row=table.get_row_index(str(select)))
        if table.row_count:
            table.border_subtitle = pair_line(self.highlighted_row(), self.columns)

    @on(DataTable.RowHighlighted, "#dashboard-pairs")
    def pair_highlighted(self) -> None:
        """Show the selected pair's dates that left the table for room, under it."""
        self.query_one("#dashboard-pairs", DataTable).border_subtitle = pair_line(self.highlighted_row(), self.columns)

    def show_alerts(self, found: list[Alert], none: str) -> None:
        """Each alert on two lines: what is wrong, then the action that resolves it."""
        table = self.query_one("#dashboard-alerts", PagedTable)
        table.clear(columns=True)
        table.add_column("Severity", key="severity", width=10)
        # As wide as the panel leaves, so the table never scrolls sideways; long lines wrap.
        width = max(20, self.size.width - 2 - 1 - 10 - 2 * 2 - 1)
        table.add_column("Alert", key="alert", width=width)
        table.border_title = f"Alerts ({len(found)})" if found else "Alerts"
        if found:
            table.fill(list(enumerate(found)), partial(alert_row, self.app.console, width))
        else:
            line = (Text("✓ none", style="green"), Text(none))
            table.fill([line], lambda cells: TableRow(cells, "none"))

    def selected_pair_id(self) -> int | None:
        """The id of the highlighted pair, if any."""
        table = self.query_one("#dashboard-pairs", DataTable)
        if not table.row_count:
            return None
        return int(cursor_row_key(table))

    def ready_for(self, action: Callable[[], None]) -> bool:
        """True once the pairs have loaded; until then ``action`` waits for them (a key typed as the screen opens)."""
        if self.dashboard is None:
            self.waiting = action
        return self.dashboard is not None

    def highlighted_row(self) -> PairStatus | None:
        """The highlighted pair's row, if there is one."""
        pair_id = self.selected_pair_id()
        return next((r for r in self.dashboard.pairs if r.pair_id == pair_id), None) if self.dashboard else None

    def selected_row(self) -> PairStatus | None:
        """The highlighted pair's row, for an action on it; None, with a word to the coordinator, if there is none."""
        row = self.highlighted_row()
        if row is None:
            self.notify("Select an active pair first; there are none yet if the table is empty.", markup=False)
        return row

    @on(DataTable.RowSelected, "#dashboard-alerts")
    def alert_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on an alert selects its pair in the pairs table, ready to log a session."""
        if self.dashboard is None or not self.dashboard.alerts or event.row_key.value is None:
            return
        alert = self.dashboard.alerts[int(event.row_key.value)]
        pairs = self.query_one("#dashboard-pairs", DataTable)
        if alert.pair_id is not None and str(alert.pair_id) in pairs.rows:
            pairs.move_cursor(row=pairs.get_row_index(str(alert.pair_id)))
            pairs.focus()

    def action_refresh(self) -> None:
        """Read the cohort file again."""
        self.reload()

    def action_end_and_rematch(self) -> None:
        """End the selected pair with a reason, then open Matching, where the rematch is proposed."""
        from rmtui.tui.dialogs.end_pair import EndPairScreen

        if not self.ready_for(self.action_end_and_rematch):
            return
        row = self.selected_row()
        if row is None:
            return
        mentee = get_pair(cohort_app(self).store, row.pair_id).mentee

        def ended(reason: str | None) -> None:
            if reason:
                self.end_then_rematch(mentee, reason)

        self.app.push_screen(EndPairScreen(f"{row.mentor} and {row.mentee}"), ended)

    @work(thread=True, exclusive=True, group="section-save")
    def end_then_rematch(self, mentee: str, reason: str) -> None:
        """End the pair off the UI thread; Matching then proposes the rematch (press c there to confirm)."""
        try:
            end_pair(cohort_app(self).store, mentee, reason)
        except RmtuiError as error:
            self.post_message(self.Refused(str(error)))
            return
        self.post_message(self.PairEnded())

    @on(PairEnded)
    def pair_ended(self) -> None:
        """Open Matching, where the ended pair's mentee is proposed a new mentor."""
        self.app.switch_mode("matching")
        self.notify("Pair ended. The rematch is proposed below: c confirms it.", markup=False)

    def action_log_session(self) -> None:
        """Log a session for the selected pair on its behalf, without private notes."""
        from rmtui.tui.forms.coordinator_session import CoordinatorSessionForm

        if not self.ready_for(self.action_log_session):
            return
        row = self.selected_row()
        if row is None:
            return
        names = f"{row.mentor} & {row.mentee}"
        try:
            defaults = session_defaults(cohort_app(self).store, row.pair_id)
        except RmtuiError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return

        def saved(session: Session | None) -> None:
            # The dashboard reloads as it shows again (on_screen_resume), after the save completed.
            if session is not None:
                self.notify(f"Logged a {session.status} session for {names} on {session.held_on}.", markup=False)

        self.app.push_screen(CoordinatorSessionForm(row.pair_id, names, defaults), saved)

    def action_void_check_in(self) -> None:
        """List the selected pair's check-ins (who, point, date) and void the chosen one with a reason."""
        from rmtui.tui.dialogs.void_check_in import VoidCheckInScreen

        if not self.ready_for(self.action_void_check_in):
            return
        row = self.selected_row()
        if row is None:
            return
        try:
            pair = get_pair(cohort_app(self).store, row.pair_id)
            answered = answered_check_ins(cohort_app(self).store, row.pair_id)
        except RmtuiError as error:
            self.notify(str(error), severity="error", timeout=10, markup=False)
            return
        names = {pair.mentor: row.mentor, pair.mentee: row.mentee}

        def voided(answer: Answered | None) -> None:
            if answer is not None:
                name = names[answer.email]
                self.notify(f"Voided {name}'s {answer.checkpoint} check-in; they may answer again.", markup=False)
                self.reload()

        self.app.push_screen(VoidCheckInScreen(row.pair_id, names, answered), voided)
