"""The programme's status as Rich renderables: built once, printed by ``rmtui status`` or shown in the TUI."""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from rmtui.core.report.programme import (
    AT_RISK,
    OVERDUE,
    Programme,
    alerts,
    headline,
    pair_statuses,
    phase,
    sessions_per_month,
    timeline,
)

_STYLES = {AT_RISK: "bold red", OVERDUE: "yellow", "due": "cyan", "on track": "green"}


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def timeline_text(programme: Programme, today: date) -> Text:
    """One line: start, mid-point, end and the phase, with how far through the term today is."""
    line = timeline(programme.settings, today)
    text = Text(f"{programme.settings.name}\n", style="bold")
    text.append(f"Start {_day(line.start)} · mid-point {_day(line.midpoint)} · evaluation {_day(line.end)} · ")
    text.append(f"today {_day(today)} ({line.fraction:.0%} through) · phase: {phase(programme, today)}")
    return text


def headline_table(programme: Programme, today: date) -> Table:
    """The headline numbers as a two-column table."""
    numbers = headline(programme, today)
    table = Table(title="Headline", title_justify="left", show_header=False)
    table.add_column("What")
    table.add_column("Number", justify="right")
    satisfaction = f"{numbers.average_satisfaction:.1f} / 5" if numbers.average_satisfaction is not None else "—"
    for what, number in (
        ("People (mentors / mentees)", f"{numbers.mentors + numbers.mentees} ({numbers.mentors} / {numbers.mentees})"),
        ("Pairs active / ended", f"{numbers.pairs_active} / {numbers.pairs_ended}"),
        ("Sessions held / expected", f"{numbers.sessions_held} / {numbers.sessions_expected}"),
        ("Goal sheets agreed", f"{numbers.sheets_agreed} of {numbers.pairs_active}"),
        ("Average satisfaction", satisfaction),
    ):
        table.add_row(what, number)
    return table


def pairs_table(programme: Programme, today: date) -> Table:
    """One row per active pair; the status carries a symbol and a word, so it reads without colour.

    The mentor's and the mentee's names share a column, one above the other, and wrap only between words;
    every other column is short and never wraps, so the table reads at 80 columns without a name cut in two.
    """
    table = Table(title="Pairs", title_justify="left")
    table.add_column("Mentor /\nmentee", ratio=1, min_width=12)
    for column in ("Last\nmet", "Next\nbooked", "Held/\ndue", "Goals", "Satis-\nfied", "Status"):
        table.add_column(column, no_wrap=True)
    for row in pair_statuses(programme, today):
        goals = f"{row.goal_progress:.0%}" if row.goal_progress is not None else "—"
        satisfaction = f"{row.latest_satisfaction}/5" if row.latest_satisfaction is not None else "—"
        table.add_row(
            # Names are shown as typed: a Text is never read as markup, so "[/]" in a name cannot break the table.
            Text(f"{row.mentor}\n{row.mentee}"), _short_day(row.last_session), _short_day(row.next_booked),
            f"{row.sessions_held}/{row.sessions_expected}", goals, satisfaction,
            Text(f"{row.symbol} {row.status}", style=_STYLES[row.status]),
        )  # fmt: skip
    return table


def _short_day(value: date | None) -> str:
    return f"{value:%d %b}" if value else "—"


def alerts_table(programme: Programme, today: date) -> RenderableType:
    """Every alert with the action that resolves it, or a line saying there are none."""
    found = alerts(programme, today)
    if not found:
        return Text("No alerts: every pair is meeting and every check-in is in.", style="green")
    table = Table(title=f"Alerts ({len(found)})", title_justify="left")
    for column in ("Severity", "What", "Action"):
        table.add_column(column, overflow="fold")
    for alert in found:
        table.add_row(Text(alert.severity, style=_STYLES[alert.severity]), Text(alert.message), Text(alert.action))
    return table


def sessions_chart(programme: Programme, today: date, width: int = 30) -> Text:
    """Sessions held per month as a bar chart of block characters."""
    series = sessions_per_month(programme, today)
    most = max((count for _, count in series), default=0) or 1
    text = Text("Sessions held per month\n", style="bold")
    for month, count in series:
        text.append(f"{month} {'█' * round(count / most * width):<{width}} {count}\n")
    return text


def status_report(programme: Programme, today: date) -> Group:
    """The whole status page: timeline, headline numbers, pairs, sessions per month and alerts."""
    return Group(
        timeline_text(programme, today), Text(""), headline_table(programme, today), pairs_table(programme, today),
        sessions_chart(programme, today), alerts_table(programme, today),
    )  # fmt: skip
