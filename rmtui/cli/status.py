"""``rmtui status`` and the ``sessions`` and ``calendar`` commands of ``rmtui export``.

``rmtui.cli.commands`` registers these; the group's ``Settings`` (``rmtui.cli.settings``) reaches it through
``click.pass_obj``, so it never imports ``rmtui.cli.commands`` back (a contract in pyproject.toml checks it).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rmtui.cli.settings import Settings
    from rmtui.core.store import CohortStore

_OUTPUT = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout."
)


def _open(settings: Settings) -> CohortStore:
    from rmtui.core.store import CohortStore

    return CohortStore.open(settings.db_path, read_only=True)


@click.command()
@click.option("--width", type=click.IntRange(60, 300), default=None, help="Wrap the tables at this many columns.")
@click.option(
    "--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Report as on this day (YYYY-MM-DD)."
)
@click.option("--json", "as_json", is_flag=True, help="Print every figure once under its stable name, as JSON.")
@click.option("--all", "every_row", is_flag=True, help="List every pair and alert (by default, the worst 40 of each).")
@click.pass_obj
def status(settings: Settings, width: int | None, as_of: datetime | None, as_json: bool, every_row: bool) -> None:
    """Where the cohort stands: timeline, headline numbers, pairs and alerts with their actions."""
    from rmtui.core.report import load_programme, programme_status

    with _open(settings) as store:
        programme, today = load_programme(store), as_of.date() if as_of else store.today()
    found = programme_status(programme, today)
    if as_json:
        import json

        click.echo(json.dumps(found.to_json(), indent=2, ensure_ascii=False))
        return
    from rich.console import Console

    from rmtui.core.report.status import ROWS_SHOWN, status_report

    Console(width=width).print(status_report(found, None if every_row else ROWS_SHOWN))


def _write(output: Path | None, text: str, what: str) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from rmtui.core.store import write_copy

    write_copy(output.absolute(), text.encode("utf-8"))
    click.echo(f"Wrote {what} to {output}", err=True)


@click.command(name="sessions")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@_OUTPUT
@click.pass_obj
def export_sessions(settings: Settings, fmt: str, output: Path | None) -> None:
    """Export the session log as CSV or JSON; private notes are never exported."""
    from rmtui.core.sessions import export_rows, sessions_to_csv, sessions_to_json

    with _open(settings) as store:
        rows = export_rows(store)
    _write(output, sessions_to_csv(rows) if fmt == "csv" else sessions_to_json(rows), f"{len(rows)} sessions")


def booked_meetings(store: CohortStore) -> list[tuple[int, str, str, date]]:
    """Every distinct next meeting booked by an active pair, as (pair id, mentor name, mentee name, date)."""
    from rmtui.core.matching import pairs_by_id
    from rmtui.core.roster import list_participants
    from rmtui.core.sessions import list_sessions

    names = {p.email: p.name for p in list_participants(store)}
    pairs = pairs_by_id(store, active_only=True)
    booked = {(s.pair_id, s.next_meeting) for s in list_sessions(store) if s.next_meeting and s.pair_id in pairs}
    return [
        (pair_id, names.get(pairs[pair_id].mentor, pairs[pair_id].mentor),
         names.get(pairs[pair_id].mentee, pairs[pair_id].mentee), day)
        for pair_id, day in sorted(booked)
    ]  # fmt: skip


def calendar_ics(
    cohort_name: str, cohort_start: date, meetings: list[tuple[int, str, str, date]], today: date
) -> bytes:
    """An iCalendar file of all-day events; each UID comes from the cohort, the pair and the date, so re-importing updates."""
    from datetime import UTC, time

    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//rmtui//reverse mentoring//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", cohort_name)
    stamp = datetime.combine(today, time(), tzinfo=UTC)
    for pair_id, mentor, mentee, day in meetings:
        event = Event()
        event.add("uid", f"rmtui-{cohort_start:%Y%m%d}-pair{pair_id}-{day:%Y%m%d}@rmtui")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("summary", f"Reverse mentoring: {mentor} & {mentee}")
        event.add("description", f"The next meeting {mentee} and {mentor} booked. Log it in rmtui afterwards.")
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical


@click.command(name="calendar")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The .ics file to write."
)
@click.option(
    "--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Stamp the events with this day."
)
@click.pass_obj
def export_calendar(settings: Settings, output: Path, as_of: datetime | None) -> None:
    """Export every booked next meeting as iCalendar events; re-importing updates them rather than duplicating."""
    from rmtui.core.store import write_copy

    with _open(settings) as store:
        meetings, cohort, today = booked_meetings(store), store.settings(), as_of.date() if as_of else store.today()
    write_copy(output.absolute(), calendar_ics(cohort.name, cohort.start_date, meetings, today))
    click.echo(f"Wrote {len(meetings)} booked meetings to {output}", err=True)


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(["txt", "html", "svg", "md", "json"]), default="txt", show_default=True,
    help="json: every figure once under its stable name (README lists them).",
)  # fmt: skip
@_OUTPUT
@click.option(
    "--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="Report as on this day (YYYY-MM-DD); before the term's end it is an interim report.",
)  # fmt: skip
@click.option("--no-pairs", is_flag=True, help="Leave out the table of individual pairs.")
@click.pass_obj
def report(settings: Settings, fmt: str, output: Path | None, as_of: datetime | None, no_pairs: bool) -> None:
    """The evaluation report for leadership, from the data the coordinator may see; never anything confidential."""
    from rmtui.core.report import cohort_report, export_report

    with _open(settings) as store:
        built = cohort_report(store, as_of.date() if as_of else None, include_pairs=not no_pairs)
    _write(output, export_report(built, fmt), f"the {fmt} report")
