"""What the ``rmtui`` group hands every command: the cohort file it works on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(slots=True)
class Settings:
    """Options given to the ``rmtui`` group."""

    db: Path | None

    @property
    def chosen_path(self) -> Path | None:
        """The cohort file the user named with --db or $RMTUI_DB."""
        from rmtui.core.store import chosen_db_path

        return chosen_db_path(self.db)

    @property
    def db_path(self) -> Path:
        """The cohort file to use: --db, then $RMTUI_DB, then the user data folder."""
        from rmtui.core.store import default_db_path

        return self.chosen_path or default_db_path()


pass_settings = click.make_pass_decorator(Settings)


def _set_db(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.find_object(Settings).db = value  # type: ignore[union-attr]


def accept_db_after(command: click.Command) -> None:
    """Let ``--db`` come after the command too (``rmtui demo --no-open --db F``), as well as before it."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            accept_db_after(sub)
        return
    if any(param.name == "db" for param in command.params):
        return
    command.params.append(
        click.Option(
            ["--db"],
            type=click.Path(dir_okay=False, path_type=Path),
            expose_value=False,
            callback=_set_db,
            help="Cohort file to use (it may also come before the command).",
        )
    )
