"""Where an export goes and in which format: ``-o FILE``'s ending picks the format unless ``--format`` is given."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

OUTPUT = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout."
)
NO_BOM = click.option(
    "--no-bom", is_flag=True, help="Leave out the byte-order mark that makes Excel read a CSV file as UTF-8."
)
BOM = "\ufeff"


def chosen_format(fmt: str | None, output: Path | None, writable: Sequence[str], what: str) -> str:
    """--format when given, else the format -o's ending asks for, else the first of ``writable``."""
    from rmtui.core.file_formats import format_for

    if fmt is not None:
        return fmt
    return format_for(output, writable, what) if output is not None else writable[0]


def write_output(output: Path | None, payload: str | bytes, what: str) -> None:
    """Print the export, or write it atomically to ``output`` and say so on stderr."""
    if output is None:
        if isinstance(payload, bytes):
            sys.stdout.buffer.write(payload)
        else:
            click.echo(payload, nl=False)
        return
    from rmtui.core.store import write_copy

    write_copy(output.absolute(), payload.encode("utf-8") if isinstance(payload, str) else payload)
    click.echo(f"Wrote {what} to {output}", err=True)
