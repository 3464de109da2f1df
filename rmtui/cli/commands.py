"""The ``rmtui`` command: the TUI and the coordinator's scriptable commands."""

from __future__ import annotations

import shutil
import sys
import tempfile
import textwrap
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from rmtui import __version__
from rmtui.cli.access import coordinator_passphrase, kiosk, setup_codes
from rmtui.cli.match import match
from rmtui.cli.output import NO_BOM, OUTPUT, chosen_format, write_output
from rmtui.cli.settings import Settings, accept_db_after, pass_settings
from rmtui.cli.status import export_calendar, export_sessions, report, status
from rmtui.cli.topics import topics
from rmtui.core.errors import RmtuiError
from rmtui.core.text import plural
from rmtui.sections import SECTION_NAMES

if TYPE_CHECKING:
    from rmtui.core.roster import Participant

T = TypeVar("T")


class RmtuiGroup(click.Group):
    """Turns RmtuiError into a plain message and exit code 1, never a traceback; every command takes --db."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Register a command, which then accepts --db after its name too."""
        accept_db_after(cmd)
        super().add_command(cmd, name)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except RmtuiError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=RmtuiGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Cohort file to use. Default: $RMTUI_DB, else cohort.json in your user data folder.",
)
@click.option(
    "--section",
    type=click.Choice(SECTION_NAMES),
    help="Section to open the app on. Default: the dashboard.",
)
@click.version_option(__version__, prog_name="rmtui")
@click.pass_context
def main(ctx: click.Context, db: Path | None, section: str | None) -> None:
    """Run a reverse-mentoring cohort. With no command, open the app."""
    ctx.obj = Settings(db=db)
    if ctx.invoked_subcommand is None:
        from rmtui.tui.app import open_app

        open_app(ctx.obj.db_path, section)


@main.command()
@click.option("--no-open", is_flag=True, help="Only write the demo cohort; don't open the app.")
@click.option("--force", is_flag=True, help="Overwrite a cohort file that is not a demo.")
@click.option("--finished", is_flag=True, help="The cohort just after its term ended, ready for the evaluation report.")
@pass_settings
def demo(settings: Settings, no_open: bool, force: bool, finished: bool) -> None:
    """Write the demo cohort (to --db, or a fresh temporary file) and open it."""
    from rmtui.core.demo import write_demo

    path = settings.chosen_path or Path(tempfile.mkdtemp(prefix="rmtui-demo-")) / "cohort.json"
    credentials = write_demo(path, today=date.today(), force=force, finished=finished)
    click.echo(f"Demo cohort written to {path}", err=True)
    # Wrapped between words to the terminal's width: the terminal would break a passphrase or a name mid-word.
    width = shutil.get_terminal_size().columns
    intro = (
        f"For pair mode (rmtui --db '{path}' kiosk, which first asks you to choose a coordinator passphrase), "
        "each pair's passphrase, or the one-time setup code it sets its own with:"
    )
    click.echo(textwrap.fill(intro, width - 1, break_long_words=False, break_on_hyphens=False), err=True)
    for pair, credential in describe_pairs(path, credentials).items():
        line = f"  {pair}: {credential}"
        # Too long for one line: the passphrase or code goes whole on a line of its own.
        click.echo(line if len(line) < width else f"  {pair}:\n    {credential}", err=True)
    if not no_open:
        from rmtui.tui.app import open_app

        open_app(path)


def describe_pairs(path: Path, by_pair_id: Mapping[int, T]) -> dict[str, T]:
    """Re-key values given by pair id by the pair's names, as pair mode lists them."""
    from rmtui.core.matching import pairs_by_id
    from rmtui.core.roster import list_participants
    from rmtui.core.store import CohortStore

    with CohortStore.open(path, read_only=True) as store:
        names = {p.email: p.name for p in list_participants(store)}
        pairs = pairs_by_id(store)
    return {f"{names[pairs[i].mentor]} & {names[pairs[i].mentee]}": value for i, value in by_pair_id.items()}


@main.command(name="import")
@click.argument("csv_file", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows and list the skipped ones.")
@click.option("--update", is_flag=True, help="Update people already on the roster (matched by email).")
@click.option("--sheet", metavar="NAME", help="The sheet of an .xlsx workbook to read. Default: the first.")
@click.option("--repair-text", is_flag=True, help="Use the repaired text of cells reported as garbled (mojibake).")
@click.option(
    "--map", "maps", metavar="HEADER=FIELD", multiple=True,
    help='Read the column HEADER as FIELD (or "ignore"), overriding the proposal; repeatable.',
)  # fmt: skip
@pass_settings
def import_(
    settings: Settings, csv_file: Path, dry_run: bool, skip_invalid: bool, update: bool, sheet: str | None,
    repair_text: bool, maps: tuple[str, ...],
) -> None:  # fmt: skip
    """Import a roster from a CSV file or an Excel workbook (.xlsx). All or nothing unless --skip-invalid.

    A CSV file may be UTF-8, UTF-16 or Windows-1252 (what Excel on Windows saves); the dry run says which.
    A sign-up form's questions are mapped to fields: the dry run shows the proposal and why, --map corrects it,
    and the mapping is kept with the cohort for the next import.
    """
    from rmtui.core.errors import ValidationError
    from rmtui.core.roster import (
        apply_import,
        describe_outcome,
        describe_plan,
        list_participants,
        parse_overrides,
        plan_import,
        remembered_columns,
    )
    from rmtui.core.store import CohortStore

    try:
        overrides = parse_overrides(maps)
    except ValidationError as invalid:
        raise click.UsageError(str(invalid)) from None
    raw = csv_file.read_bytes()
    roster, remembered = _current_roster(settings.db_path)
    plan = plan_import(
        raw, roster, update=update, sheet=sheet, repair=repair_text, remembered=remembered, overrides=overrides
    )
    click.echo(describe_plan(plan, csv_file.name))
    if dry_run:
        click.echo("Dry run: nothing was written.")
        sys.exit(1 if plan.errors else 0)
    if not plan.valid_count or (plan.errors and not skip_invalid):
        click.echo(describe_outcome(plan, written=False))
        sys.exit(1 if plan.errors else 0)
    with CohortStore.open(settings.db_path) as store:
        # Validate again under the lock: the roster may have changed since it was read.
        checked = plan_import(
            raw, list_participants(store), update=update, sheet=sheet, repair=repair_text,
            remembered=remembered_columns(store), overrides=overrides,
        )  # fmt: skip
        if checked.errors != plan.errors:
            click.echo(describe_plan(checked, csv_file.name))
        if (checked.errors and not skip_invalid) or not checked.valid_count:
            click.echo(describe_outcome(checked, written=False))
            sys.exit(1)
        apply_import(store, checked)
    click.echo(describe_outcome(checked, written=True))


def _current_roster(db_path: Path) -> tuple[list[Participant], dict[str, str]]:
    """The roster and the remembered column mapping as they are on disk, read without the lock; empty when new."""
    from rmtui.core.roster import list_participants, remembered_columns
    from rmtui.core.store import CohortStore

    if not db_path.exists():
        return [], {}
    with CohortStore.open(db_path, read_only=True) as store:
        return list_participants(store), remembered_columns(store)


@main.group(cls=RmtuiGroup)
def export() -> None:
    """Export cohort data. -o FILE's ending picks the format unless --format is given."""


ROSTER_FORMATS = ("csv", "xlsx", "json")


@export.command(name="roster")
@click.option("--format", "fmt", type=click.Choice(ROSTER_FORMATS), help="Default: from -o's ending, else csv.")
@OUTPUT
@NO_BOM
@pass_settings
def export_roster(settings: Settings, fmt: str | None, output: Path | None, no_bom: bool) -> None:
    """Export the roster as CSV, an Excel workbook or JSON, with every field a person has; it imports back unchanged."""
    from rmtui.core.roster import records as roster
    from rmtui.core.roster import roster_cells, roster_to_csv, roster_to_json, rows_to_xlsx
    from rmtui.core.store import CohortStore

    fmt = chosen_format(fmt, output, ROSTER_FORMATS, "the roster")
    with CohortStore.open(settings.db_path, read_only=True) as store:
        people = roster.list_participants(store)
    if fmt == "xlsx":
        payload: str | bytes = rows_to_xlsx(roster_cells(people), "Roster")
    else:
        payload = roster_to_csv(people, bom=not no_bom) if fmt == "csv" else roster_to_json(people)
    write_output(output, payload, plural(len(people), "person", "people"))


@main.command()
@pass_settings
def check(settings: Settings) -> None:
    """Verify the cohort file: it parses, its schema is known, references resolve, emails are unique."""
    from rmtui.core.store import check_cohort

    findings = check_cohort(settings.db_path)
    for finding in findings:
        click.echo(f"- {finding}")
    if findings:
        raise click.ClickException(f"{settings.db_path}: {plural(len(findings), 'problem')} found.")
    click.echo(f"{settings.db_path}: all is well.")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Where to write the copy.")
@pass_settings
def backup(settings: Settings, output: Path | None) -> None:
    """Copy the cohort file, by default into its backups folder."""
    from rmtui.core.store import backup_now

    target = backup_now(settings.db_path, output.absolute() if output else None)
    click.echo(f"Backed up {settings.db_path} to {target}")


@main.command()
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_settings
def restore(settings: Settings, backup_file: Path) -> None:
    """Replace the cohort file with BACKUP_FILE, keeping a backup of what it replaces."""
    from rmtui.core.store import restore_backup

    replaced = restore_backup(settings.db_path.absolute(), backup_file)
    click.echo(f"Restored {settings.db_path} from {backup_file}.")
    if replaced:
        click.echo(f"The replaced file was kept as {replaced}.")


main.add_command(match)
main.add_command(topics)
main.add_command(kiosk)
main.add_command(coordinator_passphrase)
main.add_command(setup_codes)
main.add_command(status)
main.add_command(report)
export.add_command(export_sessions)
export.add_command(export_calendar)
