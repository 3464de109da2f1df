"""Where the programme stands, computed once: the dashboard, ``rmtui status`` and ``rmtui status --json`` all read it.

``programme_status`` works everything out from one ``Programme`` snapshot; ``status_report`` draws it
as Rich renderables and ``ProgrammeStatus.to_json`` writes it as named figures (``rmtui.core.report.named``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from rmtui.core.report.figures import PAIRS, Count, Figure, figure, figures_json
from rmtui.core.report.named import slug, term_json
from rmtui.core.report.programme import (
    AT_RISK,
    ON_TRACK,
    OVERDUE,
    Alert,
    Headline,
    PairStatus,
    Programme,
    Timeline,
    alerts,
    headline,
    no_alerts_line,
    pair_statuses,
    phase,
    sessions_per_month,
    timeline,
)
from rmtui.core.report.shown import average, count, sessions_held, share

_STYLES = {AT_RISK: "bold red", OVERDUE: "yellow", "due": "cyan", ON_TRACK: "green"}
# On a terminal, a long table is read by nobody and drawn slowly: past this many rows, the pairs that need
# a nudge come first and the rest are counted (``rmtui status --all`` or ``--json`` lists every one).
ROWS_SHOWN = 40
_WORST_FIRST = {AT_RISK: 0, OVERDUE: 1, ON_TRACK: 2}


@dataclass(frozen=True, slots=True)
class ProgrammeStatus:
    """Everything the dashboard and ``rmtui status`` show, for one day."""

    name: str
    today: date
    timeline: Timeline
    phase: str
    headline: Headline
    pairs: list[PairStatus]
    alerts: list[Alert]
    per_month: list[tuple[str, int]]
    members: dict[int, tuple[str, str]]

    def figures(self) -> list[Figure]:
        """The headline's figures, then the active pairs by status and the alerts (the coordinator's own counts)."""
        by_status = [
            figure(f"pairs.{slug(status)}", f"Active pairs {status}", PAIRS,
                   Count.of((self.members[r.pair_id] for r in self.pairs if r.status == status), protected=False))
            for status in (ON_TRACK, OVERDUE, AT_RISK)
        ]  # fmt: skip
        raised = Count.of(
            ((a.email,) if a.email else self.members.get(a.pair_id or 0, ()) for a in self.alerts), protected=False
        )
        return [*self.headline.figures(), *by_status, figure("alerts", "Alerts", "alerts", raised)]

    def to_json(self) -> dict[str, Any]:
        """The status as one JSON document: every figure once, under the names the report's JSON uses too."""
        return {
            "cohort": self.name, "as_of": self.today.isoformat(), "phase": self.phase, "term": term_json(self.timeline),
            "figures": figures_json(self.figures()),
            "pairs": [
                {"pair_id": r.pair_id, "mentor": r.mentor, "mentee": r.mentee, "status": r.status,
                 "sessions_held": r.sessions_held, "sessions_expected": r.sessions_expected}
                for r in self.pairs
            ],
            "alerts": [{"kind": a.kind, "severity": a.severity, "message": a.message, "action": a.action,
                        "pair_id": a.pair_id} for a in self.alerts],
        }  # fmt: skip


def programme_status(programme: Programme, today: date) -> ProgrammeStatus:
    """Work out the programme's status for ``today`` from one snapshot, in time linear in people and sessions."""
    found = alerts(programme, today)
    return ProgrammeStatus(
        programme.settings.name, today, timeline(programme.settings, today), phase(programme, today),
        headline(programme, today), pair_statuses(programme, today, found), found,
        sessions_per_month(programme, today), {i: (p.mentor, p.mentee) for i, p in programme.pairs.items()},
    )  # fmt: skip


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def timeline_text(status: ProgrammeStatus) -> Text:
    """One line: start, mid-point, end and the phase, with how far through the term today is."""
    line = status.timeline
    text = Text(f"{status.name}\n", style="bold")
    text.append(f"Start {_day(line.start)} · mid-point {_day(line.midpoint)} · evaluation {_day(line.end)} · ")
    text.append(f"today {_day(line.today)} ({line.fraction:.0%} through) · phase: {status.phase}")
    return text


def headline_rows(numbers: Headline) -> list[tuple[str, str]]:
    """The headline figures as (what, how it reads), in the report's words."""
    return [
        ("People (mentors / mentees)",
         f"{numbers.mentors.n + numbers.mentees.n} ({numbers.mentors.n} / {numbers.mentees.n})"),
        ("Pairs active / ended", f"{count(numbers.pairs_active)} / {count(numbers.pairs_ended)}"),
        ("Sessions held / expected", sessions_held(numbers)),
        ("Active pairs with an agreed goal sheet", f"{numbers.sheets_agreed.n}"),
        ("Average satisfaction", average(numbers.satisfaction)),
        ("Check-ins answered of those due", share(numbers.check_ins_answered)),
    ]  # fmt: skip


def headline_table(numbers: Headline) -> Table:
    """The headline numbers as a two-column table."""
    table = Table(title="Headline", title_justify="left", show_header=False)
    table.add_column("What")
    table.add_column("Number", justify="right")
    for what, number in headline_rows(numbers):
        table.add_row(what, number)
    return table


def goals_cell(row: PairStatus) -> str:
    """A pair's goal progress, or why it has none: an unagreed sheet has no goals yet."""
    return f"{row.goal_progress:.0%}" if row.goal_progress is not None else "—"


def _more(left: int, what: str) -> Text:
    return Text(f"… and {left:,} more {what}: rmtui status --all (or --json) lists every one.\n", style="italic")


def pairs_table(rows: list[PairStatus], limit: int | None = None) -> RenderableType:
    """One row per active pair; the status carries a symbol and a word, so it reads without colour.

    With more than ``limit`` pairs, the worst ``limit`` are listed (at risk, then overdue) and the rest counted."""
    shown = rows if limit is None or len(rows) <= limit else sorted(rows, key=lambda r: _WORST_FIRST[r.status])[:limit]
    table = Table(
        title=f"Pairs ({len(shown)} of {len(rows)})" if len(shown) < len(rows) else "Pairs", title_justify="left"
    )
    # The mentor's and the mentee's names share a column, one above the other, and wrap only between words;
    # every other column is short and never wraps, so the table reads at 80 columns without a name cut in two.
    table.add_column("Mentor /\nmentee", ratio=1, min_width=12)
    for column in ("Last\nmet", "Next\nbooked", "Held/\ndue", "Goals", "Satis-\nfied", "Status"):
        table.add_column(column, no_wrap=True)
    for row in shown:
        satisfaction = f"{row.latest_satisfaction}/5" if row.latest_satisfaction is not None else "—"
        table.add_row(
            # Names are shown as typed: a Text is never read as markup, so "[/]" in a name cannot break the table.
            Text(f"{row.mentor}\n{row.mentee}"), _short_day(row.last_session), _short_day(row.next_booked),
            f"{row.sessions_held}/{row.sessions_expected}", goals_cell(row), satisfaction,
            Text(f"{row.symbol} {row.status}", style=_STYLES[row.status]),
        )  # fmt: skip
    return table if len(shown) == len(rows) else Group(table, _more(len(rows) - len(shown), "pairs"))


def _short_day(value: date | None) -> str:
    return f"{value:%d %b}" if value else "—"


def alerts_table(status: ProgrammeStatus, limit: int | None = None) -> RenderableType:
    """Each alert with the action that resolves it (the first ``limit``, worst first), or what no alerts means today."""
    if not status.alerts:
        return Text(no_alerts_line(status.headline), style="green")
    shown = status.alerts[:limit]
    table = Table(title=f"Alerts ({len(status.alerts)})", title_justify="left")
    for column in ("Severity", "What", "Action"):
        table.add_column(column, overflow="fold")
    for alert in shown:
        table.add_row(Text(alert.severity, style=_STYLES[alert.severity]), Text(alert.message), Text(alert.action))
    left = len(status.alerts) - len(shown)
    return Group(table, _more(left, "alerts")) if left else table


def sessions_chart(per_month: list[tuple[str, int]], width: int = 30) -> Text:
    """Sessions held per month as a bar chart of block characters."""
    most = max((n for _, n in per_month), default=0) or 1
    text = Text("Sessions held per month\n", style="bold")
    for month, n in per_month:
        text.append(f"{month} {'█' * round(n / most * width):<{width}} {n}\n")
    return text


def status_report(status: ProgrammeStatus, limit: int | None = ROWS_SHOWN) -> Group:
    """The whole status page: timeline, headline numbers, pairs, sessions per month and alerts (``limit`` rows each)."""
    return Group(
        timeline_text(status), Text(""), headline_table(status.headline), pairs_table(status.pairs, limit),
        sessions_chart(status.per_month), alerts_table(status, limit),
    )  # fmt: skip
