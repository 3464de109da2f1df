"""The typed way for a screen or widget to reach the app it runs in and that app's cohort store.

Textual types ``self.app`` as a plain ``App``, which has no ``store``, so every screen that reads
or saves the cohort would reach it untyped. Both apps, the coordinator's ``RmtuiApp`` and pair
mode's ``KioskApp``, derive from ``CohortApp``; a dialog or form that either can open writes
``cohort_app(self).store`` and gets a ``CohortStore`` (posting's ``cast("Posting", self.app)``,
but checked). This module sits beside both apps so pair mode need not import the coordinator's.
"""

from __future__ import annotations

import traceback
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, TypeVar
from weakref import WeakSet

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen

from rmtui.core.store import CohortStore
from rmtui.tui.collector import pause_collector_until_drawn

ReturnType = TypeVar("ReturnType")
# How long a key may take to come back before the next held key goes on anyway (see hand_on).
KEY_TIMEOUT = 0.3
# How long held keys wait for a new screen to be built and drawn before they go on to it anyway (see
# screen_ready): far longer than any screen takes, so it only ends a hold whose release never came.
HOLD_LIMIT = 2.0


class CohortApp(App[ReturnType]):
    """An app over one open cohort file: the coordinator's app or pair mode.

    An exception that reaches Textual ends the app with return code 1 and leaves the bare traceback in
    ``crash_report``, for ``write_crash_report`` to append to the log beside the cohort file. Every change
    was saved atomically before it, so nothing saved is lost.
    """

    # The log of errors sits beside the cohort file: cohort.json.errors.log.
    CRASH_LOG_SUFFIX: ClassVar[str] = ".errors.log"

    def __init__(self, store: CohortStore) -> None:
        super().__init__()
        self.store = store
        self.crash_report = ""
        # Keys typed while an earlier key is still on its way, or while its screen is being built (``on_event``).
        self.typed_ahead: list[events.Key] = []
        self.key_in_flight = False
        self.keys_handed_on = 0
        self.settled_screen: Screen[Any] | None = None
        # The screen keys are waiting for; each gets one HOLD_LIMIT timer.
        self.awaited_screen: Screen[Any] | None = None
        # Screens shown once already (see update_styles).
        self.styled_screens: WeakSet[Screen[Any]] = WeakSet()

    def on_mount(self) -> None:
        # At once, as the screen changes: the collector's pause must begin before the new screen is built.
        self.screen_change_signal.subscribe(self, self.screen_changed, immediate=True)

    def screen_changed(self, screen: Screen[Any]) -> None:
        """No full garbage collection while the new screen is built and drawn; held keys go on to it once drawn.

        The call that hands held keys on waits for the drawing of the screen that was on top when it was
        queued, and Textual keeps it until that screen is drawn: if another screen covers it first (a dialog
        that work in the background opens), the keys would wait until the covering screen closes.
        """
        pause_collector_until_drawn(screen)
        if self.typed_ahead:
            self.call_after_refresh(self.hand_on_typed_ahead)

    async def on_event(self, event: events.Event) -> None:
        """Hand keys on one at a time, each once the one before has done its work and its screen is built.

        Textual hands each key to whatever is focused when the key is read, before the key before it
        has been handled. Typed fast, "a" then "Sam" would send "S" to the roster's table while "a" is
        still on its way to the binding that opens the form, and a section's F-key would let the next
        key reach the section being left. Held here, "S" reaches the name box the form focuses.
        """
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)
        elif self.key_in_flight or self.typed_ahead or not self.screen_ready():
            self.typed_ahead.append(event)
            if not self.key_in_flight:
                self.call_after_refresh(self.hand_on_typed_ahead)
        else:
            await self.hand_on(event)

    async def hand_on(self, key: events.Key) -> None:
        """Send ``key`` on its way, then follow it up the widgets it passes through, back to the app."""
        self.key_in_flight = True
        self.keys_handed_on += 1
        number = self.keys_handed_on
        target = self.focused or self.screen
        await super().on_event(key)
        if not key.is_forwarded:
            # A priority binding took it (F1, ctrl+s): its action has run, and the key is done.
            self.key_done(number)
            return
        self.follow_key(number, list(target.ancestors_with_self))
        # A widget closed with the key in its queue (a form being dismissed) never runs the call
        # queued behind it: after a moment, the key counts as done anyway.
        self.set_timer(KEY_TIMEOUT, partial(self.key_done, number))

    def follow_key(self, number: int, nodes: list[DOMNode]) -> None:
        """Queue a call behind the key in each node's queue in turn; when the last has run, the key is done."""
        while nodes:
            node = nodes.pop(0)
            # A closed node (a screen just dismissed) takes no call: go on to its parent.
            if node.is_running and node.call_later(self.follow_key, number, nodes):
                return
        self.key_done(number)

    def key_done(self, number: int) -> None:
        """Key ``number`` has done its work: hand on the next held key."""
        if self.key_in_flight and number == self.keys_handed_on:
            self.key_in_flight = False
            self.call_later(self.hand_on_typed_ahead)

    async def hand_on_typed_ahead(self) -> None:
        """Hand on the next held key, once nothing is on its way and the screen it reaches is built."""
        if self.key_in_flight or not self.typed_ahead:
            return
        if not self.screen_ready():
            self.call_after_refresh(self.hand_on_typed_ahead)
            return
        await self.hand_on(self.typed_ahead.pop(0))

    def screen_ready(self) -> bool:
        """True once the screen on top is built and has been drawn since, so its focus has settled.

        A pushed screen focuses its first box on mount and again as it is shown; each focus selects
        the box's text, so a key that came between the two would be typed over. Keys wait at most
        HOLD_LIMIT for a screen (``hold_expired``).
        """
        screen = self.screen
        if screen is self.settled_screen:
            return True
        if screen is not self.awaited_screen:
            self.awaited_screen = screen
            self.set_timer(HOLD_LIMIT, partial(self.hold_expired, screen))
        if screen.is_mounted:
            self.call_after_refresh(self.screen_settled, screen)
        return False

    def screen_settled(self, screen: Screen[Any]) -> None:
        """``screen`` has been drawn since it was built: keys may reach it."""
        if screen is self.screen:
            self.settled_screen = screen

    def hold_expired(self, screen: Screen[Any]) -> None:
        """Keys have waited HOLD_LIMIT for ``screen``: if it is still on top and not known to be drawn, they go on.

        A screen that never finishes building, or a refresh Textual never reports, would otherwise hold
        every key from then on, and the app would answer none.
        """
        # Not once the app is closing: it has no screen then.
        if self.is_running and screen is self.screen and screen is not self.settled_screen:
            self.settled_screen = screen
            self.call_later(self.hand_on_typed_ahead)

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        """Restyle ``node`` and what it holds, unless each of its widgets was styled as it mounted, just before.

        Restyling is most of what opening a screen costs, and Textual did it twice for every widget:

        - a widget is restyled as soon as a class is set, even in its constructor (every compact Input),
          and again when it mounts: an eighth of the participant form's restyling;
        - a screen shown for the first time is restyled whole (``ScreenResume``), although every widget
          on it was styled as it mounted, after the screen was made: about 40 % of a form's or a section's.

        Any later change (a class, focus, a screen shown again) restyles as Textual always does.
        """
        if not node.is_attached:
            return
        if isinstance(node, Screen) and node.stack_updates == 1 and node not in self.styled_screens:
            self.styled_screens.add(node)
            return
        super().update_styles(node, animate)

    def _fatal_error(self) -> None:
        # Textual's crash report prints every frame's local variables to the terminal, where anyone
        # could read them (a passphrase, a sheet's text) and where the terminal's scrollback keeps them.
        # Keep only the bare traceback, for the log, and exit with an error.
        self.crash_report = traceback.format_exc(limit=-8)
        self.exit(return_code=1)

    @classmethod
    def crash_log_path(cls, db_path: Path) -> Path:
        """Where this app writes what it knows of a crash, for the coordinator: beside the cohort file."""
        return db_path.with_name(db_path.name + cls.CRASH_LOG_SUFFIX)

    def write_crash_report(self, log: Path, what: str) -> None:
        """Append the time, ``what`` happened and the bare traceback to ``log``."""
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{datetime.now():%Y-%m-%d %H:%M:%S} {what}\n")
            out.write(self.crash_report or "(no error was reported)\n")


def cohort_app(node: DOMNode) -> CohortApp[Any]:
    """The app ``node`` runs in, typed: its ``store`` is the open cohort."""
    app = node.app
    if not isinstance(app, CohortApp):
        raise TypeError(f"{type(node).__name__} runs only inside an rmtui app, not in {type(app).__name__}")
    return app
