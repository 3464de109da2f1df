"""``rmtui status`` and the ``sessions`` and ``calendar`` commands of ``rmtui export``.

``rmtui.cli.commands`` registers these; the group's ``Settings`` (``rmtui.cli.settings``) reaches it through
``click.pass_obj``, so it never imports ``rmtui.cli.commands`` back (a contract in pyproject.toml checks it).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from rmtui.cli.output import BOM, NO_BOM, OUTPUT, chosen_format, write_output
from rmtui.core.text import plural

if TYPE_CHECKING:
    from rmtui.cli.settings import Settings
    from rmtui.core.store import CohortStore


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
        programme, today = load_programme(store, sessions=False), as_of.date() if as_of else store.today()
    found = programme_status(programme, today)
    if as_json:
        import json

        click.echo(json.dumps(found.to_json(), indent=2, ensure_ascii=False))
        return
    from rich.console import Console

    from rmtui.core.report.status import ROWS_SHOWN, status_report

    Console(width=width).print(status_report(found, None if every_row else ROWS_SHOWN))


SESSION_FORMATS = ("csv", "json")
# As rmtui.core.report.FORMATS, written out so that `rmtui --help` does not import the report code.
REPORT_FORMATS = ("txt", "html", "svg", "md", "json")


@click.command(name="sessions")
@click.option("--format", "fmt", type=click.Choice(SESSION_FORMATS), help="Default: from -o's ending, else csv.")
@OUTPUT
@NO_BOM
@click.pass_obj
def export_sessions(settings: Settings, fmt: str | None, output: Path | None, no_bom: bool) -> None:
    """Export the session log as CSV or JSON; private notes are never exported."""
    from rmtui.core.sessions import export_rows, sessions_to_csv, sessions_to_json

    fmt = chosen_format(fmt, output, SESSION_FORMATS, "the session log")
    with _open(settings) as store:
        rows = export_rows(store)
    text = ("" if no_bom else BOM) + sessions_to_csv(rows) if fmt == "csv" else sessions_to_json(rows)
    write_output(output, text, plural(len(rows), "session"))


@click.command(name="calendar")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The .ics file to write."
)
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Export as on this day.")
@click.option("--include-past", is_flag=True, help="Also export meetings booked for days before today.")
@click.option(
    "--time-zone", metavar="ZONE", default=None,
    help="Time zone of booked times of day, like Europe/London. Default: the cohort's, else UTC.",
)  # fmt: skip
@click.pass_obj
def export_calendar(
    settings: Settings, output: Path, as_of: datetime | None, include_past: bool, time_zone: str | None
) -> None:
    """Export booked meetings as iCalendar events; re-importing updates moved and cancelled ones in place."""
    from rmtui.core.file_formats import format_for
    from rmtui.core.sessions.calendar import booked_meetings, calendar_ics
    from rmtui.core.store import CohortStore, write_copy

    format_for(output, ("ics",), "the calendar")
    store = _open(settings)
    if store.unsaved_migration:
        # The file predates cohort ids: save the one the migration made, or every export would make a new one.
        store.close()
        CohortStore.open(settings.db_path).close()
        store = _open(settings)
    with store:
        bookings, cohort, today = booked_meetings(store), store.settings(), as_of.date() if as_of else store.today()
    ics = calendar_ics(cohort, bookings, today, include_past=include_past, zone=time_zone or cohort.time_zone)
    write_copy(output.absolute(), ics)
    shown = sum(b.day >= today or include_past for b in bookings)
    click.echo(f"Wrote {plural(shown, 'booked meeting')} to {output}", err=True)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    help="Default: from -o's ending, else txt. json: every figure once under its stable name (README lists them).",
)
@OUTPUT
@click.option(
    "--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="Report as on this day (YYYY-MM-DD); before the term's end it is an interim report.",
)  # fmt: skip
@click.option("--no-pairs", is_flag=True, help="Leave out the table of individual pairs.")
@click.pass_obj
def report(settings: Settings, fmt: str | None, output: Path | None, as_of: datetime | None, no_pairs: bool) -> None:
    """The evaluation report for leadership, from the data the coordinator may see; never anything confidential."""
    from rmtui.core.report import cohort_report, export_report, format_for

    # The app's export dialog asks format_for too, so both refuse an ending like .pdf with the same words.
    fmt = fmt or (format_for(output) if output is not None else REPORT_FORMATS[0])
    with _open(settings) as store:
        built = cohort_report(store, as_of.date() if as_of else None, include_pairs=not no_pairs)
    write_output(output, export_report(built, fmt), f"the {fmt} report")
