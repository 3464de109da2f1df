"""The ``rmtui`` command's entry point: open the app at once, or hand the command line to the click CLI.

Most launches only open the app, and loading click with every command's module costs about
10 ms of a 300 ms start. So a command line of nothing but ``--db`` and ``--section``, with
values click would accept, opens the app without click. Anything else (a command, ``--help``,
``--version``, a mistake, an unusual value) goes to ``rmtui.cli.commands``, which parses and reports
exactly as it always has.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rmtui.sections import SECTION_NAMES


def main(args: list[str] | None = None) -> None:
    """Run ``rmtui`` with ``args`` (by default the command line)."""
    args = sys.argv[1:] if args is None else args
    options = app_options(args)
    if options is None:
        from rmtui.cli.commands import main as cli

        cli(args, prog_name="rmtui")
        return
    db, section = options
    from rmtui.core.errors import RmtuiError
    from rmtui.core.store import chosen_db_path, default_db_path
    from rmtui.tui.app import open_app

    try:
        open_app(chosen_db_path(db) or default_db_path(), section)
    except RmtuiError as error:
        # Reported as the click group reports it for every command: "Error: ..." and exit code 1.
        import click

        failure = click.ClickException(str(error))
        failure.show()
        sys.exit(failure.exit_code)


def app_options(args: list[str]) -> tuple[Path | None, str | None] | None:
    """``--db`` and ``--section`` of a command line that only opens the app; None for any other."""
    values: dict[str, str | None] = {"--db": None, "--section": None}
    given = iter(args)
    for arg in given:
        name, equals, value = arg.partition("=")
        if name not in values:
            return None
        if not equals:
            value = next(given, "")
        if not value or value.startswith("-"):
            return None
        values[name] = value  # given twice, the last one counts, as in click
    db, section = values["--db"], values["--section"]
    if section is not None and section not in SECTION_NAMES:
        return None
    # click refuses a folder or an unreadable file as --db, with its own message.
    if db is not None and os.path.exists(db) and not (os.path.isfile(db) and os.access(db, os.R_OK)):
        return None
    return (None if db is None else Path(db)), section
