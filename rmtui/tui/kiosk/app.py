"""Pair mode (``rmtui kiosk``): a separate app for the shared machine.

It holds only the pair picker, the passphrase prompt and one pair's own goal sheet,
so no binding, palette entry or error path can reach the coordinator's screens or
another pair's content: those screens are not part of this app at all. The app ends
only after the coordinator's passphrase; ``rmtui kiosk`` starts it again after a crash.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType

from rmtui.core.access import has_coordinator_passphrase
from rmtui.core.store import CohortStore
from rmtui.tui.cohort_app import CohortApp
from rmtui.tui.commands import ActionCommands
from rmtui.tui.kiosk.picker import PairPickerScreen

DEFAULT_IDLE_MINUTES = 5.0
LEAVE_FOR_COORDINATOR = "coordinator"


class KioskApp(CohortApp[str | None]):
    """The shared machine: pick your pair, unlock it, see only your own sheet."""

    TITLE = "rmtui · pair mode"
    CSS_PATH: ClassVar = ["../app.tcss", "kiosk.tcss"]
    # The palette lists only the bindings of pair mode's own screens and of this app (ActionCommands), and
    # none of Textual's system commands: "Quit" there would end pair mode without the coordinator's passphrase.
    COMMANDS: ClassVar = {ActionCommands}
    CRASH_LOG_SUFFIX: ClassVar[str] = ".kiosk-errors.log"
    BINDINGS: ClassVar[list[BindingType]] = [
        # A priority binding, so that F1 opens help from the session log and the forms too (a dialog's own
        # bindings would otherwise be the only ones it hears); in help, F1 closes it.
        Binding("f1", "help", "Help", priority=True, tooltip="Pair mode's guide and every key of its screens"),
        Binding("ctrl+l", "lock", "Lock", priority=True, tooltip="Lock the sheet and go back to the pair list"),
        # Off the footer (it is the coordinator's key, in help and the palette), so a pair's keys fit 80 columns.
        Binding(
            "ctrl+q", "leave", "Leave", priority=True, show=False, tooltip="For the coordinator: needs their passphrase"
        ),
    ]

    def __init__(
        self, store: CohortStore, *, idle_minutes: float = DEFAULT_IDLE_MINUTES, crash_log: Path | None = None
    ) -> None:
        super().__init__(store)
        self.idle_seconds = idle_minutes * 60
        self.last_activity = time.monotonic()
        # Set when this run restarts pair mode after a crash: where the coordinator finds what happened.
        self.crash_log = crash_log

    def action_help(self) -> None:
        """Pair mode's help, above whatever is open; in help, close it."""
        from rmtui.tui.kiosk.help import PairHelpScreen

        if isinstance(self.screen, PairHelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(PairHelpScreen(type(self.screen)))

    def get_default_screen(self) -> PairPickerScreen:
        """Pair mode always starts at the pair list."""
        return PairPickerScreen()

    def on_mount(self) -> None:
        """Check for idleness every second; say so when pair mode had to start again."""
        self.set_interval(1.0, self.lock_if_idle)
        if self.crash_log:
            self.notify(
                f"Pair mode hit an error and started again; nothing saved was lost. The coordinator can read "
                f"{self.crash_log}.",
                severity="warning",
                timeout=15,
                markup=False,
            )

    async def on_event(self, event: events.Event) -> None:
        """Any key or mouse use counts as activity."""
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown | events.MouseScrollUp):
            self.last_activity = time.monotonic()
        await super().on_event(event)

    def lock_if_idle(self) -> None:
        """Lock an open sheet after the idle limit, so a pair who walks away is not left open."""
        if time.monotonic() - self.last_activity >= self.idle_seconds and len(self.screen_stack) > 1:
            self.action_lock()
            self.notify("Locked after a period of inactivity.", markup=False)

    def action_lock(self) -> None:
        """Close everything above the pair list and empty both clipboards; the unlocked key goes with the screens."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        # What a pair copied must not be pasted by the next pair: this empties the app's clipboard
        # and, through OSC 52, the terminal's.
        self.copy_to_clipboard("")

    def action_leave(self) -> None:
        """Hand the machine back to the coordinator, after their passphrase."""
        from rmtui.tui.dialogs.passphrase import CoordinatorPassphraseScreen

        self.action_lock()
        if not has_coordinator_passphrase(self.store):
            # rmtui kiosk refuses to start without one, so this is a file changed behind our back.
            self.notify("Pair mode needs a coordinator passphrase to end; none is set.", severity="error", markup=False)
            return
        self.push_screen(CoordinatorPassphraseScreen("Leave pair mode: coordinator passphrase"), self.leave_if_passed)

    def leave_if_passed(self, passed: bool | None) -> None:
        """End pair mode for the coordinator once their passphrase was right."""
        if passed:
            self.exit(LEAVE_FOR_COORDINATOR)


def make_kiosk_app(db_path: Path, *, idle_minutes: float = DEFAULT_IDLE_MINUTES) -> KioskApp:
    """Open the cohort and build pair mode on it (raises RmtuiError if it can't)."""
    return KioskApp(CohortStore.open(db_path), idle_minutes=idle_minutes)
