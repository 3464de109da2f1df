"""Keys typed ahead reach their place: every key is posted at once, as a terminal delivers a fast typist's burst.

``pilot.press`` waits for the app to go idle after each key; nobody types like that. Here a key that
opens a form or a section is followed at once by the next ones (``type_ahead``), on a 300-person cohort
where building a screen takes longest.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widgets import DataTable, Input

from rmtui.tui.app import RmtuiApp
from rmtui.tui.cohort_app import CohortApp, cohort_app
from rmtui.tui.dialogs.confirm import ConfirmScreen
from rmtui.tui.dialogs.help import HelpScreen
from rmtui.tui.forms.participant import ParticipantForm
from rmtui.tui.sections.matching import MatchingScreen
from rmtui.tui.sections.roster import RosterScreen

SIZE = (80, 24)


@pytest.fixture
def big_app(tmp_path: Path, monkey_cohorts: dict[str, Any], build_app: Callable[..., RmtuiApp]) -> RmtuiApp:
    """The app on the 300-person cohort, opened on the dashboard."""
    path = tmp_path / "cohort.json"
    path.write_bytes(monkey_cohorts["300 people"].raw)
    return build_app(path, section=None)


async def test_add_then_typing_keeps_the_first_character(
    big_app: RmtuiApp, type_ahead: Callable[..., Awaitable[None]]
) -> None:
    async with big_app.run_test(size=SIZE) as pilot:
        await type_ahead(pilot, "f3", "a", *"Sam")
        assert isinstance(big_app.screen, ParticipantForm)
        assert big_app.screen.query_one("#name", Input).value == "Sam"


async def test_edit_then_typing_keeps_the_first_key(
    big_app: RmtuiApp, type_ahead: Callable[..., Awaitable[None]]
) -> None:
    async with big_app.run_test(size=SIZE) as pilot:
        await type_ahead(pilot, "f3", "e", *"Sam")
        assert isinstance(big_app.screen, ParticipantForm)
        # The name box opens with the name selected, so typing replaces it, first key and all.
        assert big_app.screen.query_one("#name", Input).value == "Sam"


async def test_enter_on_a_roster_row_edits_it(big_app: RmtuiApp, type_ahead: Callable[..., Awaitable[None]]) -> None:
    async with big_app.run_test(size=SIZE) as pilot:
        await type_ahead(pilot, "f3", "down", "enter")
        form = big_app.screen
        assert isinstance(form, ParticipantForm) and form.participant is not None
        roster = big_app.screen_stack[0]
        assert isinstance(roster, RosterScreen)
        assert form.participant.email == roster.selected_email()


async def test_a_quick_sort_sorts_and_a_quick_delete_asks(
    big_app: RmtuiApp, type_ahead: Callable[..., Awaitable[None]]
) -> None:
    async with big_app.run_test(size=SIZE) as pilot:
        await type_ahead(pilot, "f3", "s")
        roster = big_app.screen
        assert isinstance(roster, RosterScreen) and roster.sort_key == "role"
        await type_ahead(pilot, "f2", "f3", "d")
        assert isinstance(big_app.screen, ConfirmScreen)


async def test_log_on_the_dashboard_at_once_opens_the_form(
    big_app: RmtuiApp, type_ahead: Callable[..., Awaitable[None]]
) -> None:
    from rmtui.tui.forms.coordinator_session import CoordinatorSessionForm

    async with big_app.run_test(size=SIZE) as pilot:
        await type_ahead(pilot, "l")  # as the app opens, before the dashboard has read the cohort
        assert isinstance(big_app.screen, CoordinatorSessionForm)
        await type_ahead(pilot, "escape", "f3", "f2", "l")
        assert isinstance(big_app.screen, CoordinatorSessionForm)
        table = big_app.screen_stack[0].query_one("#dashboard-pairs", DataTable)
        assert table.row_count


@pytest.mark.parametrize(("key", "form_name"), [("n", "SessionForm"), ("c", "CheckInForm")])
async def test_sessions_then_a_form_in_pair_mode_opens_it_before_the_log_has_loaded(
    kiosk: Any,
    unlock: Callable[..., Awaitable[Any]],
    type_ahead: Callable[..., Awaitable[None]],
    monkeypatch: pytest.MonkeyPatch,
    key: str,
    form_name: str,
) -> None:
    """F8 then n (or c) at once: the key reaches the log before it has read the pair's sessions, and still opens the form."""
    from rmtui.tui.kiosk import session_log

    read_sessions = session_log.pair_sessions

    def slow_read(*args: Any) -> Any:
        time.sleep(0.5)  # a busy machine: the log is drawn, and the key reaches it, well before this returns
        return read_sessions(*args)

    monkeypatch.setattr(session_log, "pair_sessions", slow_read)
    async with kiosk.run_test(size=SIZE) as pilot:
        await unlock(pilot, 1)
        await type_ahead(pilot, "f8", key)
        assert type(kiosk.screen).__name__ == form_name


async def test_keys_held_for_a_screen_never_drawn_go_on_after_a_short_limit(
    demo_app: RmtuiApp, type_ahead: Callable[..., Awaitable[None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys wait for a new screen to be drawn; if word of the drawing never comes, they go on after HOLD_LIMIT."""
    # The release of the hold never comes: no screen is ever reported drawn.
    monkeypatch.setattr(CohortApp, "screen_settled", lambda app, screen: None)
    async with demo_app.run_test(size=SIZE) as pilot:
        await type_ahead(pilot, "f4")
        assert isinstance(demo_app.screen, MatchingScreen), "the held F4 was never handed on"
        await type_ahead(pilot, "f1")
        assert isinstance(demo_app.screen, HelpScreen), "the app no longer answers keys"


class CoveredBeforeDrawn(Screen[None]):
    """A screen covered by another before it is first drawn, as by a dialog that work in the background opens.

    It is covered as soon as the call that hands on a key held for it waits for that drawing.
    """

    def _invoke_later(self, callback: Callable[[], Any], sender: MessagePump) -> None:
        super()._invoke_later(callback, sender)
        if self.is_current and getattr(callback, "func", None) == cohort_app(self).hand_on_typed_ahead:
            self.app.push_screen(Screen())


async def test_a_key_held_for_a_screen_covered_before_it_was_drawn_reaches_the_screen_over_it(
    demo_app: RmtuiApp, type_ahead: Callable[..., Awaitable[None]]
) -> None:
    """Textual keeps the calls queued for a screen's drawing until it is shown again; the held key goes on now."""
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        demo_app.push_screen(CoveredBeforeDrawn())
        await type_ahead(pilot, "f1")
        assert isinstance(demo_app.screen, HelpScreen), "the held F1 waits for a key that may never come"
