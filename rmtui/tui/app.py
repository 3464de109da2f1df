"""The rmtui application shell: header, sections, help, command palette and footer."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import WorkerCancelled, WorkerFailed

from rmtui.core.access import has_coordinator_passphrase
from rmtui.core.errors import RmtuiError
from rmtui.core.store import Clock, CohortStore
from rmtui.sections import SECTIONS
from rmtui.tui.cohort_app import CohortApp
from rmtui.tui.commands import ActionCommands
from rmtui.tui.forms.styles import parse_form_styles
from rmtui.tui.sections.roster import RosterScreen


def _matching_screen() -> Screen[None]:
    from rmtui.tui.sections.matching import MatchingScreen

    return MatchingScreen()


def _dashboard_screen() -> Screen[None]:
    from rmtui.tui.sections.dashboard import DashboardScreen

    return DashboardScreen()


def _goals_screen() -> Screen[None]:
    from rmtui.tui.sections.goals import GoalsScreen

    return GoalsScreen()


def _report_screen() -> Screen[None]:
    from rmtui.tui.sections.report import ReportScreen

    return ReportScreen()


def _settings_screen() -> Screen[None]:
    from rmtui.tui.sections.settings import SettingsScreen

    return SettingsScreen()


# The mode the app starts in while it waits for the coordinator's passphrase.
LOCKED = "locked"
# How long after the first screen the other sections' modules start loading in the background.
WARM_UP_DELAY = 0.2


# Each section's screen, by mode name. Sections other than the first are imported when first
# opened, so start-up pays only for the roster.
SECTION_SCREENS: dict[str, Callable[[], Screen[None]]] = {
    "dashboard": _dashboard_screen,
    "roster": RosterScreen,
    "matching": _matching_screen,
    "goals": _goals_screen,
    "report": _report_screen,
    "settings": _settings_screen,
}


class RmtuiApp(CohortApp[None]):
    """The coordinator's view of one cohort."""

    TITLE = "rmtui"
    # Every stylesheet loads once at start-up: a screen's own CSS_PATH would make Textual
    # re-parse all CSS when the screen first opens (about 20 ms each time, measured).
    CSS_PATH: ClassVar = [
        "app.tcss",
        "sections/roster.tcss",
        "sections/matching.tcss",
        "sections/goals.tcss",
        "sections/dashboard.tcss",
        "sections/report.tcss",
    ]
    COMMANDS: ClassVar = {ActionCommands}
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = dict(SECTION_SCREENS)
    DEFAULT_MODE = "dashboard"
    BINDINGS: ClassVar[list[BindingType]] = [
        # The sections' F-keys, in the order of use (rmtui.sections).
        *(
            Binding(key.lower(), f"switch_mode('{mode}')", label, show=False, tooltip=what)
            for mode, label, key, what in SECTIONS
        ),
        # F1 is a priority binding so that it opens help from a dialog or form too; ? types itself in a box.
        Binding("f1", "help", "Help", priority=True, key_display="F1", tooltip="Keys and workflow (also ?)"),
        Binding("question_mark", "help", "Help", show=False, tooltip="Keys and workflow"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        # q as in most terminal programs: back out of a dialog or form (as Esc does), or quit from a section.
        # A priority binding, so that dialogs hear it too; check_action lets it through to a box being typed in.
        Binding(
            "q",
            "back_or_quit",
            "Back / quit",
            priority=True,
            show=False,
            tooltip="Close the dialog or form you are in (as Esc does); on a section, quit",
        ),
        Binding("ctrl+p", "command_palette", "Commands", show=False, tooltip="Search every action (or click ⭘)"),
    ]

    def __init__(self, store: CohortStore, *, unlocked: bool = False, section: str | None = None) -> None:
        # With a coordinator passphrase set, nothing of the cohort is built until it is given:
        # the app starts in a mode of its own whose only screen is blank.
        self.locked = not unlocked and has_coordinator_passphrase(store)
        # The section to open on; the dashboard unless the coordinator asked for another.
        self.opening = section or self.DEFAULT_MODE
        # Textual declares DEFAULT_MODE and MODES as ClassVar, but App.__init__ reads both from the
        # instance: setting them here, before it runs, is how one app opens on a section of its choice.
        self.DEFAULT_MODE = LOCKED if self.locked else self.opening  # type: ignore[misc]
        # The opening section starts as Textual's default screen, not from MODES: Textual mounts
        # a MODES screen inside its start-up batch, re-parses all CSS for it and draws a first
        # frame that it then throws away (about 50 ms of start-up, measured). on_mount adds the
        # section back as a mode, so switching to it later finds this same screen.
        self.MODES = {mode: screen for mode, screen in type(self).MODES.items() if mode != self.DEFAULT_MODE}  # type: ignore[misc]
        # The CSS variables the stylesheets were last parsed with (see refresh_css); set on mount.
        self.styled_with: dict[str, str] | None = None
        super().__init__(store)

    def refresh_css(self, animate: bool = True) -> None:
        """Re-parse the stylesheets and restyle every screen, but only when the CSS variables changed (a theme).

        Textual also calls this when a section's screen first opens, to style it with CSS it may not have
        seen. All of rmtui's CSS loads at start-up (CSS_PATH) and a new screen's widgets are styled as they
        mount, so there the re-parse (about 40 ms on two busy cores) is skipped. That took about a third off
        a section's first opening: the roster on 300 people, median of 5 in-process under load, 2.2 s to 1.45 s.
        """
        variables = self.get_css_variables()
        if variables == self.styled_with:
            return
        self.styled_with = variables
        super().refresh_css(animate)

    def delay_update(self, delay: float = 0.05) -> None:
        """Draw a section as soon as it is built: no held-back frames when switching.

        Textual's ``switch_mode`` holds every update back for 50 ms "to mask the transition". A
        section that takes longer than that to build had its first frame drawn inside the hold and
        thrown away, so it reached the screen only at the next redraw: on 300 people, the roster's
        first frame was computed after 245 ms and first shown after 610 ms, once the rest of its rows
        were added. The new screen is composed before its first frame, so nothing half-built shows.
        """

    def get_default_screen(self) -> Screen[None]:
        """The section the app opens on (see ``__init__``); a blank screen while the passphrase is asked."""
        if self.locked:
            from rmtui.tui.dialogs.passphrase import LockedScreen

            return LockedScreen()
        return SECTION_SCREENS[self.opening]()

    def on_mount(self) -> None:
        """Open the cohort; with a coordinator passphrase set, only after it is given."""
        # Textual parsed every stylesheet just before mounting, with the variables of now.
        self.styled_with = self.get_css_variables()
        if self.locked:
            from rmtui.tui.dialogs.passphrase import CoordinatorPassphraseScreen

            self.push_screen(CoordinatorPassphraseScreen("rmtui: coordinator passphrase"), self.gate_answered)
            return
        self.add_mode(self.opening, SECTION_SCREENS[self.opening])
        self.show_cohort_name()
        self.set_timer(WARM_UP_DELAY, self.warm_up_after_loading)

    def gate_answered(self, passed: bool | None) -> None:
        """Open the cohort after the right passphrase; going back from the prompt quits."""
        if not passed:
            self.exit()
            return
        self.locked = False
        self.switch_mode(self.opening)
        self.show_cohort_name()
        self.set_timer(WARM_UP_DELAY, self.warm_up_after_loading)

    async def warm_up_after_loading(self) -> None:
        """Start the warm-up WARM_UP_DELAY after the first screen's own workers are done, not beside them.

        The dashboard computes its data in a worker, then draws it; the warm-up's imports running alongside
        took about 100 ms of CPU from those on 2,000 people (median of 5 launches, CPU time to the data).
        """
        with contextlib.suppress(WorkerCancelled, WorkerFailed):  # a load cancelled or failed: warm up anyway
            await self.workers.wait_for_complete()
        self.set_timer(WARM_UP_DELAY, self.warm_up)
        self.set_timer(WARM_UP_DELAY, partial(parse_form_styles, self))

    @work(thread=True, exclusive=True, group="warm-up")
    def warm_up(self) -> None:
        """Import every section, dialog and the matching solver off the UI thread, once the first screen shows.

        Start-up pays only for the first screen; without this, each section paid for its imports on its
        first opening: NumPy and lap for Matching's first proposal (about 90 ms idle, 180 ms under load),
        the report's and the dashboard's modules, and help, which lists every screen's keys.
        """
        import lap  # noqa: F401
        import numpy  # noqa: F401

        from rmtui.tui.dialogs.help import screens_with_keys

        screens_with_keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While locked, only quitting works: no section switch or palette can get past the prompt.

        q is a letter like any other in a box that takes typing.
        """
        if action == "back_or_quit" and self.focused is not None and self.focused.check_consume_key("q", "q"):
            return False
        return not self.locked or action == "quit"

    def action_back_or_quit(self) -> None:
        """In a dialog or form, do what Esc does there (a changed form asks first); on a section, quit."""
        if len(self.screen_stack) > 1:
            self.simulate_key("escape")
        else:
            self.exit()

    def show_cohort_name(self) -> None:
        """Refresh the header after the settings change."""
        self.sub_title = self.store.settings().name

    def action_help(self) -> None:
        """Open help on the keys of the screen it is opened from; in help, close it."""
        # Imported here: start-up doesn't need help.
        from rmtui.tui.dialogs.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(type(self.screen)))


def make_app(db_path: Path, *, clock: Clock = date.today, section: str | None = None) -> RmtuiApp:
    """Open the cohort at ``db_path`` and build the app on it (raises RmtuiError if it can't)."""
    return RmtuiApp(CohortStore.open(db_path, today=clock), section=section)


def open_app(db_path: Path, section: str | None = None) -> None:
    """Run the TUI on ``db_path`` until the coordinator quits; raise RmtuiError, naming the log, if it crashed."""
    app = make_app(db_path, section=section)
    # The cohort just read (a million objects at 2,000 people) lives as long as the app: the garbage
    # collector need not walk it again each time a screen builds thousands of records (8% of the dashboard's data).
    gc.freeze()
    try:
        app.run()
    finally:
        app.store.close()
    if app.return_code:
        log = app.crash_log_path(db_path)
        app.write_crash_report(log, "rmtui stopped on an unexpected error")
        raise RmtuiError(
            f"rmtui stopped on an unexpected error. Every change made before it was saved. "
            f"The details for a bug report are in {log}."
        )
