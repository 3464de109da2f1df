"""``rmtui kiosk`` and ``rmtui coordinator-passphrase``: who may use the shared machine, and how it is handed back.

``rmtui.cli.commands`` registers these; the group's ``Settings`` (``rmtui.cli.settings``) reaches it through
``click.pass_obj``, so it never imports ``rmtui.cli.commands`` back (a contract in pyproject.toml checks it).
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rmtui.cli.settings import Settings
    from rmtui.core.store import CohortStore

SET_IT = "Set one first with: rmtui{db} coordinator-passphrase"


def _is_terminal() -> bool:
    return sys.stdin.isatty()


def _read_line(what: str) -> str:
    """One line of standard input (a script's), without its line ending."""
    line = sys.stdin.readline()
    if not line:
        raise click.ClickException(f"Expected {what} on standard input, one per line; got nothing.")
    return line.rstrip("\r\n")


def _ask_current(store: CohortStore) -> str:
    """The coordinator's current passphrase: asked on a terminal, else the next line of input."""
    if _is_terminal():
        return click.prompt("Current coordinator passphrase", hide_input=True)
    return _read_line("the current passphrase")


def set_passphrase_interactively(store: CohortStore) -> None:
    """Ask for a new coordinator passphrase until one is accepted (a terminal), or read one line (a script)."""
    from rmtui.core.access import has_coordinator_passphrase, set_coordinator_passphrase
    from rmtui.core.errors import ValidationError

    current = _ask_current(store) if has_coordinator_passphrase(store) else None
    while True:
        if _is_terminal():
            new = click.prompt("New coordinator passphrase", hide_input=True)
            repeat = click.prompt("The same passphrase again", hide_input=True)
        else:
            new = repeat = _read_line("the new passphrase")
        try:
            set_coordinator_passphrase(store, new, repeat, current=current)
        except ValidationError as invalid:
            problems = "; ".join(f"{error.field.replace('_', ' ')} {error.message}" for error in invalid.errors)
            if not _is_terminal():
                raise click.ClickException(f"Not set: the {problems}.") from None
            click.echo(f"Not set: the {problems}. Try again.", err=True)
        else:
            return


@click.command(name="coordinator-passphrase")
@click.option("--remove", is_flag=True, help="Stop asking for it (needs the current one).")
@click.pass_obj
def coordinator_passphrase(settings: Settings, remove: bool) -> None:
    """Set, change or remove the coordinator passphrase: rmtui asks for it on start and to end pair mode.

    On a terminal it is typed twice. From a script, standard input gives it on one line
    (after a line with the current one, when changing or removing it).
    """
    from rmtui.core.access import clear_coordinator_passphrase, has_coordinator_passphrase
    from rmtui.core.store import CohortStore

    with CohortStore.open(settings.db_path) as store:
        if not remove:
            set_passphrase_interactively(store)
            click.echo(f"The coordinator passphrase of {settings.db_path} is set; rmtui and pair mode ask for it.")
            return
        if not has_coordinator_passphrase(store):
            click.echo(f"{settings.db_path} has no coordinator passphrase; nothing to remove.")
            return
        clear_coordinator_passphrase(store, current=_ask_current(store))
        click.echo(f"Removed the coordinator passphrase of {settings.db_path}. Pair mode will not start without one.")


@click.command()
@click.option("--idle-minutes", type=click.FloatRange(min=0.5, max=120), default=5, show_default=True,
              help="Lock an open sheet after this long without a key press.")  # fmt: skip
@click.pass_obj
def kiosk(settings: Settings, idle_minutes: float) -> None:
    """Pair mode for the shared machine: each pair sees only its own goal sheet.

    It needs a coordinator passphrase, asked for here if none is set: only it ends pair mode.
    Start it with `exec rmtui kiosk` so that ending it also ends the terminal session.
    """
    from rmtui.core.access import has_coordinator_passphrase
    from rmtui.core.store import CohortStore

    with CohortStore.open(settings.db_path) as store:
        if not has_coordinator_passphrase(store):
            if not _is_terminal():
                db = f" --db '{settings.db_path}'" if settings.db else ""
                raise click.ClickException(
                    "Pair mode needs a coordinator passphrase: it is the only way out of pair mode. "
                    + SET_IT.format(db=db)
                )
            click.echo("Pair mode needs a coordinator passphrase: only it ends pair mode. Choose one now.", err=True)
            set_passphrase_interactively(store)
        # From before pair mode loads until the coordinator's passphrase ends it, no key stops the process.
        with keys_send_no_signals():
            from rmtui.tui.kiosk.app import KioskApp

            run_pair_mode(store, idle_minutes=idle_minutes, crash_log=KioskApp.crash_log_path(settings.db_path))
        from rmtui.tui.app import RmtuiApp

        # Leaving pair mode asked for the coordinator's passphrase, so don't ask again.
        RmtuiApp(store, unlocked=True).run()


# What ctrl+c, ctrl+\\ and ctrl+z send where the terminal turns them into signals (Windows has only the first).
KEY_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGQUIT", "SIGTSTP") if hasattr(signal, name))


@contextlib.contextmanager
def keys_send_no_signals() -> Iterator[None]:
    """No key stops, suspends or ends the process while pair mode runs, not even between its screens.

    Textual reads keys raw once its first screen is up, but not while it loads and starts (most of a
    second) or starts again after a crash: there, ctrl+c, ctrl+\\ or ctrl+z ended or suspended pair
    mode, which handed the pair the shell (without ``exec``) or logged out. The terminal stops turning those keys
    into signals (its ISIG flag, restored afterwards; Textual restores the settings it found, so it
    keeps this one), and the signals are ignored in case one comes anyway.
    """
    handlers = {number: signal.signal(number, signal.SIG_IGN) for number in KEY_SIGNALS}
    saved = None
    if sys.platform != "win32" and sys.stdin.isatty():
        import termios

        saved = termios.tcgetattr(sys.stdin)
        # The third item is the local modes.
        termios.tcsetattr(sys.stdin, termios.TCSANOW, [*saved[:3], saved[3] & ~termios.ISIG, *saved[4:]])
    try:
        yield
    finally:
        if saved is not None:
            termios.tcsetattr(sys.stdin, termios.TCSANOW, saved)
        for number, handler in handlers.items():
            signal.signal(number, handler)


def run_pair_mode(store: CohortStore, *, idle_minutes: float, crash_log: Path) -> None:
    """Run pair mode until the coordinator's passphrase ends it; after anything else (a crash), start it again."""
    from rmtui.tui.kiosk.app import LEAVE_FOR_COORDINATOR, KioskApp

    crashed = False
    while True:
        pair_mode = KioskApp(store, idle_minutes=idle_minutes, crash_log=crash_log if crashed else None)
        if pair_mode.run() == LEAVE_FOR_COORDINATOR:
            return
        pair_mode.write_crash_report(crash_log, "pair mode stopped and was started again")
        crashed = True


@click.command(name="setup-codes")
@click.pass_obj
def setup_codes(settings: Settings) -> None:
    """Print each active pair's one-time setup code, issuing one where none waits; pairs with a passphrase need none.

    A pair sets its first passphrase in pair mode with its code, which then stops working.
    Goals (F5, then c) shows the same codes.
    """
    from rmtui.core.access import has_passphrase, issue_setup_code, pending_setup_code
    from rmtui.core.matching import pairs_by_id
    from rmtui.core.roster import list_participants
    from rmtui.core.store import CohortStore

    with CohortStore.open(settings.db_path) as store:
        names = {person.email: person.name for person in list_participants(store)}
        waiting = [i for i in pairs_by_id(store, active_only=True) if not has_passphrase(store, i)]
        with store.batch():
            codes = {i: pending_setup_code(store, i) or issue_setup_code(store, i) for i in waiting}
        pairs = pairs_by_id(store)
    if not codes:
        click.echo("Every active pair has set its passphrase; no setup code is needed.")
    for pair_id, code in codes.items():
        pair = pairs[pair_id]
        click.echo(f"{names.get(pair.mentor, pair.mentor)} & {names.get(pair.mentee, pair.mentee)}: {code}")
